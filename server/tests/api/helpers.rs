//! `TestApp`: the real application, started the way the binary starts it, on a
//! database of its own that is dropped afterwards.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{json, Value};
use server::config::{Config, DatabaseUrl};
use server::startup::Application;

/// Generates one `#[tokio::test]` per backend for each listed `async fn(Backend)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($test:ident),+ $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $test() {
                   $crate::helpers::watchdog(module_path!(), stringify!($test), super::$test($crate::helpers::Backend::Sqlite)).await
               } )+
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $test() {
                   $crate::helpers::watchdog(module_path!(), stringify!($test), super::$test($crate::helpers::Backend::Postgres)).await
               } )+
        }
    };
}

/// How long one test may run before the watchdog fails it.
const WATCHDOG: Duration = Duration::from_secs(60);

/// How long one HTTP request of a test may take: a stalled response fails the test
/// with its URL instead of waiting for the watchdog.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs `test`, failing it by name when it takes longer than [`WATCHDOG`], so a
/// stall (a lost wake-up, a deadlock) fails in a minute instead of holding CI.
pub async fn watchdog(module: &str, name: &str, test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(WATCHDOG, test).await.is_err() {
        panic!("{module}::{name} still running after {} s: stalled", WATCHDOG.as_secs());
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("floorcast_test_{}_{}_{nanos}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// A database of one test. SQLite: a file in a fresh temporary folder.
/// Postgres: a fresh database on `TEST_POSTGRES_URL`. Both are removed on drop.
pub struct TestDb {
    pub backend: Backend,
    pub url: DatabaseUrl,
    name: String,
    folder: PathBuf,
    /// Only the owner drops the database; a shared handle leaves it.
    owner: bool,
}

impl TestDb {
    /// `None` when the backend is Postgres and it cannot be reached outside CI;
    /// with `CI=true` an unreachable Postgres fails the test instead.
    pub async fn create(backend: Backend) -> Option<TestDb> {
        let name = unique_name();
        let folder = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(folder.join("site/pkg")).unwrap();
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", folder.join("test.db").display()),
            Backend::Postgres => {
                let admin = postgres_admin().await?;
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
                let mut url = url::Url::parse(&postgres_admin_url()).unwrap();
                url.set_path(&name);
                url.to_string()
            }
        };
        Some(TestDb { backend, url: DatabaseUrl::parse(&url).unwrap(), name, folder, owner: true })
    }

    /// A second handle on the same database, for a second server instance.
    pub fn share(&self) -> TestDb {
        TestDb {
            backend: self.backend,
            url: self.url.clone(),
            name: self.name.clone(),
            folder: self.folder.clone(),
            owner: false,
        }
    }

    /// A site root with both browser bundles in place (so the `site` check is healthy).
    pub fn site_root(&self) -> PathBuf {
        let root = self.folder.join("site");
        for name in [app::OFFICE_BUNDLE, app::FLOOR_BUNDLE] {
            std::fs::write(root.join(format!("pkg/{name}.js")), "// bundle").unwrap();
        }
        root
    }

    /// Removes the database while the application still runs.
    pub async fn make_unreachable(&self, app_db: &DatabaseConnection) {
        match self.backend {
            // An open SQLite file keeps working after it is deleted; a closed pool does not.
            Backend::Sqlite => app_db.clone().close().await.unwrap(),
            Backend::Postgres => drop_postgres_database(&self.name).await,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if !self.owner {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.folder);
        if self.backend == Backend::Postgres {
            let name = self.name.clone();
            // Drop runs inside the test's runtime, which cannot be blocked on: use a thread.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                runtime.block_on(drop_postgres_database(&name));
            })
            .join();
        }
    }
}

async fn drop_postgres_database(name: &str) {
    if let Ok(admin) = Database::connect(&postgres_admin_url()).await {
        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
    }
}

/// A connection to the Postgres maintenance database, or `None` (said loudly) when
/// it is unreachable outside CI.
async fn postgres_admin() -> Option<DatabaseConnection> {
    let url = postgres_admin_url();
    let reason = match tokio::time::timeout(Duration::from_secs(5), Database::connect(&url)).await {
        Ok(Ok(db)) => return Some(db),
        Ok(Err(e)) => e.to_string(),
        Err(_) => "no answer within 5 s".to_string(),
    };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("Postgres is unreachable at {url} and CI=true: {reason}");
    }
    eprintln!(
        "\n!!!!! SKIPPING a Postgres test: Postgres is unreachable at {url} ({reason}). \
         Start it or set TEST_POSTGRES_URL. !!!!!\n"
    );
    None
}

