//! The floor watch's look at the alert rules: for every tenant with rules (or
//! open alerts), the floor as the dashboard measures it, compared with the rules
//! in `domain::floor_alerts`, then what to raise and clear written in one
//! transaction per tenant (only when something changes).

use sea_orm::{DatabaseConnection, DbErr};

use super::store;
use crate::db::scope::{self, Scope};
use crate::domain::floor_alerts::{evaluate, CenterNow, Verdict};
use crate::production::overview::overview_at;

/// How many alerts one sweep raised and cleared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub raised: usize,
    pub cleared: usize,
}

/// Looks at every tenant's floor at `now_ms` and raises and clears its alerts.
pub async fn raise_and_clear(db: &DatabaseConnection, now_ms: i64) -> Result<Swept, DbErr> {
    let tx = scope::read(db, Scope::AllTenants).await?;
    let mut rules = store::active_rules(&tx).await?;
    for tenant in store::tenants_with_open_alerts(&tx).await? {
        rules.entry(tenant).or_default();
    }
    tx.commit().await?;

    let mut swept = Swept::default();
    for (tenant, rules) in rules {
        let overview = overview_at(db, tenant, None, now_ms).await?;
        let centers: Vec<CenterNow> = overview
            .tiles
            .iter()
            .map(|tile| CenterNow {
                work_center: tile.id,
                figures: tile.figures,
                state: tile.state,
                state_since_ms: tile.state_since_ms,
                waiting_for_reason: tile.waiting_for_reason,
            })
            .collect();
        // Most looks change nothing: they take no write lock.
        let tx = scope::read(db, Scope::Tenant(tenant)).await?;
        let unchanged =
            evaluate(&rules, &centers, &store::open_alerts(&tx, tenant).await?, now_ms) == Verdict::default();
        tx.commit().await?;
        if unchanged {
            continue;
        }
        let tx = scope::write(db, Scope::Tenant(tenant)).await?;
        let verdict = evaluate(&rules, &centers, &store::open_alerts(&tx, tenant).await?, now_ms);
        store::apply(&tx, tenant, &verdict, now_ms).await?;
        tx.commit().await?;
        swept.raised += verdict.raise.len();
        swept.cleared += verdict.clear.len();
    }
    Ok(swept)
}
