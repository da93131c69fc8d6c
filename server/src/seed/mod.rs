//! Deterministic demo data: `server seed --demo [--scale N]`.
//!
//! The demo tenant "Acme Print" comes first; each feature adds its own step to
//! [`seed_demo`] with realistic data drawn from one seeded random generator, so two runs
//! produce the same database. `--scale N` multiplies volumes for benchmarks;
//! `--live` then keeps the demo floor moving in real time (`live.rs`).
//! Everything is written in one transaction: a failed seed leaves nothing behind.

mod alert_rules;
mod floor_history;
pub mod live;
mod production;
mod products;
mod shifts;
mod tenants;
mod users;
mod warehouse;

use app::db::scope::{self, Scope};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sea_orm::{DatabaseConnection, DbErr};

pub use tenants::DEMO_TENANT_SLUG;
pub use users::{DEMO_BADGE, DEMO_PASSWORD, DEMO_PIN};

/// The largest `--scale` accepted.
pub const MAX_SCALE: u32 = 1000;

/// A volume multiplier in `1..=MAX_SCALE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale(u32);

impl Scale {
    pub fn parse(n: u32) -> Result<Scale, String> {
        if (1..=MAX_SCALE).contains(&n) {
            Ok(Scale(n))
        } else {
            Err(format!("--scale must be from 1 to {MAX_SCALE}, got {n}"))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// What a seeding run hands from step to step.
pub struct SeedCtx {
    pub rng: ChaCha8Rng,
    pub scale: Scale,
    /// Days of production history up to now (0: none, as the tests start).
    pub history_days: u32,
    /// Lines for the console: what was created, and the demo logins.
    pub summary: Vec<String>,
}

/// The outcome of `seed_demo`.
#[derive(Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Created {
        summary: Vec<String>,
    },
    /// The demo tenant exists already; nothing was changed.
    AlreadyPresent,
}

/// Seeds the demo data unless the demo tenant exists already.
/// The demo without production history: what the tests start from.
pub async fn seed_demo(db: &DatabaseConnection, scale: Scale) -> Result<SeedOutcome, DbErr> {
    seed_demo_with_history(db, scale, 0).await
}

/// The most days of production history `seed --demo` makes.
pub const MAX_HISTORY_DAYS: u32 = 400;

/// The demo with `history_days` days of production history up to now (at most
/// [`MAX_HISTORY_DAYS`]): a first visit shows a moving floor.
pub async fn seed_demo_with_history(
    db: &DatabaseConnection,
    scale: Scale,
    history_days: u32,
) -> Result<SeedOutcome, DbErr> {
    if history_days > MAX_HISTORY_DAYS {
        return Err(DbErr::Custom(format!("at most {MAX_HISTORY_DAYS} days of history, not {history_days}")));
    }
    let tx = scope::write(db, Scope::AllTenants).await?;
    if tenants::demo_tenant_exists(&tx).await? {
        return Ok(SeedOutcome::AlreadyPresent);
    }
    let mut ctx = SeedCtx { rng: ChaCha8Rng::seed_from_u64(20_261_122), scale, history_days, summary: Vec::new() };
    // Each feature adds its step here, after the tenants it belongs to.
    let demo = tenants::seed(&tx, &mut ctx).await?;
    users::seed(&tx, &mut ctx, &demo).await?;
    shifts::seed(&tx, &mut ctx, &demo).await?;
    production::seed(&tx, &mut ctx, &demo).await?;
    products::seed(&tx, &mut ctx, &demo).await?;
    alert_rules::seed(&tx, &mut ctx, &demo).await?;
    warehouse::seed(&tx, &mut ctx, &demo).await?;
    tx.commit().await?;
    Ok(SeedOutcome::Created { summary: ctx.summary })
}

/// Whether the database holds no tenant at all (a first start).
pub async fn is_empty(db: &DatabaseConnection) -> Result<bool, DbErr> {
    let tx = scope::write(db, Scope::AllTenants).await?;
    let count = tenants::count(&tx).await?;
    tx.commit().await?;
    Ok(count == 0)
}