/// The application under test, serving on a random port.
pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub snapshots: std::sync::Arc<app::snapshot::SnapshotCache>,
    pub client: reqwest::Client,
    pub test_db: TestDb,
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.address)).send().await.expect("request failed")
    }
}

/// The configuration a test server runs with: a random port and the test's database.
pub fn test_config(test_db: &TestDb) -> Config {
    let mut config = Config::from_lookup(|_| None).unwrap();
    config.database_url = test_db.url.clone();
    config.addr = "127.0.0.1:0".parse().unwrap();
    config.site_root = test_db.site_root();
    config
}

/// Starts the application on a fresh database; `None` only when Postgres is skipped.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    let test_db = TestDb::create(backend).await?;
    Some(spawn_app_with(test_config(&test_db), test_db).await)
}

pub async fn spawn_app_with(config: Config, test_db: TestDb) -> TestApp {
    let application = Application::build(&config).await.expect("the application starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = application.db().clone();
    let snapshots = application.snapshots();
    tokio::spawn(application.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .build()
        .unwrap();
    TestApp { address, db, snapshots, client, test_db }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .build()
        .unwrap()
}

impl TestApp {
    /// Starts the application with the demo tenant and its logins.
    pub async fn with_demo(backend: Backend) -> Option<TestApp> {
        TestApp::with_demo_configured(backend, |_| {}).await
    }

    /// As [`TestApp::with_demo`], with `adjust` applied to the configuration first.
    pub async fn with_demo_configured(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let test_db = TestDb::create(backend).await?;
        let mut config = test_config(&test_db);
        adjust(&mut config);
        let app = spawn_app_with(config, test_db).await;
        server::seed::seed_demo(&app.db, server::seed::Scale::parse(1).unwrap()).await.unwrap();
        Some(app)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Posts a form to a server function, as a script would.
    pub async fn call(&self, client: &reqwest::Client, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        client.post(self.url(endpoint)).form(form).send().await.expect("request failed")
    }

    pub async fn login(&self, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
        self.call(client, "/api/login", &[("email", email), ("password", password)]).await
    }

    /// A new browser signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let client = browser();
        let response = self.login(&client, email, server::seed::DEMO_PASSWORD).await;
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "login as {email}: {}",
            response.status()
        );
        client
    }

    /// Who a bare `floorcast_session=…` cookie signs in as, replayed from a fresh
    /// client (`null` when the session is gone).
    pub async fn whoami_with_cookie(&self, cookie: &str) -> serde_json::Value {
        let session = cookie.split(';').next().unwrap_or_default().to_string();
        let response = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap()
            .post(self.url("/api/current_user"))
            .header("cookie", session)
            .send()
            .await;
        response.expect("request failed").json().await.unwrap()
    }

    /// The signed-in user as JSON (`null` when signed out).
    pub async fn whoami(&self, client: &reqwest::Client) -> serde_json::Value {
        self.call(client, "/api/current_user", &[]).await.json().await.unwrap()
    }
}

/// How long a change made behind a server's back (by another process or a second
/// instance) may take to reach it: it reads the auth change log once a second.
pub const CHANGE_LOG_BOUND: Duration = Duration::from_secs(3);

/// Asks `whoami` until it answers `null` (signed out) or [`CHANGE_LOG_BOUND`]
/// has passed; returns the last answer.
pub async fn once_signed_out<F, Fut>(mut whoami: F) -> serde_json::Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = serde_json::Value>,
{
    let deadline = std::time::Instant::now() + CHANGE_LOG_BOUND;
    loop {
        let answer = whoami().await;
        if answer.is_null() || std::time::Instant::now() >= deadline {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A browser signed in at the demo kiosk as the demo operator.
pub async fn operator_browser(app: &TestApp) -> reqwest::Client {
    operator_at(app, None).await
}

/// A browser signed in at the demo kiosk as the demo operator, at `work_center` when given.
pub async fn operator_at(app: &TestApp, work_center: Option<i64>) -> reqwest::Client {
    use app::db::entity::facility;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let plant =
        facility::Entity::find().filter(facility::Column::Code.eq("PLANT")).one(&app.db).await.unwrap().unwrap();
    let client = browser();
    let work_center = work_center.map(|id| id.to_string()).unwrap_or_default();
    let response = app
        .call(
            &client,
            "/api/operator_login",
            &[
                ("facility", &plant.id.to_string()),
                ("badge", server::seed::DEMO_BADGE),
                ("pin", server::seed::DEMO_PIN),
                ("work_center", &work_center),
            ],
        )
        .await;
    assert!(!response.status().is_client_error(), "operator login: {}", response.status());
    client
}

/// The id in a `SaveOutcome::Saved` answer; panics with the answer otherwise.
pub async fn saved_id(response: reqwest::Response) -> i64 {
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    body["Saved"]["id"].as_i64().unwrap_or_else(|| panic!("not saved ({status}): {body}"))
}

/// A second tenant "Globex" with an administrator, created through the platform
/// administrator's form; returns the new administrator's browser.
pub async fn second_tenant(app: &TestApp) -> reqwest::Client {
    let platform = app.signed_in("platform@floorcast.local").await;
    let created = app
        .call(
            &platform,
            "/api/tenant_create",
            &[
                ("name", "Globex Labels"),
                ("slug", "globex"),
                ("admin_email", "admin@globex.example"),
                ("admin_name", "Gina Globex"),
                ("admin_password", server::seed::DEMO_PASSWORD),
            ],
        )
        .await;
    saved_id(created).await;
    app.signed_in("admin@globex.example").await
}

/// The `floorcast_session=…` Set-Cookie header of a response, whole.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("floorcast_session="))
        .map(str::to_string)
}

/// Every machine state, work center by work center, each in the order it started.
pub async fn states_in_order(db: &DatabaseConnection) -> Vec<app::db::entity::state_event::Model> {
    use app::db::entity::state_event;
    use sea_orm::{EntityTrait, QueryOrder};
    state_event::Entity::find()
        .order_by_asc(state_event::Column::WorkCenterId)
        .order_by_asc(state_event::Column::StartedMs)
        .all(db)
        .await
        .unwrap()
}

/// Makes a machine token for `work_center` through the admin page's server
/// function, signed in as the tenant administrator `admin`; returns its secret.
pub async fn machine_token(app: &TestApp, admin: &reqwest::Client, work_center: i64) -> String {
    let work_center = work_center.to_string();
    let response =
        app.call(admin, "/api/device_token_create", &[("name", "Gateway"), ("work_center_id", &work_center)]).await;
    assert_eq!(response.status().as_u16(), 200);
    let created: serde_json::Value = response.json().await.unwrap();
    created["Created"]["secret"].as_str().unwrap_or_else(|| panic!("no token made: {created}")).to_string()
}

/// A client that presents a new machine token of the tenant's first work center,
/// as a PLC gateway does (no cookies).
pub async fn machine_client(app: &TestApp, admin: &reqwest::Client) -> reqwest::Client {
    let page: serde_json::Value = app.call(admin, "/api/device_tokens", &[]).await.json().await.unwrap();
    let work_center = page["work_centers"][0][0].as_i64().expect("the tenant has a work center");
    let secret = machine_token(app, admin, work_center).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, format!("Bearer {secret}").parse().unwrap());
    reqwest::Client::builder().default_headers(headers).timeout(REQUEST_TIMEOUT).build().unwrap()
}

/// The id of the demo work center `code`.
pub async fn work_center(app: &TestApp, code: &str) -> i64 {
    id_of(app, "work_centers", code).await
}

/// The id of the row of `table` with `code` (codes are unique per tenant; the demo's among all).
pub async fn id_of(app: &TestApp, table: &str, code: &str) -> i64 {
    let placeholder = match app.db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "$1",
        _ => "?",
    };
    let sql = format!("SELECT id FROM {table} WHERE code = {placeholder}");
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(app.db.get_database_backend(), sql, [code.into()]))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no {table} row {code}"));
    row.try_get("", "id").unwrap()
}

