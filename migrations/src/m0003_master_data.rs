//! Master data the dashboards need: vendors, materials (unit dimensions, weight and
//! planning parameters), work centers and bin locations. All tenant-owned, with a
//! code unique per tenant.

use sea_orm_migration::prelude::*;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A column of a master-data table: `(name, type)`.
enum Col {
    Text(&'static str, u32),
    OptionalText(&'static str, u32),
    Real(&'static str),
    OptionalReal(&'static str),
    Integer(&'static str),
    Reference(&'static str, &'static str),
    OptionalReference(&'static str, &'static str),
}

const TABLES: [(&str, &[Col]); 4] = [
    (
        "vendors",
        &[
            Col::Text("code", 32),
            Col::Text("name", 200),
            Col::OptionalText("email", 254),
            Col::Integer("lead_time_days"),
        ],
    ),
    (
        "materials",
        &[
            Col::Text("code", 64),
            Col::Text("name", 200),
            Col::Text("unit", 16),
            Col::Real("unit_length_mm"),
            Col::Real("unit_width_mm"),
            Col::Real("unit_height_mm"),
            Col::Real("unit_weight_kg"),
            Col::Integer("lead_time_days"),
            Col::Real("service_level"),
            Col::Real("order_cost"),
            Col::Real("holding_cost_rate"),
            Col::Real("min_order_qty"),
            Col::Real("order_multiple"),
            Col::OptionalReference("vendor_id", "vendors"),
        ],
    ),
    (
        "work_centers",
        &[
            Col::Reference("facility_id", "facilities"),
            Col::Text("code", 32),
            Col::Text("name", 200),
            Col::Text("kind", 16),
            Col::OptionalReal("ideal_rate_per_hour"),
        ],
    ),
    (
        "bin_locations",
        &[
            Col::Reference("facility_id", "facilities"),
            Col::Text("code", 32),
            Col::Text("zone", 32),
            Col::Real("length_mm"),
            Col::Real("width_mm"),
            Col::Real("height_mm"),
            Col::Real("max_weight_kg"),
        ],
    ),
];

fn create(table: &str, columns: &[Col]) -> TableCreateStatement {
    let mut create = Table::create();
    create
        .table(Alias::new(table))
        .col(ColumnDef::new(Alias::new("id")).big_integer().not_null().auto_increment().primary_key())
        .col(ColumnDef::new(Alias::new("tenant_id")).big_integer().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(Alias::new(table), Alias::new("tenant_id"))
                .to(Alias::new("tenants"), Alias::new("id"))
                .on_delete(ForeignKeyAction::Cascade),
        );
    for column in columns {
        let (name, mut def) = match column {
            Col::Text(name, len) => (*name, ColumnDef::new(Alias::new(*name)).string_len(*len).not_null().to_owned()),
            Col::OptionalText(name, len) => {
                (*name, ColumnDef::new(Alias::new(*name)).string_len(*len).null().to_owned())
            }
            Col::Real(name) => (*name, ColumnDef::new(Alias::new(*name)).double().not_null().to_owned()),
            Col::OptionalReal(name) => (*name, ColumnDef::new(Alias::new(*name)).double().null().to_owned()),
            Col::Integer(name) => (*name, ColumnDef::new(Alias::new(*name)).big_integer().not_null().to_owned()),
            Col::Reference(name, _) => (*name, ColumnDef::new(Alias::new(*name)).big_integer().not_null().to_owned()),
            Col::OptionalReference(name, _) => {
                (*name, ColumnDef::new(Alias::new(*name)).big_integer().null().to_owned())
            }
        };
        create.col(&mut def);
        if let Col::Reference(_, target) | Col::OptionalReference(_, target) = column {
            create.foreign_key(
                ForeignKey::create()
                    .from(Alias::new(table), Alias::new(name))
                    .to(Alias::new(*target), Alias::new("id")),
            );
        }
    }
    create.col(ColumnDef::new(Alias::new("updated_at")).timestamp_with_time_zone().not_null());
    create.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, columns) in TABLES {
            manager.create_table(create(table, columns)).await?;
            manager
                .create_index(
                    Index::create()
                        .name(format!("{table}_tenant_code"))
                        .table(Alias::new(table))
                        .col(Alias::new("tenant_id"))
                        .col(Alias::new("code"))
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        if postgres::is_postgres(manager) {
            postgres::grant_app_role(manager).await?;
            for (table, _) in TABLES {
                postgres::isolate_by_tenant(manager, table, "tenant_id").await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, _) in TABLES.iter().rev() {
            manager.drop_table(Table::drop().table(Alias::new(*table)).to_owned()).await?;
        }
        Ok(())
    }
}
