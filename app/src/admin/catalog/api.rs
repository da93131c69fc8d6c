//! Server functions of the master-data catalog. Reading is for administrators and
//! supervisors; changing is for tenant administrators. The tenant is the caller's.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::{CatalogRow, DeleteOutcome, ImportOutcome, RefOption, SaveOutcome};
use super::spec::CatalogKind;
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;
use crate::ui::list_query::{ListQuery, Page};

pub const CATALOG_READ_ACCESS: Access = Access::Roles(&[Role::TenantAdmin, Role::Supervisor]);
pub const CATALOG_WRITE_ACCESS: Access = Access::Roles(&[Role::TenantAdmin]);

/// Who may call the catalog's server functions.
pub const ACCESS: &[(&str, Access)] = &[
    (CatalogList::PATH, CATALOG_READ_ACCESS),
    (CatalogGet::PATH, CATALOG_READ_ACCESS),
    (CatalogOptions::PATH, CATALOG_READ_ACCESS),
    (CatalogSave::PATH, CATALOG_WRITE_ACCESS),
    (CatalogDelete::PATH, CATALOG_WRITE_ACCESS),
    (CatalogImport::PATH, CATALOG_WRITE_ACCESS),
];

#[server(endpoint = "catalog_list")]
pub async fn catalog_list(
    kind: CatalogKind,
    #[server(default)] query: ListQuery,
) -> Result<Page<CatalogRow>, AppError> {
    let (_, tenant, tx) = crate::auth::guard::tenant_read(CATALOG_READ_ACCESS).await?;
    let page = super::store::list(&tx, tenant, kind.spec(), &query).await?;
    tx.commit().await?;
    Ok(page)
}

/// The form text of one row; "not found" for a row of another tenant.
#[server(endpoint = "catalog_get")]
pub async fn catalog_get(kind: CatalogKind, id: i64) -> Result<HashMap<String, String>, AppError> {
    let (_, tenant, tx) = crate::auth::guard::tenant_read(CATALOG_READ_ACCESS).await?;
    let row = super::store::get(&tx, tenant, kind.spec(), id).await?;
    tx.commit().await?;
    row.ok_or_else(AppError::not_found)
}

/// The rows a reference field may point to.
#[server(endpoint = "catalog_options")]
pub async fn catalog_options(kind: CatalogKind) -> Result<Vec<RefOption>, AppError> {
    let (_, tenant, tx) = crate::auth::guard::tenant_read(CATALOG_READ_ACCESS).await?;
    let options = super::store::options(&tx, tenant, kind).await?;
    tx.commit().await?;
    Ok(options)
}

/// Creates (`id` empty) or updates a row; bad input changes nothing and comes back
/// as a message per field. With an `idempotency_key`, a repeat (a double click, a
/// retry) gets the first answer and saves nothing twice.
#[server(endpoint = "catalog_save")]
pub async fn catalog_save(
    kind: CatalogKind,
    id: Option<i64>,
    values: HashMap<String, String>,
    #[server(default)] idempotency_key: Option<String>,
) -> Result<SaveOutcome, AppError> {
    server::save(kind, id, values, idempotency_key).await
}

#[server(endpoint = "catalog_delete")]
pub async fn catalog_delete(kind: CatalogKind, id: i64) -> Result<DeleteOutcome, AppError> {
    server::delete(kind, id).await
}

/// Loads CSV text (materials and bin locations): every row or none.
#[server(endpoint = "catalog_import")]
pub async fn catalog_import(kind: CatalogKind, csv: String) -> Result<ImportOutcome, AppError> {
    server::import(kind, csv).await
}

#[cfg(feature = "ssr")]
mod server {
    use std::collections::{BTreeMap, HashMap};

    use super::CATALOG_WRITE_ACCESS;
    use crate::admin::catalog::model::{DeleteOutcome, ImportOutcome, SaveOutcome};
    use crate::admin::catalog::spec::CatalogKind;
    use crate::admin::catalog::{import as csv_import, store, validate};
    use crate::audit::store::{record, Change};
    use crate::auth::guard::{tenant_write as open, AuthCtx};
    use crate::db::scope::{TenantId, WriteTx};
    use crate::error::AppError;
    use crate::i18n::use_i18n;
    use crate::idempotency::store::{claim, Claim};
    use crate::idempotency::IdempotencyKey;

