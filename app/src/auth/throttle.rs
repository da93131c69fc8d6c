//! Throttling failed sign-ins.
//!
//! Rule: after `threshold` failures in a row on a key, each further attempt is
//! refused for 30 s · 2^(failures − threshold), at most 15 minutes; an hour
//! without failures forgives them. Three keys count each attempt:
//!
//! - the account *from this client address* (5): a stranger who knows an e-mail
//!   slows down only their own attempts, never the owner's at another address;
//! - the account from everywhere (50, the ceiling): a botnet spreading guesses
//!   over many addresses still hits a wall;
//! - the client address (20): one address guessing many accounts.
//!
//! A successful sign-in clears the account-and-address count; the others decay.
//! Each failure is counted by one upsert, so concurrent failures never lose a count.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::db::entity::login_throttle;
use crate::db::scope::WriteTx;

/// Failures on one account from one address before that pair is slowed down.
pub const ACCOUNT_THRESHOLD: i32 = 5;
/// Failures on one account from all addresses together before it is slowed down.
pub const ACCOUNT_CEILING: i32 = 50;
/// Failures from one address (many users behind one NAT) before it is slowed down.
pub const ADDRESS_THRESHOLD: i32 = 20;
const FIRST_DELAY: Duration = Duration::from_secs(30);
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// A key this long without failures starts again from zero. Longer than the longest
/// block, so waiting out a block does not buy a fresh series of quick attempts.
pub const FORGIVE_AFTER: Duration = Duration::from_secs(60 * 60);
/// Failures at one facility's kiosks (any badge, any tablet) before they are slowed.
pub const FACILITY_THRESHOLD: i32 = 50;

/// How long to refuse attempts after `failures` failures, if at all.
pub fn delay_after(failures: i32, threshold: i32) -> Option<Duration> {
    let over = failures.checked_sub(threshold)?;
    if over < 0 {
        return None;
    }
    let factor = 1u32.checked_shl(over.min(16) as u32).unwrap_or(u32::MAX);
    Some(FIRST_DELAY.saturating_mul(factor).min(MAX_DELAY))
}

/// A throttled key: what it counts and its threshold.
#[derive(Clone, Debug)]
pub struct ThrottleKey {
    pub key: String,
    pub threshold: i32,
}

impl ThrottleKey {
    /// The keys that count a sign-in attempt on `account` from `address`; the first
    /// is the one a success clears.
    pub fn for_attempt(account: &str, address: &str) -> [ThrottleKey; 3] {
        [
            ThrottleKey { key: format!("pair:{account}|{address}"), threshold: ACCOUNT_THRESHOLD },
            ThrottleKey { key: format!("account:{account}"), threshold: ACCOUNT_CEILING },
            ThrottleKey { key: format!("ip:{address}"), threshold: ADDRESS_THRESHOLD },
        ]
    }

    /// All kiosk sign-ins at one facility: many tablets guessing many badges.
    pub fn facility(facility_id: i64) -> ThrottleKey {
        ThrottleKey { key: format!("facility:{facility_id}"), threshold: FACILITY_THRESHOLD }
    }
}

/// The longest remaining block among `keys`, if any is blocked at `now`.
pub async fn blocked_for(
    db: &impl ConnectionTrait,
    keys: &[ThrottleKey],
    now: DateTime<Utc>,
) -> Result<Option<Duration>, DbErr> {
    let mut longest = None;
    for key in keys {
        if let Some(row) = login_throttle::Entity::find_by_id(key.key.clone()).one(db).await? {
            if let Some(until) = row.blocked_until.filter(|until| *until > now) {
                let left = (until - now).to_std().unwrap_or_default();
                longest = longest.max(Some(left));
            }
        }
    }
    Ok(longest)
}

/// Counts one failure on each key and blocks those past their threshold. The
/// count is one upsert (`failures + 1`, or 1 after a quiet hour), so
/// two failures at the same moment count two.
pub async fn record_failure(db: &WriteTx, keys: &[ThrottleKey], now: DateTime<Utc>) -> Result<(), DbErr> {
    use login_throttle::Column;
    use sea_orm::sea_query::ExprTrait;
    let forgiven_before = now - chrono::Duration::from_std(FORGIVE_AFTER).unwrap_or_default();
    for key in keys {
        let counted = Expr::case(Expr::col((login_throttle::Entity, Column::UpdatedAt)).lt(forgiven_before), 1)
            .finally(Expr::col((login_throttle::Entity, Column::Failures)).add(1));
        let upsert = Query::insert()
            .into_table(login_throttle::Entity)
            .columns([Column::Key, Column::Failures, Column::BlockedUntil, Column::UpdatedAt])
            .values_panic([key.key.clone().into(), 1.into(), Option::<DateTime<Utc>>::None.into(), now.into()])
            .on_conflict(
                OnConflict::column(Column::Key)
                    .values([(Column::Failures, counted.into()), (Column::UpdatedAt, now.into())])
                    .to_owned(),
            )
            .returning_col(Column::Failures)
            .to_owned();
        let row =
            db.query_one(&upsert).await?.ok_or_else(|| DbErr::Custom("the throttle upsert returned no row".into()))?;
        let failures: i32 = row.try_get("", "failures")?;
        if let Some(delay) = delay_after(failures, key.threshold).and_then(|d| chrono::Duration::from_std(d).ok()) {
            login_throttle::Entity::update_many()
                .col_expr(Column::BlockedUntil, Expr::value(now + delay))
                .filter(Column::Key.eq(key.key.clone()))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Forgets the failures of `key` (after a successful sign-in).
pub async fn clear(db: &WriteTx, key: &ThrottleKey) -> Result<(), DbErr> {
    login_throttle::Entity::delete_by_id(key.key.clone()).exec(db).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_doubles_from_the_threshold_up_to_fifteen_minutes() {
        assert_eq!(delay_after(4, 5), None);
        assert_eq!(delay_after(5, 5), Some(Duration::from_secs(30)));
        assert_eq!(delay_after(6, 5), Some(Duration::from_secs(60)));
        assert_eq!(delay_after(8, 5), Some(Duration::from_secs(240)));
        assert_eq!(delay_after(10, 5), Some(MAX_DELAY));
        assert_eq!(delay_after(i32::MAX, 5), Some(MAX_DELAY));
    }
}