pub fn key(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// Posts one station action; returns the status and the JSON answer.
pub async fn act(app: &TestApp, client: &reqwest::Client, wc: i64, key: &str, action: Value) -> (u16, Value) {
    let body = json!({ "work_center_id": wc, "action": action, "idempotency_key": key });
    let response = client.post(app.url("/api/station_write")).json(&body).send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

pub async fn done(app: &TestApp, client: &reqwest::Client, wc: i64, key: &str, action: Value) -> Value {
    let (status, answer) = act(app, client, wc, key, action.clone()).await;
    assert_eq!(status, 200, "{action}: {answer}");
    assert_eq!(answer["outcome"], "done", "{action}: {answer}");
    answer
}

/// Posts one station action the server must refuse; returns its sentence.
pub async fn refused(app: &TestApp, client: &reqwest::Client, wc: i64, key: &str, action: Value) -> String {
    let (status, answer) = act(app, client, wc, key, action.clone()).await;
    assert_eq!(status, 200, "{action}: {answer}");
    assert_eq!(answer["outcome"], "refused", "{action} should be refused: {answer}");
    answer["message"].as_str().unwrap().to_string()
}

/// What the tablet at `wc` shows.
pub async fn station(app: &TestApp, client: &reqwest::Client, wc: i64) -> Value {
    let response = app.call(client, "/api/station_view", &[("work_center_id", &wc.to_string())]).await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}
