//! Storage of master data, for every kind at once, driven by its [`CatalogSpec`].
//! Every statement filters by the caller's tenant (and, on Postgres, row-level
//! security filters again).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, SqlErr, Value as DbValue};

use super::model::{CatalogRow, DeleteOutcome, RefOption};
use super::spec::{CatalogKind, CatalogSpec, FieldKind, FieldSpec, Stamp};
use super::validate::Value;
use crate::db::scope::TenantId;
use crate::db::search::contains_any;
use crate::forms::FieldError;
use crate::i18n::Catalogue;
use crate::ui::list_query::{ListQuery, Page, PER_PAGE};

fn col(name: &str) -> Alias {
    Alias::new(name)
}

fn tenant_is(tenant: TenantId) -> SimpleExpr {
    Expr::col(col("tenant_id")).eq(tenant.0)
}

/// Reads a column as the value its field holds.
fn read(row: &QueryResult, field: &FieldSpec) -> Result<Value, DbErr> {
    Ok(match field.kind {
        FieldKind::Integer { .. } | FieldKind::Reference(_) => {
            row.try_get::<Option<i64>>("", field.name)?.map_or(Value::Null, Value::Int)
        }
        FieldKind::Decimal { .. } => row.try_get::<Option<f64>>("", field.name)?.map_or(Value::Null, Value::Real),
        FieldKind::Text { .. } | FieldKind::Code { .. } | FieldKind::Email | FieldKind::Choice(_) => {
            row.try_get::<Option<String>>("", field.name)?.map_or(Value::Null, Value::Text)
        }
        FieldKind::Flag { .. } => Value::Flag(row.try_get::<bool>("", field.name)?),
    })
}

/// The database value of `value` for `field` (a typed NULL when empty).
fn to_db(field: &FieldSpec, value: &Value) -> DbValue {
    match (value, field.kind) {
        (Value::Text(text), _) => text.clone().into(),
        (Value::Int(n), _) => (*n).into(),
        (Value::Real(x), _) => (*x).into(),
        (Value::Flag(flag), _) => (*flag).into(),
        (Value::Null, FieldKind::Integer { .. } | FieldKind::Reference(_)) => Option::<i64>::None.into(),
        (Value::Null, FieldKind::Decimal { .. }) => Option::<f64>::None.into(),
        (Value::Null, _) => Option::<String>::None.into(),
    }
}

/// `code — name` labels of a kind's rows, for reference pickers and list cells.
pub async fn options(db: &impl ConnectionTrait, tenant: TenantId, kind: CatalogKind) -> Result<Vec<RefOption>, DbErr> {
    let spec = kind.spec();
    let label_column = if spec.field("name").is_some() { "name" } else { "zone" };
    let select = Query::select()
        .columns([col("id"), col("code"), col(label_column)])
        .from(col(spec.table))
        .and_where(tenant_is(tenant))
        .order_by(col("code"), Order::Asc)
        .to_owned();
    let rows = db.query_all(&select).await?;
    rows.iter()
        .map(|row| {
            let code: String = row.try_get("", "code")?;
            let label: String = row.try_get("", label_column)?;
            Ok(RefOption { id: row.try_get("", "id")?, label: format!("{code} — {label}"), code })
        })
        .collect()
}

