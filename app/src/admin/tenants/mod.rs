//! The platform administrator's tenant management: create a tenant with its first
//! administrator, rename, suspend and reactivate.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod slug;
