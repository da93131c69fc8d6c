//! Integration tests: the real server on a random port, against a fresh SQLite file
//! or a fresh Postgres database per test. Each file reads like a user story.

mod helpers;

mod cli;
mod health;
mod metrics;
mod migrations;
mod plumbing;
mod seed;
