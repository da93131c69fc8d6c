//! The Floorcast server: configuration, the command line, the HTTP application
//! (router, sessions, health, metrics, static files) and the database seeding.
//!
//! `startup::Application` is how both the binary and the tests start the server.

pub mod admin;
pub mod bench_floor;
pub mod bench_packing;
pub mod bench_reads;
pub mod bench_server;
pub mod cli;
pub mod config;
pub mod database;
pub mod floor_watch;
pub mod forecast;
pub mod observability;
pub mod routes;
pub mod seed;
pub mod sessions;
pub mod startup;
pub mod sweep;
