//! Integration tests: the real server on a random port, against a fresh SQLite file
//! or a fresh Postgres database per test. Each file reads like a user story.

mod helpers;

mod access;
mod admin;
mod alerts;
mod auth;
mod bad_input;
mod cli;
mod forecast_cli;
mod health;
mod idempotency;
mod isolation;
mod live_demo;
mod loss_rules;
mod machine_feed;
mod malformed;
mod metrics;
mod migrations;
mod plumbing;
mod production;
mod production_runs;
mod receiving;
mod row_security;
mod schedule;
mod seed;
mod sessions;
mod shift_calendar;
mod snapshots;
mod transactions;
mod tv;
