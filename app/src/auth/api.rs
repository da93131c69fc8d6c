//! Server functions of signing in and out. Stable endpoints under `/api/` answer
//! plain HTML form posts as well as the WASM client.

use super::model::{KioskInfo, SignedInUser};
use super::policy::Access;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Who may call the server functions of signing in and out: anyone.
pub const ACCESS: &[(&str, Access)] = &[
    (Login::PATH, Access::Public),
    (OperatorLogin::PATH, Access::Public),
    (Logout::PATH, Access::Public),
    (CurrentUser::PATH, Access::Public),
    (KioskFacility::PATH, Access::Public),
];

/// Signs in with e-mail and password; on success goes to the overview.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    server::login(email, password).await
}

/// Signs an operator in at a facility's kiosk with badge number and PIN, at the
/// work center they picked (optional: a facility may have none yet).
#[server(endpoint = "operator_login")]
pub async fn operator_login(
    facility: String,
    badge: String,
    pin: String,
    #[server(default)] work_center: String,
) -> Result<(), AppError> {
    server::operator_login(facility, badge, pin, work_center).await
}

/// Ends the session on the server. An operator goes back to their kiosk, so the
/// next operator can sign in with one tap.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    server::logout().await
}

/// The signed-in user, or `None`.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
    server::current_user().await
}