    pub async fn save(
        kind: CatalogKind,
        id: Option<i64>,
        raw: HashMap<String, String>,
        idempotency_key: Option<String>,
    ) -> Result<SaveOutcome, AppError> {
        let key = idempotency_key.filter(|k| !k.trim().is_empty());
        let key = key.map(|k| IdempotencyKey::parse(&k)).transpose().map_err(AppError::invalid)?;
        let (ctx, tenant, tx) = open(CATALOG_WRITE_ACCESS).await?;
        let request = (kind, id, raw.iter().collect::<BTreeMap<_, _>>());
        let claimed = match claim(&tx, &ctx, tenant, "/api/catalog_save", key.as_ref(), &request).await? {
            Claim::Replay(outcome) => return Ok(outcome),
            Claim::New(claimed) => claimed,
        };
        let outcome = save_row(&tx, &ctx, tenant, kind, id, &raw).await?;
        claimed.complete(&tx, &outcome).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    async fn save_row(
        tx: &WriteTx,
        ctx: &AuthCtx,
        tenant: TenantId,
        kind: CatalogKind,
        id: Option<i64>,
        raw: &HashMap<String, String>,
    ) -> Result<SaveOutcome, AppError> {
        let spec = kind.spec();
        let t = use_i18n();
        let invalid = |errors| Ok(SaveOutcome::Invalid { errors });
        let values = match validate::validate(spec, raw, t) {
            Ok(values) => values,
            Err(errors) => return invalid(errors),
        };
        let errors = store::check_against_database(tx, tenant, spec, id, &values, t).await?;
        if !errors.is_empty() {
            return invalid(errors);
        }
        let Some((id, before)) = store::write(tx, tenant, spec, id, &values).await? else {
            return Err(AppError::not_found());
        };
        let change = Change {
            action: if before.is_some() { "update" } else { "create" },
            entity: spec.table,
            entity_id: Some(id.to_string()),
            summary: store::describe_change(before.as_ref(), &values),
        };
        record(tx, ctx, Some(tenant), change).await?;
        Ok(SaveOutcome::Saved { id })
    }

    pub async fn delete(kind: CatalogKind, id: i64) -> Result<DeleteOutcome, AppError> {
        let (ctx, tenant, tx) = open(CATALOG_WRITE_ACCESS).await?;
        let spec = kind.spec();
        let outcome = store::delete(&tx, tenant, spec, id).await?;
        match &outcome {
            DeleteOutcome::NotFound => return Err(AppError::not_found()),
            // The refused DELETE ended the transaction on Postgres: nothing to commit.
            DeleteOutcome::InHistory => return Ok(outcome),
            DeleteOutcome::InUse { .. } => {}
            DeleteOutcome::Deleted { code } => {
                let change = Change {
                    action: "delete",
                    entity: spec.table,
                    entity_id: Some(id.to_string()),
                    summary: format!("code={code:?}"),
                };
                record(&tx, &ctx, Some(tenant), change).await?;
            }
        }
        tx.commit().await?;
        Ok(outcome)
    }

    pub async fn import(kind: CatalogKind, csv: String) -> Result<ImportOutcome, AppError> {
        let (ctx, tenant, tx) = open(CATALOG_WRITE_ACCESS).await?;
        if !kind.importable() {
            return Err(AppError::bad_request("This kind of data cannot be imported."));
        }
        let spec = kind.spec();
        let outcome = csv_import::import(&tx, tenant, spec, &csv, use_i18n()).await?;
        match &outcome {
            ImportOutcome::Rejected { .. } => tx.rollback().await?,
            ImportOutcome::Imported { created, updated } => {
                let change = Change {
                    action: "import",
                    entity: spec.table,
                    entity_id: None,
                    summary: format!("{created} created, {updated} updated"),
                };
                record(&tx, &ctx, Some(tenant), change).await?;
                tx.commit().await?;
            }
        }
        Ok(outcome)
    }
}
