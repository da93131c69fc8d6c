//! The alert tables: the rules in force, the open alerts, raising and clearing
//! them, the panel's list, and acknowledging.

use std::collections::{BTreeMap, HashMap};

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::model::{AlertRow, AlertsBoard, HISTORY_DAYS, HISTORY_ROWS};
use crate::db::entity::{alert, alert_rule, user};
use crate::db::scope::{TenantId, WriteTx};
use crate::domain::floor_alerts::{AlertKind, AlertRule, OpenAlert, Verdict};

const DAY_MS: i64 = 24 * 3_600_000;

/// Every active rule the connection sees, by tenant.
pub async fn active_rules(db: &impl ConnectionTrait) -> Result<BTreeMap<TenantId, Vec<AlertRule>>, DbErr> {
    let mut by_tenant: BTreeMap<TenantId, Vec<AlertRule>> = BTreeMap::new();
    for rule in alert_rule::Entity::find().filter(alert_rule::Column::Active.eq(true)).all(db).await? {
        // A kind the catalogue no longer offers is skipped rather than fail every sweep.
        let Some(kind) = AlertKind::from_code(&rule.kind) else { continue };
        by_tenant.entry(TenantId(rule.tenant_id)).or_default().push(AlertRule {
            kind,
            work_center: rule.work_center_id,
            threshold: rule.threshold,
        });
    }
    Ok(by_tenant)
}

/// The tenants with an open alert (whose alerts may need clearing although no rule is left).
pub async fn tenants_with_open_alerts(db: &impl ConnectionTrait) -> Result<Vec<TenantId>, DbErr> {
    let select = Query::select()
        .distinct()
        .column(alert::Column::TenantId)
        .from(alert::Entity)
        .and_where(Expr::col(alert::Column::ClearedMs).is_null())
        .to_owned();
    db.query_all(&select).await?.iter().map(|row| Ok(TenantId(row.try_get("", "tenant_id")?))).collect()
}

pub async fn open_alerts(db: &impl ConnectionTrait, tenant: TenantId) -> Result<Vec<OpenAlert>, DbErr> {
    let open = alert::Entity::find()
        .filter(alert::Column::TenantId.eq(tenant.0))
        .filter(alert::Column::ClearedMs.is_null())
        .all(db)
        .await?;
    Ok(open
        .into_iter()
        .filter_map(|a| {
            let kind = AlertKind::from_code(&a.kind)?;
            Some(OpenAlert { id: a.id, work_center: a.work_center_id, kind, threshold: a.threshold })
        })
        .collect())
}

/// Raises and clears what `verdict` says, at `now_ms`.
pub async fn apply(tx: &WriteTx, tenant: TenantId, verdict: &Verdict, now_ms: i64) -> Result<(), DbErr> {
    for breach in &verdict.raise {
        alert::ActiveModel {
            tenant_id: Set(tenant.0),
            work_center_id: Set(breach.work_center),
            kind: Set(breach.kind.code().to_string()),
            threshold: Set(breach.threshold),
            value: Set(breach.value),
            raised_ms: Set(now_ms),
            ..Default::default()
        }
        .insert(tx)
        .await?;
    }
    if !verdict.clear.is_empty() {
        alert::Entity::update_many()
            .col_expr(alert::Column::ClearedMs, Expr::value(now_ms))
            .filter(alert::Column::TenantId.eq(tenant.0))
            .filter(alert::Column::Id.is_in(verdict.clear.iter().copied()))
            .filter(alert::Column::ClearedMs.is_null())
            .exec(tx)
            .await?;
    }
    Ok(())
}

/// The open alerts and the last week's cleared ones, named.
pub async fn board(db: &impl ConnectionTrait, tenant: TenantId, now_ms: i64) -> Result<AlertsBoard, DbErr> {
    let of_tenant = || alert::Entity::find().filter(alert::Column::TenantId.eq(tenant.0));
    let open =
        of_tenant().filter(alert::Column::ClearedMs.is_null()).order_by_asc(alert::Column::RaisedMs).all(db).await?;
    let history = of_tenant()
        .filter(Condition::all().add(alert::Column::ClearedMs.gte(now_ms - HISTORY_DAYS * DAY_MS)))
        .order_by_desc(alert::Column::ClearedMs)
        .order_by_desc(alert::Column::Id)
        .limit(HISTORY_ROWS)
        .all(db)
        .await?;
    let mut named = named(db, tenant, open.into_iter().chain(history)).await?;
    let history = named.split_off(named.iter().position(|row| row.cleared_ms.is_some()).unwrap_or(named.len()));
    Ok(AlertsBoard { open: named, history })
}

/// One alert of the tenant, named.
pub async fn row(db: &impl ConnectionTrait, tenant: TenantId, id: i64) -> Result<Option<AlertRow>, DbErr> {
    let found = alert::Entity::find_by_id(id).filter(alert::Column::TenantId.eq(tenant.0)).one(db).await?;
    Ok(named(db, tenant, found).await?.pop())
}

/// Acknowledges alert `id` by `user` with `comment` unless someone already did;
/// `false` when the tenant has no such alert.
pub async fn acknowledge(
    tx: &WriteTx,
    tenant: TenantId,
    id: i64,
    user: i64,
    comment: &str,
    now_ms: i64,
) -> Result<bool, DbErr> {
    let Some(found) = alert::Entity::find_by_id(id).filter(alert::Column::TenantId.eq(tenant.0)).one(tx).await? else {
        return Ok(false);
    };
    if found.acknowledged_ms.is_none() {
        let mut acknowledged: alert::ActiveModel = found.into();
        acknowledged.acknowledged_ms = Set(Some(now_ms));
        acknowledged.acknowledged_by = Set(Some(user));
        acknowledged.ack_comment = Set(Some(comment.to_string()));
        acknowledged.update(tx).await?;
    }
    Ok(true)
}

/// Alerts with their work center's and acknowledger's names (an alert of a kind
/// no longer known is left out).
async fn named(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    alerts: impl IntoIterator<Item = alert::Model>,
) -> Result<Vec<AlertRow>, DbErr> {
    let alerts: Vec<alert::Model> = alerts.into_iter().collect();
    if alerts.is_empty() {
        return Ok(Vec::new());
    }
    let centers: HashMap<i64, String> =
        crate::production::store::work_centers(db, tenant, None).await?.into_iter().collect();
    let acknowledgers: Vec<i64> = alerts.iter().filter_map(|a| a.acknowledged_by).collect();
    let people: HashMap<i64, String> = if acknowledgers.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(acknowledgers))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    Ok(alerts
        .into_iter()
        .filter_map(|a| {
            Some(AlertRow {
                id: a.id,
                work_center_id: a.work_center_id,
                work_center: centers
                    .get(&a.work_center_id)
                    .cloned()
                    .unwrap_or_else(|| format!("#{}", a.work_center_id)),
                kind: AlertKind::from_code(&a.kind)?,
                threshold: a.threshold,
                value: a.value,
                raised_ms: a.raised_ms,
                acknowledged_ms: a.acknowledged_ms,
                acknowledged_by: a.acknowledged_by.and_then(|id| people.get(&id).cloned()),
                ack_comment: a.ack_comment,
                cleared_ms: a.cleared_ms,
            })
        })
        .collect())
}
