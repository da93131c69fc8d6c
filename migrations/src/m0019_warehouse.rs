//! Bin utilization & putaway: where bins are on the pick path and what they accept,
//! how materials come packed, what stands in each bin (as the blocks the putaway
//! engine placed, so that a partly filled bin's free space is known exactly), the
//! recommendations with the people's decisions, capacity failures and relocation
//! tasks. Tenant-owned, with row-level security on Postgres.
//!
//! Bins: `aisle`, `kind` (pallet_rack / shelf / floor / cross_dock), `level`,
//! `distance_m` along the pick path from the pick face, `storage_rule` (empty_only /
//! same_material / same_lot / mixed) and an optional `max_pieces`. Materials: an
//! optional case (sides, weight, units per case), `this_side_up`, `stackable` and the
//! nightly `velocity_class` (A / B / C, empty until computed).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// All optional, so that bins kept before (and CSV files without these columns) stay
/// valid: no aisle is its own aisle "", no kind a shelf, no level 0, no distance 0, no
/// rule mixed.
const BIN_COLUMNS: [(&str, &str); 6] = [
    ("aisle", "VARCHAR(32) NULL"),
    ("kind", "VARCHAR(16) NULL CHECK (kind IN ('pallet_rack', 'shelf', 'floor', 'cross_dock'))"),
    ("level", "BIGINT NULL"),
    ("distance_m", "DOUBLE PRECISION NULL"),
    ("storage_rule", "VARCHAR(16) NULL CHECK (storage_rule IN ('empty_only', 'same_material', 'same_lot', 'mixed'))"),
    ("max_pieces", "BIGINT NULL"),
];

const MATERIAL_COLUMNS: [(&str, &str); 8] = [
    ("case_length_mm", "DOUBLE PRECISION NULL"),
    ("case_width_mm", "DOUBLE PRECISION NULL"),
    ("case_height_mm", "DOUBLE PRECISION NULL"),
    ("case_weight_kg", "DOUBLE PRECISION NULL"),
    ("units_per_case", "BIGINT NULL"),
    ("this_side_up", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("stackable", "BOOLEAN NOT NULL DEFAULT TRUE"),
    ("velocity_class", "VARCHAR(1) NULL"),
];

const TABLES: [&str; 4] = ["placements", "putaway_recommendations", "capacity_failures", "relocation_tasks"];

fn tables(id: &str) -> [String; 4] {
    let tenant = "tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE";
    [
        format!(
            "CREATE TABLE placements (
                id {id}, {tenant},
                bin_id BIGINT NOT NULL REFERENCES bin_locations(id) ON DELETE CASCADE,
                material_id BIGINT NOT NULL REFERENCES materials(id),
                lot VARCHAR(64) NULL,
                pieces BIGINT NOT NULL CHECK (pieces > 0),
                boxes BIGINT NOT NULL CHECK (boxes > 0),
                at_x BIGINT NULL, at_y BIGINT NULL, at_z BIGINT NULL,
                turned_x BIGINT NULL, turned_y BIGINT NULL, turned_z BIGINT NULL,
                grid_x BIGINT NULL, grid_y BIGINT NULL, grid_z BIGINT NULL,
                weight_g BIGINT NOT NULL CHECK (weight_g >= 0),
                bears_load BOOLEAN NOT NULL DEFAULT FALSE,
                since_ms BIGINT NOT NULL
            )"
        ),
        format!(
            "CREATE TABLE putaway_recommendations (
                id {id}, {tenant},
                facility_id BIGINT NOT NULL REFERENCES facilities(id),
                batch_key VARCHAR(64) NOT NULL,
                line BIGINT NOT NULL,
                material_id BIGINT NOT NULL REFERENCES materials(id),
                lot VARCHAR(64) NULL,
                pieces BIGINT NOT NULL CHECK (pieces > 0),
                bin_id BIGINT NOT NULL REFERENCES bin_locations(id) ON DELETE CASCADE,
                strategy VARCHAR(16) NOT NULL,
                confidence DOUBLE PRECISION NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
                reason VARCHAR(400) NOT NULL,
                alternatives TEXT NOT NULL,
                block TEXT NOT NULL,
                status VARCHAR(12) NOT NULL DEFAULT 'PENDING'
                    CHECK (status IN ('PENDING', 'ACCEPTED', 'REJECTED', 'OVERRIDDEN')),
                final_bin_id BIGINT NULL REFERENCES bin_locations(id) ON DELETE SET NULL,
                decided_by BIGINT NULL REFERENCES users(id),
                decided_ms BIGINT NULL,
                decision_reason VARCHAR(400) NULL,
                created_by BIGINT NULL REFERENCES users(id),
                created_ms BIGINT NOT NULL,
                UNIQUE (tenant_id, batch_key, line),
                CHECK ((status = 'PENDING') = (decided_ms IS NULL))
            )"
        ),
        format!(
            "CREATE TABLE capacity_failures (
                id {id}, {tenant},
                facility_id BIGINT NOT NULL REFERENCES facilities(id),
                material_id BIGINT NOT NULL REFERENCES materials(id),
                pieces BIGINT NOT NULL,
                message VARCHAR(400) NOT NULL,
                at_ms BIGINT NOT NULL
            )"
        ),
        format!(
            "CREATE TABLE relocation_tasks (
                id {id}, {tenant},
                material_id BIGINT NOT NULL REFERENCES materials(id),
                from_bin_id BIGINT NOT NULL REFERENCES bin_locations(id) ON DELETE CASCADE,
                to_bin_id BIGINT NOT NULL REFERENCES bin_locations(id) ON DELETE CASCADE,
                pieces BIGINT NOT NULL CHECK (pieces > 0),
                reason VARCHAR(400) NOT NULL,
                status VARCHAR(12) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DONE', 'CANCELLED')),
                created_by BIGINT NULL REFERENCES users(id),
                created_ms BIGINT NOT NULL,
                done_ms BIGINT NULL
            )"
        ),
    ]
}

const INDEXES: [&str; 4] = [
    "CREATE INDEX placements_by_bin ON placements (tenant_id, bin_id)",
    "CREATE INDEX putaway_recommendations_by_time ON putaway_recommendations (tenant_id, facility_id, created_ms)",
    "CREATE INDEX capacity_failures_by_time ON capacity_failures (tenant_id, at_ms)",
    "CREATE INDEX relocation_tasks_by_status ON relocation_tasks (tenant_id, status)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (table, columns) in [("bin_locations", &BIN_COLUMNS[..]), ("materials", &MATERIAL_COLUMNS[..])] {
            for (name, definition) in columns {
                db.execute_unprepared(&format!("ALTER TABLE {table} ADD COLUMN {name} {definition}")).await?;
            }
        }
        for table in tables(postgres::id_column(manager)) {
            db.execute_unprepared(&table).await?;
        }
        for index in INDEXES {
            db.execute_unprepared(index).await?;
        }
        postgres::secure_tenant_tables(manager, &TABLES).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for index in INDEXES {
            let name = index.split_whitespace().nth(2).expect("CREATE INDEX <name>");
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        for table in TABLES.iter().rev() {
            db.execute_unprepared(&format!("DROP TABLE {table}")).await?;
        }
        for (table, columns) in [("bin_locations", &BIN_COLUMNS[..]), ("materials", &MATERIAL_COLUMNS[..])] {
            for (name, _) in columns {
                db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN {name}")).await?;
            }
        }
        Ok(())
    }
}
