//! SeaORM entities, one file per table.

pub mod facility;
pub mod tenant;
