//! The command line: `serve` (default), `migrate`, `seed`, `health`, `admin`, and
//! the database-free `forecast` and `bench-forecast`, and the load benchmarks
//! `bench-reads` and `bench-floor`.
//!
//! Every failure ends in one line on stderr and a non-zero exit code: 2 for bad
//! usage or configuration, 1 for everything else (`health` exits 0/1/2 for
//! HEALTHY/DEGRADED/UNHEALTHY).

use std::path::PathBuf;
use std::process::ExitCode;

use app::domain::forecast::settings::{Horizon, Levels, Method, Settings, SettingsError};
use app::health::model::{Check, HealthReport, HealthStatus};
use clap::{Args, Parser, Subcommand};

use crate::bench_floor::{bench_floor, BenchFloorRequest};
use crate::bench_packing::{bench_packing, BenchPackingRequest};
use crate::bench_reads::{bench_reads, BenchReadsRequest};
use crate::bench_server::Backend;
use crate::config::Config;
use crate::forecast::bench::{bench, BenchRequest};
use crate::forecast::{self, Request, RunError};
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
        /// Keep the demo floor moving in real time while serving (as `seed --demo --live`).
        #[arg(long)]
        live_demo: bool,
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
        /// Days of production history up to now (0–400).
        #[arg(long, default_value_t = DEMO_HISTORY_DAYS, value_parser = clap::value_parser!(u32).range(0..=400))]
        history_days: u32,
        /// Then keep adding runs, counts and machine states in real time until stopped (Ctrl-C).
        #[arg(long)]
        live: bool,
    },
    /// Print the readiness report as JSON; exit 0 HEALTHY, 1 DEGRADED, 2 UNHEALTHY.
    Health,
    /// Administer accounts from the command line.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Forecast demand from a CSV file into a CSV file (no database needed).
    #[command(after_help = FORECAST_HELP)]
    Forecast(ForecastArgs),
    /// Time `forecast --method auto` on synthetic data and print the accuracy table.
    BenchForecast(BenchArgs),
    /// Load the signed-in read path with `hey` on SQLite and Postgres; print latencies.
    BenchReads(BenchReadsArgs),
    /// Seed a large floor, poll its overview from many dashboards while tablets count; print latencies.
    BenchFloor(BenchFloorArgs),
    /// Pack seeded 3-D bin-packing instances with the putaway geometry; print bins against the bound.
    BenchPacking(BenchPackingArgs),
}

const FORECAST_HELP: &str = "\
Input: a CSV with the header series_id,date,quantity (any column order; rows in any
order; dates YYYY-MM-DD; quantities non-negative numbers). Each series' frequency
(daily, weekly, monthly, quarterly) is inferred from its own dates, and the output
dates continue it. A period with no row counts as zero demand: for daily data, a
missing date means nothing was sold that day.

Drivers: any further column (for example promotion, price) is a known driver: a
regressor in the regression model, and a multiplier on croston, sba, tsb and adida.
Rows dated after a series' last quantity may leave the quantity empty to give the
drivers' future values.

Output: series_id,step,date,forecast,lo80,hi80,lo95,hi95,method with steps 1..H,
one row per step; forecasts and bounds are never negative.

Bad input (a missing column, a bad date, a negative or non-numeric quantity, a
duplicate series/date, an empty file, H outside 1..=730) stops the run with the line
number, exit code 2 and no output file.";