/// One page of rows, with the listed fields as display text.
pub async fn list(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    spec: &CatalogSpec,
    query: &ListQuery,
) -> Result<Page<CatalogRow>, DbErr> {
    let listed: Vec<&FieldSpec> = spec.fields.iter().filter(|f| f.listed).collect();
    let mut filter = Query::select().from(col(spec.table)).and_where(tenant_is(tenant)).to_owned();
    if let Some(text) = query.search_text() {
        filter.and_where(contains_any(spec.searchable().map(|field| Expr::col(col(field.name))), &text));
    }
    let mut count = filter.clone();
    count.expr_as(Expr::col(col("id")).count(), col("total"));
    let total = db.query_one(&count).await?.map(|r| r.try_get::<i64>("", "total")).transpose()?.unwrap_or(0);

    let sort = listed.iter().find(|f| f.name == query.sort).map_or("code", |f| f.name);
    let mut select = filter;
    select
        .column(col("id"))
        .columns(listed.iter().map(|f| col(f.name)))
        .order_by(col(sort), if query.desc { Order::Desc } else { Order::Asc })
        .order_by(col("id"), Order::Asc)
        .limit(PER_PAGE)
        .offset(query.offset());
    let mut labels: HashMap<CatalogKind, HashMap<i64, String>> = HashMap::new();
    for field in &listed {
        if let FieldKind::Reference(kind) = field.kind {
            let options = options(db, tenant, kind).await?;
            labels.insert(kind, options.into_iter().map(|o| (o.id, o.label)).collect());
        }
    }
    let mut rows = Vec::new();
    for row in db.query_all(&select).await? {
        let mut cells = Vec::with_capacity(listed.len());
        for field in &listed {
            let value = read(&row, field)?;
            cells.push(match (field.kind, &value) {
                (FieldKind::Reference(kind), Value::Int(id)) => {
                    labels[&kind].get(id).cloned().unwrap_or_else(|| format!("#{id}"))
                }
                _ => value.display(),
            });
        }
        rows.push(CatalogRow { id: row.try_get("", "id")?, cells });
    }
    Ok(Page { rows, total: total as u64, page: query.page() })
}

/// Every field of one row as form text, or `None` if the tenant has no such row.
pub async fn get(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    spec: &CatalogSpec,
    id: i64,
) -> Result<Option<HashMap<String, String>>, DbErr> {
    let select = Query::select()
        .columns(spec.fields.iter().map(|f| col(f.name)))
        .from(col(spec.table))
        .and_where(tenant_is(tenant))
        .and_where(Expr::col(col("id")).eq(id))
        .to_owned();
    let Some(row) = db.query_one(&select).await? else { return Ok(None) };
    let mut values = HashMap::new();
    for field in spec.fields {
        values.insert(field.name.to_string(), read(&row, field)?.display());
    }
    Ok(Some(values))
}

