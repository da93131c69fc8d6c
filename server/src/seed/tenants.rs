//! Seeds the demo tenant with its two facilities, plus one synthetic tenant per
//! extra unit of scale (so benchmarks can measure many tenants side by side).

use app::admin::tenants::slug::Slug;
use app::db::entity::tenant::TenantStatus;
use app::db::entity::{facility, tenant};
use chrono::Utc;
use rand::seq::IndexedRandom;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set};

use super::SeedCtx;

pub const DEMO_TENANT_SLUG: &str = "acme";
const DEMO_TENANT_NAME: &str = "Acme Print";
const DEMO_FACILITIES: [(&str, &str, &str); 2] = [
    ("PLANT", "Acme Print — Main plant", "Europe/Berlin"),
    ("DC-EAST", "Acme Print — East distribution center", "Europe/Berlin"),
];
const TIMEZONES: [&str; 4] = ["Europe/Berlin", "Europe/London", "America/Chicago", "Asia/Singapore"];

pub async fn demo_tenant_exists(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(tenant::Entity::find().filter(tenant::Column::Slug.eq(DEMO_TENANT_SLUG)).count(db).await? > 0)
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    tenant::Entity::find().count(db).await
}

/// The demo tenant as created: later steps hang their data on it.
pub struct DemoTenant {
    pub tenant_id: i64,
    /// In the order of `DEMO_FACILITIES`.
    pub facility_ids: Vec<i64>,
    /// Each facility's time zone, in the same order.
    pub facility_time_zones: Vec<String>,
}

pub async fn seed(db: &impl ConnectionTrait, ctx: &mut SeedCtx) -> Result<DemoTenant, DbErr> {
    let facilities = DEMO_FACILITIES.map(|(code, name, tz)| (code.to_string(), name.to_string(), tz.to_string()));
    let demo = insert_tenant(db, DEMO_TENANT_NAME, DEMO_TENANT_SLUG, &facilities).await?;
    ctx.summary.push(format!("tenant \"{DEMO_TENANT_NAME}\" (slug {DEMO_TENANT_SLUG})"));
    for (code, name, _) in &facilities {
        ctx.summary.push(format!("  facility {code}: {name}"));
    }
    for n in 2..=ctx.scale.get() {
        let slug = format!("bench-{n:04}");
        let facilities: Vec<_> = (1..=2)
            .map(|f| {
                let tz = TIMEZONES.choose(&mut ctx.rng).copied().unwrap_or("UTC");
                (format!("F{f}"), format!("Bench tenant {n} — facility {f}"), tz.to_string())
            })
            .collect();
        insert_tenant(db, &format!("Bench tenant {n}"), &slug, &facilities).await?;
    }
    if ctx.scale.get() > 1 {
        ctx.summary.push(format!("{} benchmark tenant(s) with 2 facilities each", ctx.scale.get() - 1));
    }
    Ok(demo)
}

async fn insert_tenant(
    db: &impl ConnectionTrait,
    name: &str,
    slug: &str,
    facilities: &[(String, String, String)],
) -> Result<DemoTenant, DbErr> {
    let now = Utc::now();
    let tenant = tenant::ActiveModel {
        name: Set(name.to_string()),
        slug: Set(Slug::parse(slug)
            .ok_or_else(|| DbErr::Custom(format!("not a tenant slug: {slug:?}")))?
            .as_str()
            .to_string()),
        status: Set(TenantStatus::Active),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut facility_ids = Vec::with_capacity(facilities.len());
    for (code, name, timezone) in facilities {
        let facility = facility::ActiveModel {
            tenant_id: Set(tenant.id),
            code: Set(code.clone()),
            name: Set(name.clone()),
            timezone: Set(timezone.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        facility_ids.push(facility.id);
    }
    let facility_time_zones = facilities.iter().map(|(_, _, timezone)| timezone.clone()).collect();
    Ok(DemoTenant { tenant_id: tenant.id, facility_ids, facility_time_zones })
}
