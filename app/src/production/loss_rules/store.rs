//! The tenant's one row of loss rules; none means the defaults.

use chrono::Utc;
use sea_orm::{ConnectionTrait, DbErr, Statement};

use super::model::LossRules;
use crate::db::scope::{TenantId, WriteTx};
use crate::domain::oee::LossPolicy;

const READ_SQL: &str = "SELECT minor_stop_s, startup_min, startup_pieces FROM loss_policies WHERE tenant_id = $1";

pub async fn rules(db: &impl ConnectionTrait, tenant: TenantId) -> Result<LossRules, DbErr> {
    let statement = Statement::from_sql_and_values(db.get_database_backend(), READ_SQL, vec![tenant.0.into()]);
    let Some(row) = db.query_one_raw(statement).await? else { return Ok(LossRules::default()) };
    Ok(LossRules {
        minor_stop_s: row.try_get("", "minor_stop_s")?,
        startup_min: row.try_get("", "startup_min")?,
        startup_pieces: row.try_get("", "startup_pieces")?,
    })
}

/// The tenant's rules as the OEE computation takes them.
pub async fn policy(db: &impl ConnectionTrait, tenant: TenantId) -> Result<LossPolicy, DbErr> {
    rules(db, tenant).await.map(LossPolicy::from)
}

const SAVE_SQL: &str = "INSERT INTO loss_policies (tenant_id, minor_stop_s, startup_min, startup_pieces, updated_at)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (tenant_id) DO UPDATE SET minor_stop_s = excluded.minor_stop_s,
        startup_min = excluded.startup_min, startup_pieces = excluded.startup_pieces, updated_at = excluded.updated_at";

pub async fn save(tx: &WriteTx, tenant: TenantId, rules: LossRules) -> Result<(), DbErr> {
    let values = vec![
        tenant.0.into(),
        rules.minor_stop_s.into(),
        rules.startup_min.into(),
        rules.startup_pieces.into(),
        Utc::now().into(),
    ];
    tx.execute_raw(Statement::from_sql_and_values(tx.get_database_backend(), SAVE_SQL, values)).await?;
    Ok(())
}
