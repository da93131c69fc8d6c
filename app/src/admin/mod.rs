//! Administration: tenants, users, facilities and master data.

pub mod page;
