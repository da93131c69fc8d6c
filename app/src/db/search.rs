//! The one way lists search: case-insensitive "contains" over some columns, the
//! same on SQLite and Postgres (whose `LIKE` is case-sensitive), with the user's
//! `%` and `_` taken literally.

use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, SimpleExpr};

use crate::ui::list_query::ListQuery;

/// `LOWER(column) LIKE '%text%'` for any of `columns`.
pub fn contains_any(columns: impl IntoIterator<Item = SimpleExpr>, text: &str) -> SimpleExpr {
    let pattern = ListQuery::like_pattern(text);
    columns.into_iter().fold(Expr::value(false), |any, column| {
        any.or(SimpleExpr::from(Func::lower(column)).like(LikeExpr::new(pattern.clone()).escape('\\')))
    })
}
