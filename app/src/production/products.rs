//! The products a run may make, and the ideal cycle time a run fixes when it is
//! created: the work center's own for the product (master data "Cycle times"),
//! else the product's, else the work center's ideal rate — the most specific
//! figure a tenant has given.

use sea_orm::{ConnectionTrait, DbErr, Statement};

use super::model::Choice;
use super::store::Station;
use crate::db::scope::TenantId;

/// A product as a run at one work center takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProductAt {
    /// `CODE — Name`, what the run records as its product.
    pub label: String,
    /// `None` when neither the product, its cycle time here nor the work center's rate says.
    pub ideal_cycle_ms: Option<i64>,
}

/// The most specific ideal cycle time, in milliseconds (at least one).
pub fn ideal_cycle_ms(
    at_work_center_s: Option<f64>,
    product_s: Option<f64>,
    work_center_ms: Option<i64>,
) -> Option<i64> {
    let seconds = at_work_center_s.or(product_s).filter(|s| s.is_finite() && *s > 0.0);
    seconds.map(|s| (s * 1000.0).round().max(1.0) as i64).or(work_center_ms)
}

const PRODUCT_AT_SQL: &str = "SELECT p.code, p.name, p.ideal_cycle_s AS product_s, c.ideal_cycle_s AS here_s
    FROM products p
    LEFT JOIN cycle_times c ON c.product_id = p.id AND c.work_center_id = $3 AND c.tenant_id = $1
    WHERE p.tenant_id = $1 AND p.id = $2 AND p.active = $4";

/// Active product `id` of the tenant as `station` would make it; `None` if there is no such product.
pub async fn product_at(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    station: &Station,
    id: i64,
) -> Result<Option<ProductAt>, DbErr> {
    let values = vec![tenant.0.into(), id.into(), station.id.into(), true.into()];
    let statement = Statement::from_sql_and_values(db.get_database_backend(), PRODUCT_AT_SQL, values);
    let Some(row) = db.query_one_raw(statement).await? else { return Ok(None) };
    let (code, name): (String, String) = (row.try_get("", "code")?, row.try_get("", "name")?);
    Ok(Some(ProductAt {
        label: format!("{code} — {name}"),
        ideal_cycle_ms: ideal_cycle_ms(
            row.try_get("", "here_s")?,
            row.try_get("", "product_s")?,
            station.ideal_cycle_ms,
        ),
    }))
}

const ACTIVE_SQL: &str = "SELECT id, code, name FROM products WHERE tenant_id = $1 AND active = $2 ORDER BY code";

/// The tenant's active products by code, to pick from.
pub async fn active(db: &impl ConnectionTrait, tenant: TenantId) -> Result<Vec<Choice>, DbErr> {
    let statement =
        Statement::from_sql_and_values(db.get_database_backend(), ACTIVE_SQL, vec![tenant.0.into(), true.into()]);
    db.query_all_raw(statement)
        .await?
        .iter()
        .map(|row| {
            let (code, name): (String, String) = (row.try_get("", "code")?, row.try_get("", "name")?);
            Ok(Choice { id: row.try_get("", "id")?, label: format!("{code} — {name}") })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::ideal_cycle_ms;

    #[test]
    fn the_most_specific_cycle_time_wins() {
        assert_eq!(ideal_cycle_ms(Some(2.5), Some(4.0), Some(9_000)), Some(2_500));
        assert_eq!(ideal_cycle_ms(None, Some(4.0), Some(9_000)), Some(4_000));
        assert_eq!(ideal_cycle_ms(None, None, Some(9_000)), Some(9_000));
        assert_eq!(ideal_cycle_ms(None, None, None), None);
        // A label press: a fraction of a millisecond is still one.
        assert_eq!(ideal_cycle_ms(Some(0.0001), None, None), Some(1));
        assert_eq!(ideal_cycle_ms(Some(f64::NAN), None, Some(9_000)), Some(9_000));
    }
}