/// `fetch`'s answer, or `None` for a visitor whose role `access` does not admit:
/// asked first, so a visitor's browser never logs a refused request.
pub async fn when_allowed<T, Fut>(access: Access, fetch: impl FnOnce() -> Fut) -> Result<Option<T>, AppError>
where
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let allowed = current_user().await?.is_some_and(|user| access.allows(Some(user.role)));
    if !allowed {
        return Ok(None);
    }
    match fetch().await {
        Ok(found) => Ok(Some(found)),
        // Signed out or demoted since the first question.
        Err(error)
            if matches!(error.kind, crate::error::ErrorKind::NotSignedIn | crate::error::ErrorKind::Forbidden) =>
        {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// The facility a kiosk belongs to, by its number (for the kiosk's heading).
#[server(endpoint = "kiosk_facility")]
pub async fn kiosk_facility(facility: i64) -> Result<Option<KioskInfo>, AppError> {
    server::kiosk_facility(facility).await
}

#[cfg(feature = "ssr")]
mod server {
    use std::net::SocketAddr;

    use axum::extract::ConnectInfo;
    use chrono::Utc;
    use leptos::prelude::use_context;

    use super::KioskInfo;
    use crate::auth::guard;
    use crate::auth::kiosk_credentials::{Badge, Pin};
    use crate::auth::model::{Role, SignedInUser};
    use crate::auth::session::{self, SessionAuth};
    use crate::auth::throttle::{self, ThrottleKey};
    use crate::auth::{client_address, password, store};
    use crate::db::entity::tenant::TenantStatus;
    use crate::db::entity::user::UserStatus;
    use crate::db::scope::{self, Scope};
    use crate::db::use_server_state;
    use crate::error::{AppError, ErrorKind};
    use crate::i18n::use_i18n;

    const MAX_EMAIL_CHARS: usize = 254;

    /// The client's address as the throttle counts it (see `auth::client_address`).
    async fn client_address() -> String {
        let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>().await.ok().map(|ConnectInfo(addr)| addr.ip());
        let forwarded = use_context::<http::request::Parts>()
            .map(|parts| {
                parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default();
        let trusted = use_server_state().map(|s| s.trusted_proxies).unwrap_or_else(|_| Vec::new().into());
        match peer {
            Some(peer) => client_address::of_request(peer, &forwarded, &trusted),
            None => "unknown".into(),
        }
    }

    fn throttled(wait: std::time::Duration) -> AppError {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        AppError::too_many_requests(wait, use_i18n().err_throttled.replace("{minutes}", &minutes.to_string()))
    }

    fn wrong(message: &str) -> AppError {
        AppError::new(ErrorKind::NotSignedIn, message)
    }

    /// Runs argon2 off the async workers and outside any transaction: it is meant
    /// to be slow, and must hold neither a pooled connection nor SQLite's write lock.
    /// At most one verification per core runs at once; a burst of anonymous sign-ins
    /// queues here instead of filling the blocking pool and starving everyone else.
    async fn verify_off_thread(secret: String, stored: Option<String>) -> bool {
        static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
        let slots = SLOTS
            .get_or_init(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));
        let Ok(_slot) = slots.acquire().await else { return false };
        tokio::task::spawn_blocking(move || match stored {
            Some(stored) => password::verify(&secret, &stored),
            None => {
                password::verify_nothing(&secret);
                false
            }
        })
        .await
        .unwrap_or(false)
    }

    /// Refuses the attempt if any of `keys` is blocked now.
    async fn check_throttle(tx: &scope::ReadTx, keys: &[ThrottleKey]) -> Result<(), AppError> {
        match throttle::blocked_for(tx, keys, Utc::now()).await? {
            Some(wait) => Err(throttled(wait)),
            None => Ok(()),
        }
    }

    /// Counts a failed attempt on `keys` and answers `message`.
    async fn failed(keys: &[ThrottleKey], message: &str) -> Result<(), AppError> {
        let tx = scope::write(&use_server_state()?.db, Scope::AllTenants).await?;
        throttle::record_failure(&tx, keys, Utc::now()).await?;
        tx.commit().await?;
        Err(wrong(message))
    }

    pub async fn login(email: String, password: String) -> Result<(), AppError> {
        let state = use_server_state()?;
        let email = email.trim().to_lowercase();
        if email.is_empty() || password.is_empty() || email.chars().count() > MAX_EMAIL_CHARS || password.len() > 1024 {
            return Err(wrong(use_i18n().err_wrong_credentials));
        }
        let keys = ThrottleKey::for_attempt(&email, &client_address().await);
        let tx = scope::read(&state.db, Scope::AllTenants).await?;
        check_throttle(&tx, &keys).await?;
        let accounts = store::accounts_by_email(&tx, &email).await?;
        tx.commit().await?;
        let mut matched = None;
        if accounts.is_empty() {
            verify_off_thread(password.clone(), None).await;
        }
        for account in accounts {
            if verify_off_thread(password.clone(), Some(account.user.password_hash.clone())).await {
                matched = Some(account);
                break;
            }
        }
        let Some(account) = matched.filter(|a| a.user.status == UserStatus::Active) else {
            return failed(&keys, use_i18n().err_wrong_credentials).await;
        };
        if !account.may_sign_in() {
            return Err(AppError::new(ErrorKind::Forbidden, use_i18n().err_tenant_suspended));
        }
        let Some(role) = Role::parse(&account.user.role) else { return Err(wrong(use_i18n().err_wrong_credentials)) };
        let signed_in =
            SignedIn { role, facility_id: None, work_center_id: None, idle: state.auth.idle_timeout, home: "/".into() };
        complete_sign_in(&keys[0], account, signed_in).await
    }

    pub async fn operator_login(
        facility: String,
        badge: String,
        pin: String,
        work_center: String,
    ) -> Result<(), AppError> {
        let state = use_server_state()?;
        let Ok(facility_id) = facility.trim().parse::<i64>() else {
            return Err(AppError::bad_request(use_i18n().err_kiosk_facility));
        };
        let (Some(badge), Some(pin)) = (Badge::parse(&badge), Pin::parse(&pin)) else {
            return Err(wrong(use_i18n().err_wrong_badge));
        };
        let [pair, badge_ceiling, address] =
            ThrottleKey::for_attempt(&format!("badge:{facility_id}:{}", badge.as_str()), &client_address().await);
        let keys = [pair, badge_ceiling, address, ThrottleKey::facility(facility_id)];
        let tx = scope::read(&state.db, Scope::AllTenants).await?;
        check_throttle(&tx, &keys).await?;
        let found = store::badge_at(&tx, facility_id, badge.as_str()).await?;
        let here = match &found {
            Some((_, account)) => {
                store::work_centers_at(&tx, account.user.tenant_id.unwrap_or_default(), facility_id).await?
            }
            None => Vec::new(),
        };
        tx.commit().await?;
        let stored_pin = found.as_ref().map(|(b, _)| b.pin_hash.clone());
        let pin_matches = verify_off_thread(pin.as_str().to_string(), stored_pin).await;
        let account = match found {
            Some((_, account))
                if pin_matches
                    && account.user.status == UserStatus::Active
                    && account.user.role == Role::Operator.as_str() =>
            {
                account
            }
            _ => return failed(&keys, use_i18n().err_wrong_badge).await,
        };
        if !account.may_sign_in() {
            return Err(AppError::new(ErrorKind::Forbidden, use_i18n().err_tenant_suspended));
        }
        let work_center_id = match work_center.trim() {
            "" => None,
            chosen => match chosen.parse::<i64>().ok().filter(|id| here.iter().any(|w| w.id == *id)) {
                Some(id) => Some(id),
                None => return Err(AppError::bad_request(use_i18n().err_wrong_work_center)),
            },
        };
        let signed_in = SignedIn {
            role: Role::Operator,
            facility_id: Some(facility_id),
            work_center_id,
            idle: state.auth.operator_idle_timeout,
            // At a work center: straight to its station; otherwise the floor's dashboard.
            home: match work_center_id {
                Some(id) => format!("/kiosk/{facility_id}/station/{id}"),
                None => "/production".into(),
            },
        };
        complete_sign_in(&keys[0], account, signed_in).await
    }

    /// How a verified sign-in continues.
    struct SignedIn {
        role: Role,
        facility_id: Option<i64>,
        work_center_id: Option<i64>,
        idle: std::time::Duration,
        /// Where the browser goes next.
        home: String,
    }

    /// After a verified sign-in: forget the account's failures, note the time,
    /// start a fresh session (new id: no fixation) and send the browser on.
    async fn complete_sign_in(
        account_key: &ThrottleKey,
        account: store::Account,
        next: SignedIn,
    ) -> Result<(), AppError> {
        let tx = scope::write(&use_server_state()?.db, Scope::AllTenants).await?;
        throttle::clear(&tx, account_key).await?;
        store::record_sign_in(&tx, &account.user).await?;
        tx.commit().await?;
        let now_ms = Utc::now().timestamp_millis();
        let now = now_ms / 1000;
        let auth = SessionAuth {
            user_id: account.user.id,
            tenant_id: account.user.tenant_id,
            role: next.role,
            facility_id: next.facility_id,
            work_center_id: next.work_center_id,
            signed_in_at: now,
            renewed_at: now,
            signed_in_ms: now_ms,
        };
        session::sign_in(&guard::session().await?, &auth, next.idle).await.map_err(AppError::internal)?;
        leptos_axum::redirect(&next.home);
        Ok(())
    }

    pub async fn logout() -> Result<(), AppError> {
        let session = guard::session().await?;
        let kiosk = session::current(&session).await.and_then(|auth| auth.facility_id);
        session::sign_out(&session).await.map_err(AppError::internal)?;
        match kiosk {
            Some(facility) => leptos_axum::redirect(&format!("/kiosk/{facility}")),
            None => leptos_axum::redirect("/login"),
        }
        Ok(())
    }

    /// The signed-in user: the guard's one statement, plus the work center's
    /// name for a kiosk operator.
    pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
        let Some((ctx, standing)) = guard::signed_in().await? else { return Ok(None) };
        let work_center = match (ctx.tenant, ctx.facility_id, ctx.work_center_id) {
            (Some(tenant), Some(facility), Some(chosen)) => {
                let tx = scope::read(&use_server_state()?.db, ctx.scope()).await?;
                let here = store::work_centers_at(&tx, tenant.0, facility).await?;
                tx.commit().await?;
                here.into_iter().find(|w| w.id == chosen).map(|w| w.label)
            }
            _ => None,
        };
        Ok(Some(SignedInUser {
            display_name: standing.display_name,
            role: ctx.role,
            tenant_name: standing.tenant_name,
            facility_id: ctx.facility_id,
            work_center,
        }))
    }

    pub async fn kiosk_facility(facility: i64) -> Result<Option<KioskInfo>, AppError> {
        let state = use_server_state()?;
        let tx = scope::read(&state.db, Scope::AllTenants).await?;
        let Some((found, tenant)) =
            store::facility(&tx, facility).await?.filter(|(_, t)| t.status == TenantStatus::Active)
        else {
            return Ok(None);
        };
        let work_centers = store::work_centers_at(&tx, tenant.id, found.id).await?;
        tx.commit().await?;
        Ok(Some(KioskInfo { facility_id: found.id, name: found.name, work_centers }))
    }
}
