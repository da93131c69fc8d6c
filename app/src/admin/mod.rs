//! Administration: platform administrators manage tenants; tenant administrators
//! manage users, master data (`catalog`) and read the audit log.

pub mod catalog;
pub mod page;
pub mod tenants;
pub mod users;
