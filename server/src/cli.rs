//! The command line: `serve` (default), `migrate`, `seed`, `health`.
//!
//! Every failure ends in one line on stderr and a non-zero exit code: 2 for bad
//! usage or configuration, 1 for everything else (`health` exits 0/1/2 for
//! HEALTHY/DEGRADED/UNHEALTHY).

use std::process::ExitCode;

use app::health::model::{Check, HealthReport, HealthStatus};
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::seed::{self, Scale, SeedOutcome};
use crate::startup::{shutdown_signal, Application};
use crate::{admin, database, observability};

#[derive(Debug, Parser)]
#[command(name = "server", version, about = "Floorcast: forecasting, production and warehouse dashboards")]
#[command(
    after_help = "Configuration comes from environment variables; see the README (DATABASE_URL, FLOORCAST_ADDR, …)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database and serve the web application (the default).
    Serve {
        /// On a database without any tenant, create the demo data and print the demo logins.
        #[arg(long)]
        seed_demo_if_empty: bool,
    },
    /// Change or show the database schema.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Fill the database with demo data.
    Seed {
        /// Create the demo tenant "Acme Print" with its facilities and users.
        #[arg(long, required = true)]
        demo: bool,
        /// Multiply data volumes by N (1–1000), for benchmarks.
        #[arg(long, default_value_t = 1)]
        scale: u32,
    },
    /// Print the readiness report as JSON; exit 0 HEALTHY, 1 DEGRADED, 2 UNHEALTHY.
    Health,
    /// Administer accounts from the command line.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
}

#[derive(Debug, Subcommand)]
enum AdminAction {
    /// Create the first platform administrator of a new installation. The password
    /// comes from FLOORCAST_ADMIN_PASSWORD or, if unset, from a prompt.
    CreatePlatformAdmin {
        #[arg(long)]
        email: String,
        /// The name shown in the top bar.
        #[arg(long, default_value = "Platform administrator")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Revert the most recent migrations.
    Down {
        /// How many migrations to revert.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List the migrations and whether each is applied.
    Status,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    observability::logging::init(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let command = cli.command.unwrap_or(Command::Serve { seed_demo_if_empty: false });
    match runtime.block_on(run(command, config)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<ExitCode, String> {
    match command {
        Command::Serve { seed_demo_if_empty } => serve(config, seed_demo_if_empty).await,
        Command::Migrate { action } => migrate(config, action).await,
        Command::Seed { demo: _, scale } => {
            let scale = match Scale::parse(scale) {
                Ok(scale) => scale,
                Err(message) => {
                    eprintln!("error: {message}");
                    return Ok(ExitCode::from(2));
                }
            };
            let db = database::connect(&config).await.map_err(|e| e.to_string())?;
            database::migrate_up(&db).await.map_err(|e| format!("cannot migrate the database: {e}"))?;
            seed_and_report(&db, scale).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Health => Ok(health(config).await),
        Command::Admin { action: AdminAction::CreatePlatformAdmin { email, name } } => {
            admin::create_platform_admin(config, &email, &name).await
        }
    }
}

async fn serve(config: Config, seed_demo_if_empty: bool) -> Result<ExitCode, String> {
    let application = Application::build(&config).await.map_err(|e| e.to_string())?;
    if seed_demo_if_empty && seed::is_empty(application.db()).await.map_err(|e| e.to_string())? {
        seed_and_report(application.db(), Scale::parse(1)?).await?;
    }
    let url = format!("http://{}:{}", config.addr.ip(), application.port());
    tracing::info!(%url, backend = ?config.database_url.backend(), "Floorcast is listening");
    println!("Floorcast is serving on {url}");
    application.run_until_stopped(shutdown_signal()).await.map_err(|e| format!("server stopped: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

async fn seed_and_report(db: &sea_orm::DatabaseConnection, scale: Scale) -> Result<(), String> {
    match seed::seed_demo(db, scale).await.map_err(|e| format!("seeding failed, nothing was stored: {e}"))? {
        SeedOutcome::AlreadyPresent => {
            println!("Demo data is already present (tenant slug \"{}\"); nothing changed.", seed::DEMO_TENANT_SLUG)
        }
        SeedOutcome::Created { summary } => {
            println!("Demo data created:");
            for line in summary {
                println!("  {line}");
            }
        }
    }
    Ok(())
}

async fn migrate(config: Config, action: MigrateAction) -> Result<ExitCode, String> {
    let db = database::connect(&config).await.map_err(|e| e.to_string())?;
    let fail = |e: sea_orm::DbErr| format!("migration failed: {e}");
    match action {
        MigrateAction::Up => {
            database::migrate_up(&db).await.map_err(fail)?;
            println!("The schema is up to date.");
        }
        MigrateAction::Down { steps } => {
            database::migrate_down(&db, steps).await.map_err(fail)?;
            println!("Reverted {steps} migration(s).");
        }
        MigrateAction::Status => {
            for (name, applied) in database::migration_status(&db).await.map_err(fail)? {
                println!("{} {name}", if applied { "applied" } else { "pending" });
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the readiness report; a database that cannot be opened is UNHEALTHY, not an error.
async fn health(config: Config) -> ExitCode {
    let report = match database::connect(&config).await {
        Ok(db) => app::health::store::readiness(&db, &config.site_root).await,
        Err(error) => HealthReport::from_checks(
            vec![Check {
                name: "database".into(),
                status: HealthStatus::Unhealthy,
                message: error.to_string(),
                duration_ms: 0.0,
            }],
            chrono::Utc::now().timestamp_millis(),
        ),
    };
    println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    ExitCode::from(report.status.exit_code())
}
