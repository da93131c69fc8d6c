//! `server admin …`: account administration from the command line, for the first
//! platform administrator of a real installation (which has no demo data).

use std::io::IsTerminal;
use std::process::ExitCode;

use app::auth::accounts::{create_account, CreateAccountError, Email, NewAccount};
use app::auth::model::Role;
use app::auth::password::{Hashed, NewPassword};
use app::db::scope::{self, Scope};
use app::forms::parse_text;
use app::i18n::EN;

use crate::config::Config;
use crate::database;

const PASSWORD_VARIABLE: &str = "FLOORCAST_ADMIN_PASSWORD";

/// Creates a platform administrator; bad input is one line and exit code 2.
pub async fn create_platform_admin(config: Config, email: &str, name: &str) -> Result<ExitCode, String> {
    let usage = |message: String| {
        eprintln!("error: {message}");
        Ok(ExitCode::from(2))
    };
    let email = match Email::parse(email, &EN) {
        Ok(email) => email,
        Err(message) => return usage(format!("--email: {message}")),
    };
    let display_name = match parse_text(name, 100, &EN) {
        Ok(name) => name,
        Err(message) => return usage(format!("--name: {message}")),
    };
    let password = match read_password()? {
        Some(password) => password,
        None => return usage(format!("set {PASSWORD_VARIABLE} or run in a terminal to be asked for the password")),
    };
    let password = match NewPassword::parse(&password) {
        Ok(password) => password,
        Err(message) => return usage(format!("password: {message}")),
    };
    let password = Hashed::of(password.as_str()).await;
    let db = database::connect(&config).await.map_err(|e| e.to_string())?;
    database::migrate_up(&db).await.map_err(|e| format!("cannot migrate the database: {e}"))?;
    let tx = scope::write(&db, Scope::AllTenants).await.map_err(|e| e.to_string())?;
    let account =
        NewAccount { tenant_id: None, email: email.clone(), display_name, role: Role::PlatformAdmin, password };
    match create_account(&tx, account).await {
        Ok(_) => {}
        Err(CreateAccountError::Duplicate) => {
            return usage(format!("a platform administrator {} exists already", email.as_str()))
        }
        Err(error) => return Err(error.to_string()),
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    println!("Platform administrator {} created. Sign in at /login.", email.as_str());
    Ok(ExitCode::SUCCESS)
}

/// The password from the environment, else from a prompt (twice, without echo).
fn read_password() -> Result<Option<String>, String> {
    if let Ok(password) = std::env::var(PASSWORD_VARIABLE) {
        return Ok(Some(password));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
    let second = rpassword::prompt_password("Password again: ").map_err(|e| e.to_string())?;
    if first != second {
        return Err("the two passwords differ; nothing was created".into());
    }
    Ok(Some(first))
}
