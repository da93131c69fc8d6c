//! Seeds one login per role: a platform administrator and, in the demo tenant, a
//! tenant administrator, a supervisor and an operator with a kiosk badge.

use app::auth::accounts::{create_account, create_badge, Email, NewAccount};
use app::auth::kiosk_credentials::{Badge, Pin};
use app::auth::model::Role;
use app::auth::password::{Hashed, NewPassword};
use app::i18n::EN;
use sea_orm::{ConnectionTrait, DbErr};

use super::tenants::DemoTenant;
use super::SeedCtx;

/// The password of every demo login (demo data only; never in a real installation).
pub const DEMO_PASSWORD: &str = "floorcast-demo";
pub const DEMO_BADGE: &str = "1001";
pub const DEMO_PIN: &str = "2468";

const DEMO_LOGINS: [(&str, &str, Role); 4] = [
    ("platform@floorcast.local", "Platform Admin", Role::PlatformAdmin),
    ("admin@acme.example", "Alex Admin", Role::TenantAdmin),
    ("supervisor@acme.example", "Sam Supervisor", Role::Supervisor),
    ("operator@acme.example", "Olga Operator", Role::Operator),
];

pub async fn seed(db: &impl ConnectionTrait, ctx: &mut SeedCtx, demo: &DemoTenant) -> Result<(), DbErr> {
    ctx.summary.push(format!("logins (password \"{DEMO_PASSWORD}\"):"));
    for (email, name, role) in DEMO_LOGINS {
        let account = NewAccount {
            tenant_id: (role != Role::PlatformAdmin).then_some(demo.tenant_id),
            email: Email::parse(email, &EN).map_err(DbErr::Custom)?,
            display_name: name.to_string(),
            role,
            password: Hashed::of(NewPassword::parse(DEMO_PASSWORD).map_err(DbErr::Custom)?.as_str()).await,
        };
        let user = create_account(db, account).await.map_err(|e| DbErr::Custom(e.to_string()))?;
        ctx.summary.push(format!("  {:<26} {}", email, role.as_str()));
        if role == Role::Operator {
            let facility = demo.facility_ids[0];
            let pin = Pin::parse_new(DEMO_PIN).map_err(|refused| DbErr::Custom(refused.message(&EN).into()))?;
            let badge = Badge::parse(DEMO_BADGE).ok_or_else(|| DbErr::Custom(EN.err_badge.into()))?;
            create_badge(db, &user, facility, &badge, Hashed::of(pin.as_str()).await).await.map_err(DbErr::Custom)?;
            ctx.summary.push(format!("  kiosk /kiosk/{facility}: badge {DEMO_BADGE}, PIN {DEMO_PIN} ({name})"));
        }
    }
    Ok(())
}