/// Problems only the database can find: a code (or a unique pair) taken by
/// another row, a reference to a row the tenant does not have.
pub async fn check_against_database(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    spec: &CatalogSpec,
    id: Option<i64>,
    values: &[(&'static str, Value)],
    t: &Catalogue,
) -> Result<Vec<FieldError>, DbErr> {
    let mut errors = Vec::new();
    for (name, value) in values {
        let Some(field) = spec.field(name) else { continue };
        match (field.kind, value) {
            (FieldKind::Code { .. }, Value::Text(code)) => {
                let mut taken = Query::select()
                    .column(col("id"))
                    .from(col(spec.table))
                    .and_where(tenant_is(tenant))
                    .and_where(Expr::col(col("code")).eq(code.as_str()))
                    .to_owned();
                if let Some(id) = id {
                    taken.and_where(Expr::col(col("id")).ne(id));
                }
                if db.query_one(&taken).await?.is_some() {
                    errors.push(FieldError::new(name, t.err_duplicate_code));
                }
            }
            (FieldKind::Reference(kind), Value::Int(target)) => {
                let exists = Query::select()
                    .column(col("id"))
                    .from(col(kind.spec().table))
                    .and_where(tenant_is(tenant))
                    .and_where(Expr::col(col("id")).eq(*target))
                    .to_owned();
                if db.query_one(&exists).await?.is_none() {
                    errors.push(FieldError::new(name, t.err_reference));
                }
            }
            _ => {}
        }
    }
    if let Some([first, second]) = spec.unique_pair {
        let value_of = |name| values.iter().find(|(field, _)| *field == name).map(|(_, value)| value);
        if let (Some(Value::Int(a)), Some(Value::Int(b))) = (value_of(first), value_of(second)) {
            let mut taken = Query::select()
                .column(col("id"))
                .from(col(spec.table))
                .and_where(tenant_is(tenant))
                .and_where(Expr::col(col(first)).eq(*a))
                .and_where(Expr::col(col(second)).eq(*b))
                .to_owned();
            if let Some(id) = id {
                taken.and_where(Expr::col(col("id")).ne(id));
            }
            if db.query_one(&taken).await?.is_some() {
                errors.push(FieldError::new(second, t.err_duplicate_pair));
            }
        }
    }
    Ok(errors)
}

/// Inserts (`id` none) or updates a row whose values passed every check; returns
/// its id and the previous values (for the audit log), or `None` if the tenant
/// has no row `id`.
pub async fn write(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    spec: &CatalogSpec,
    id: Option<i64>,
    values: &[(&'static str, Value)],
) -> Result<Option<(i64, Option<HashMap<String, String>>)>, DbErr> {
    let stamp = match spec.stamp {
        Stamp::CreatedAt => "created_at",
        Stamp::UpdatedAt => "updated_at",
    };
    let typed: Vec<(&str, DbValue)> =
        values.iter().filter_map(|(name, value)| spec.field(name).map(|field| (*name, to_db(field, value)))).collect();
    match id {
        None => {
            let mut columns: Vec<Alias> = vec![col("tenant_id"), col(stamp)];
            let mut row: Vec<SimpleExpr> = vec![tenant.0.into(), Utc::now().into()];
            for (name, value) in typed {
                columns.push(col(name));
                row.push(value.into());
            }
            let insert = Query::insert()
                .into_table(col(spec.table))
                .columns(columns)
                .values(row)
                .map_err(|e| DbErr::Custom(e.to_string()))?
                .returning_col(col("id"))
                .to_owned();
            let inserted = db.query_one(&insert).await?.ok_or_else(|| DbErr::Custom("insert returned no id".into()))?;
            Ok(Some((inserted.try_get("", "id")?, None)))
        }
        Some(id) => {
            let Some(before) = get(db, tenant, spec, id).await? else { return Ok(None) };
            let mut update = Query::update().table(col(spec.table)).to_owned();
            if spec.stamp == Stamp::UpdatedAt {
                update.value(col(stamp), Utc::now());
            }
            for (name, value) in typed {
                update.value(col(name), value);
            }
            update.and_where(tenant_is(tenant)).and_where(Expr::col(col("id")).eq(id));
            db.execute(&update).await?;
            Ok(Some((id, Some(before))))
        }
    }
}

/// Deletes a row unless something still refers to it.
pub async fn delete(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    spec: &CatalogSpec,
    id: i64,
) -> Result<DeleteOutcome, DbErr> {
    let Some(before) = get(db, tenant, spec, id).await? else { return Ok(DeleteOutcome::NotFound) };
    for other in CatalogKind::ALL.map(CatalogKind::spec) {
        for field in other.fields.iter().filter(|f| f.kind == FieldKind::Reference(spec.kind)) {
            let used = Query::select()
                .column(col("id"))
                .from(col(other.table))
                .and_where(tenant_is(tenant))
                .and_where(Expr::col(col(field.name)).eq(id))
                .limit(1)
                .to_owned();
            if db.query_one(&used).await?.is_some() {
                return Ok(DeleteOutcome::InUse { by: other.kind });
            }
        }
    }
    let delete = Query::delete()
        .from_table(col(spec.table))
        .and_where(tenant_is(tenant))
        .and_where(Expr::col(col("id")).eq(id))
        .to_owned();
    match db.execute(&delete).await {
        Ok(_) => Ok(DeleteOutcome::Deleted { code: before.get("code").cloned().unwrap_or_default() }),
        // History tables (not master data) still refer to it: the database's foreign keys say so.
        Err(error) if matches!(error.sql_err(), Some(SqlErr::ForeignKeyConstraintViolation(_))) => {
            Ok(DeleteOutcome::InHistory)
        }
        Err(error) => Err(error),
    }
}

/// A short description of a change for the audit log: `field: "old" → "new"`.
pub fn describe_change(before: Option<&HashMap<String, String>>, values: &[(&'static str, Value)]) -> String {
    let mut parts = Vec::new();
    for (name, value) in values {
        let new = value.display();
        match before.and_then(|b| b.get(*name)) {
            Some(old) if *old == new => {}
            Some(old) => parts.push(format!("{name}: {old:?} → {new:?}")),
            None if !new.is_empty() => parts.push(format!("{name}={new:?}")),
            None => {}
        }
    }
    if parts.is_empty() {
        "no change".to_string()
    } else {
        parts.join(", ")
    }
}
