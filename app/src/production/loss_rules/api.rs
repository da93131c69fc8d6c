//! Reading and saving a tenant's loss rules: tenant administrators, one
//! audited write per save (idempotent by the form's key).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::LossRules;
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;
use crate::forms::SaveOutcome;

pub const LOSS_RULES_ACCESS: Access = Access::Roles(&[Role::TenantAdmin]);

pub const ACCESS: &[(&str, Access)] =
    &[(LossRulesGet::PATH, LOSS_RULES_ACCESS), (LossRulesSave::PATH, LOSS_RULES_ACCESS)];

/// The tenant's loss rules (the defaults until they are saved).
#[server(endpoint = "loss_rules_get")]
pub async fn loss_rules_get() -> Result<LossRules, AppError> {
    server::get().await
}

/// Saves the tenant's loss rules, typed as whole numbers.
#[server(endpoint = "loss_rules_save")]
pub async fn loss_rules_save(
    minor_stop_s: String,
    startup_min: String,
    startup_pieces: String,
    idempotency_key: Option<String>,
) -> Result<SaveOutcome, AppError> {
    server::save([minor_stop_s, startup_min, startup_pieces], idempotency_key).await
}

#[cfg(feature = "ssr")]
mod server {
    use super::super::model::LossRules;
    use super::super::store;
    use super::LOSS_RULES_ACCESS;
    use crate::audit::store::{record, Change};
    use crate::auth::guard::{tenant_read, tenant_write};
    use crate::error::AppError;
    use crate::forms::SaveOutcome;
    use crate::i18n::use_i18n;
    use crate::idempotency::store::{claim, Claim};
    use crate::idempotency::IdempotencyKey;

    pub async fn get() -> Result<LossRules, AppError> {
        let (_, tenant, tx) = tenant_read(LOSS_RULES_ACCESS).await?;
        let rules = store::rules(&tx, tenant).await?;
        tx.commit().await?;
        Ok(rules)
    }

    pub async fn save(typed: [String; 3], idempotency_key: Option<String>) -> Result<SaveOutcome, AppError> {
        let key = idempotency_key.filter(|k| !k.trim().is_empty());
        let key = key.map(|k| IdempotencyKey::parse(&k)).transpose().map_err(AppError::invalid)?;
        let (ctx, tenant, tx) = tenant_write(LOSS_RULES_ACCESS).await?;
        let claimed = match claim(&tx, &ctx, tenant, "/api/loss_rules_save", key.as_ref(), &typed).await? {
            Claim::Replay(outcome) => return Ok(outcome),
            Claim::New(claimed) => claimed,
        };
        let outcome = match LossRules::parse(&typed[0], &typed[1], &typed[2], use_i18n()) {
            Err(errors) => SaveOutcome::Invalid { errors },
            Ok(rules) => {
                let before = store::rules(&tx, tenant).await?;
                store::save(&tx, tenant, rules).await?;
                let change = Change {
                    action: "update",
                    entity: "loss_policies",
                    entity_id: Some(tenant.0.to_string()),
                    summary: format!("{before:?} → {rules:?}"),
                };
                record(&tx, &ctx, Some(tenant), change).await?;
                SaveOutcome::Saved { id: tenant.0 }
            }
        };
        claimed.complete(&tx, &outcome).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}
