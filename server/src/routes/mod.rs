//! HTTP routes the server adds beside the Leptos pages and server functions.

pub mod access;
pub mod health;
pub mod machine_feed;
pub mod same_origin;