#[derive(Debug, Args)]
struct ForecastArgs {
    /// The demand history CSV.
    #[arg(long, value_name = "IN.csv")]
    input: PathBuf,
    /// Periods to forecast, 1–730.
    #[arg(long, value_name = "H", allow_negative_numbers = true)]
    horizon: i64,
    /// Season length in periods (e.g. 7, 12, 52, 365) instead of detecting it; 1 means none.
    #[arg(long, value_name = "M")]
    season_length: Option<usize>,
    /// auto, naive, snaive, ma, ses, holt, hw, ets, arima, theta, regression, croston, sba, tsb or adida.
    #[arg(long, default_value = "auto")]
    method: String,
    /// Prediction-interval levels in percent.
    #[arg(long, default_value = "80,95")]
    level: String,
    /// Pull values with a robust z-score beyond 3 in to that bound before fitting.
    #[arg(long)]
    clean_outliers: bool,
    /// Where to write the forecast CSV.
    #[arg(long, value_name = "OUT.csv")]
    output: PathBuf,
    /// Also write, per series, the model chosen and why.
    #[arg(long, value_name = "REPORT.csv")]
    report: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct BenchArgs {
    /// Daily series in the speed run.
    #[arg(long, default_value_t = 10_000)]
    series: usize,
    /// Days of history per series.
    #[arg(long, default_value_t = 730)]
    days: usize,
    /// Days to forecast, 1–730.
    #[arg(long, default_value_t = 28, allow_negative_numbers = true)]
    horizon: i64,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Series per kind of data in the accuracy table; 0 skips it.
    #[arg(long, default_value_t = 300)]
    accuracy_sample: usize,
    /// Keep the generated CSVs in this folder.
    #[arg(long)]
    dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct BenchReadsArgs {
    /// Signed-in clients, each its own `hey` process and session.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..=500))]
    clients: u16,
    /// Read requests per second of all clients together, in the fixed-rate scenarios.
    #[arg(long, default_value_t = 500)]
    rate: u32,
    /// Writes per second of the one writer.
    #[arg(long, default_value_t = 20)]
    writes: u32,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    seconds: u64,
    /// The Postgres maintenance database on which a throw-away database is made.
    #[arg(long, env = "TEST_POSTGRES_URL", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    postgres_url: String,
    /// Skip Postgres.
    #[arg(long)]
    sqlite_only: bool,
}

#[derive(Debug, Args)]
struct BenchPackingArgs {
    /// Items per instance.
    #[arg(long, value_delimiter = ',', default_value = "50,100,200", value_parser = clap::value_parser!(u16).range(3..=2000))]
    sizes: Vec<u16>,
    /// Instances per class and size.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=1000))]
    instances: u16,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the instances (instances.csv, boxes.csv) into DIR for another packer, and stop.
    #[arg(long, value_name = "DIR")]
    export: Option<PathBuf>,
    /// Another packer's placements.csv: checked and shown beside ours.
    #[arg(long, value_name = "PLACEMENTS.csv")]
    peer: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct BenchFloorArgs {
    /// Work-center lines of 12 (5: 60 work centers).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=50))]
    scale: u32,
    /// Days of production history (260 at scale 5: about 100,000 runs and 1.3 million count events).
    #[arg(long, default_value_t = 260, value_parser = clap::value_parser!(u32).range(1..=400))]
    days: u32,
    /// Numbers of polling dashboards, one scenario each.
    #[arg(long, value_delimiter = ',', default_value = "10,200")]
    dashboards: Vec<usize>,
    /// Tablets recording +1, with the most dashboards (0: no such scenario).
    #[arg(long, default_value_t = 20)]
    tablets: usize,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(5..=600))]
    seconds: u64,
    /// The Postgres maintenance database on which a throw-away database is made.
    #[arg(long, env = "TEST_POSTGRES_URL", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    postgres_url: String,
    /// Skip Postgres.
    #[arg(long)]
    sqlite_only: bool,
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
    match cli.command {
        Some(Command::Forecast(args)) => return forecast_command(args),
        Some(Command::BenchForecast(args)) => return bench_command(args),
        Some(Command::BenchReads(args)) => return bench_reads_command(args),
        Some(Command::BenchFloor(args)) => return bench_floor_command(args),
        Some(Command::BenchPacking(args)) => return bench_packing_command(args),
        _ => {}
    }
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
    let command = cli.command.unwrap_or(Command::Serve { seed_demo_if_empty: false, live_demo: false });
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
        Command::Serve { seed_demo_if_empty, live_demo } => serve(config, seed_demo_if_empty, live_demo).await,
        Command::Migrate { action } => migrate(config, action).await,
        Command::Seed { demo: _, scale, history_days, live } => {
            let scale = match Scale::parse(scale) {
                Ok(scale) => scale,
                Err(message) => {
                    eprintln!("error: {message}");
                    return Ok(ExitCode::from(2));
                }
            };
            let db = database::connect(&config).await.map_err(|e| e.to_string())?;
            database::migrate_up(&db).await.map_err(|e| format!("cannot migrate the database: {e}"))?;
            seed_and_report(&db, scale, history_days).await?;
            if live {
                println!(
                    "The demo floor is live: a step every {} s. Ctrl-C stops it.",
                    seed::live::LIVE_STEP.as_secs()
                );
                tokio::select! {
                    () = seed::live::run(db) => {}
                    () = shutdown_signal() => println!("The live demo stopped."),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Health => Ok(health(config).await),
        Command::Admin { action: AdminAction::CreatePlatformAdmin { email, name } } => {
            admin::create_platform_admin(config, &email, &name).await
        }
        // Normally dispatched before the configuration is read; harmless here too.
        Command::Forecast(args) => Ok(forecast_command(args)),
        Command::BenchForecast(args) => Ok(bench_command(args)),
        Command::BenchReads(args) => Ok(bench_reads_command(args)),
        Command::BenchFloor(args) => Ok(bench_floor_command(args)),
        Command::BenchPacking(args) => Ok(bench_packing_command(args)),
    }
}

/// `bench-reads`: signed-in reads under load.
fn bench_reads_command(args: BenchReadsArgs) -> ExitCode {
    let request = BenchReadsRequest {
        backends: bench_backends(args.postgres_url, args.sqlite_only),
        clients: usize::from(args.clients),
        rate: f64::from(args.rate),
        writes_per_second: f64::from(args.writes),
        duration: std::time::Duration::from_secs(args.seconds),
    };
    print_bench(async move { bench_reads(&request).await })
}

/// `bench-floor`: the floor overview and operator counts at scale.
fn bench_floor_command(args: BenchFloorArgs) -> ExitCode {
    let scale = match Scale::parse(args.scale) {
        Ok(scale) => scale,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let request = BenchFloorRequest {
        backends: bench_backends(args.postgres_url, args.sqlite_only),
        scale,
        days: args.days,
        dashboards: args.dashboards,
        tablets: args.tablets,
        poll_every: std::time::Duration::from_secs(5),
        count_every: std::time::Duration::from_secs(1),
        duration: std::time::Duration::from_secs(args.seconds),
    };
    print_bench(async move { bench_floor(&request).await })
}

/// `bench-packing`: the putaway geometry on the classic 3-D bin-packing classes.
fn bench_packing_command(args: BenchPackingArgs) -> ExitCode {
    let request = BenchPackingRequest {
        sizes: args.sizes.into_iter().map(usize::from).collect(),
        count: usize::from(args.instances),
        seed: args.seed,
        export: args.export,
        peer: args.peer,
    };
    print_bench(async move { bench_packing(&request) })
}

fn bench_backends(postgres_url: String, sqlite_only: bool) -> Vec<Backend> {
    let mut backends = vec![Backend::Sqlite];
    if !sqlite_only {
        backends.push(Backend::Postgres { admin_url: postgres_url });
    }
    backends
}

/// Runs a load benchmark and prints its table on stdout; request logs only at
/// `warn` unless `RUST_LOG` says otherwise.
fn print_bench(bench: impl std::future::Future<Output = Result<String, String>>) -> ExitCode {
    observability::logging::init_with_default(crate::config::LogFormat::Pretty, "warn");
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
        .and_then(|runtime| runtime.block_on(bench));
    match outcome {
        Ok(table) => {
            println!("{table}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `forecast`: exit 0 with the file written, 2 for bad input or settings, 1 for I/O failures.
fn forecast_command(args: ForecastArgs) -> ExitCode {
    let settings = match forecast_settings(&args) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let request = Request { input: args.input, output: args.output, report: args.report, settings };
    match forecast::run(&request) {
        Ok(timings) => {
            eprintln!(
                "Forecast {} series in {:.2} s; wrote {}",
                timings.series,
                (timings.read + timings.forecast + timings.write).as_secs_f64(),
                request.output.display()
            );
            ExitCode::SUCCESS
        }
        Err(error @ RunError::Input(_)) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        Err(error @ RunError::Io(_)) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn forecast_settings(args: &ForecastArgs) -> Result<Settings, SettingsError> {
    Ok(Settings {
        horizon: Horizon::parse(args.horizon)?,
        season_length: args.season_length,
        method: Method::parse(&args.method)?,
        levels: Levels::parse(&args.level)?,
        clean_outliers: args.clean_outliers,
    })
}

fn bench_command(args: BenchArgs) -> ExitCode {
    let horizon = match Horizon::parse(args.horizon) {
        Ok(horizon) => horizon,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let request = BenchRequest {
        series: args.series,
        days: args.days,
        horizon,
        seed: args.seed,
        accuracy_sample: args.accuracy_sample,
        dir: args.dir,
    };
    match bench(&request) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config, seed_demo_if_empty: bool, live_demo: bool) -> Result<ExitCode, String> {
    let application = Application::build(&config).await.map_err(|e| e.to_string())?;
    if seed_demo_if_empty && seed::is_empty(application.db()).await.map_err(|e| e.to_string())? {
        seed_and_report(application.db(), Scale::parse(1)?, DEMO_HISTORY_DAYS).await?;
    }
    let live = live_demo.then(|| seed::live::spawn(application.db().clone()));
    let url = format!("http://{}:{}", config.addr.ip(), application.port());
    tracing::info!(%url, backend = ?config.database_url.backend(), "Floorcast is listening");
    println!("Floorcast is serving on {url}");
    let served = application.run_until_stopped(shutdown_signal()).await;
    if let Some(live) = live {
        live.abort();
    }
    served.map_err(|e| format!("server stopped: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// How much production history the demo gets unless told otherwise.
const DEMO_HISTORY_DAYS: u32 = 90;

async fn seed_and_report(db: &sea_orm::DatabaseConnection, scale: Scale, history_days: u32) -> Result<(), String> {
    match seed::seed_demo_with_history(db, scale, history_days)
        .await
        .map_err(|e| format!("seeding failed, nothing was stored: {e}"))?
    {
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
