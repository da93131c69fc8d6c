//! Sessions and account standings kept in memory between requests, so that a
//! dashboard polling every few seconds costs the database nothing when its
//! snapshot is fresh.
//!
//! What may be kept is decided by the database's change log `auth_changes`
//! (migration m0008): triggers write a row for every session saved or deleted
//! and every change to a user's or tenant's standing, whichever process made it.
//! [`AuthCache::follow`] reads the last [`LOG_WINDOW_MS`] of the log at most once
//! a second and forgets every entry it names, so a deactivation, a password reset
//! or a sign-out ends sessions on every server instance within a second, and on
//! this one at once ([`AuthCache::changed_here`]).
//!
//! Two rules keep the cache from holding on to what changed:
//! - a read of the database takes a [`Ticket`] before it starts and may store its
//!   result only if nothing was forgotten meanwhile (it may have read the old row);
//! - nothing is trusted when the log has not been read for [`TRUST_FOR`]: the
//!   window may have moved past a change, so the cache starts again empty.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use tower_sessions::session::{Id, Record};

use super::store::Standing;

/// How often the change log is read, at most.
const READ_EVERY: Duration = Duration::from_secs(1);
/// How far back each read of the log looks, by the database's clock. Wider than
/// any commit takes after its trigger ran, so a change seen late is still seen.
pub const LOG_WINDOW_MS: i64 = 10_000;
/// Past this without a successful read, a change may have left the window unseen.
const TRUST_FOR: Duration = Duration::from_secs(5);
/// Entries kept per map; reaching it empties the map (a cold start, not an error).
const MAX_ENTRIES: usize = 50_000;

/// Sessions by id and standings by (user, tenant), as of the last read of the log.
#[derive(Debug, Default)]
pub struct AuthCache {
    inner: Mutex<Inner>,
    /// Held while the log is read, so concurrent requests read it once.
    reading: tokio::sync::Mutex<()>,
}

#[derive(Debug, Default)]
struct Inner {
    /// When the last successful read of the log started.
    read_at: Option<Instant>,
    /// A change committed by this process wants the log read on the next request.
    due: bool,
    /// The log rows of the last read: each is acted on once, not on every read.
    seen: HashSet<i64>,
    /// Bumped whenever anything is forgotten (see [`Ticket`]).
    generation: u64,
    sessions: HashMap<String, Record>,
    standings: HashMap<(i64, Option<i64>), Standing>,
}

/// Taken before reading the database: what was read may be kept only if nothing
/// was forgotten in between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket(u64);

/// One row of `auth_changes`: what changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub session_id: Option<String>,
    pub user_id: Option<i64>,
    pub tenant_id: Option<i64>,
}

impl AuthCache {
    /// Reads the change log if a second has passed since the last read (or a
    /// change made here asked for it), and forgets whatever it names. A failed
    /// read empties the cache, so requests go to the database until one succeeds.
    pub async fn follow(&self, db: &DatabaseConnection) {
        if !self.read_due(Instant::now()) {
            return;
        }
        let _reading = self.reading.lock().await;
        let started = Instant::now();
        if !self.read_due(started) {
            return;
        }
        self.lock().due = false;
        match recent_changes(db).await {
            Ok(changes) => self.apply(started, &changes),
            Err(error) => {
                tracing::warn!(%error, "could not read the auth change log; sessions are read from the database");
                let mut inner = self.lock();
                inner.forget_all();
                inner.read_at = None;
            }
        }
    }

    /// Forgets what `changes` (the log's last window, read at `read_at`) names
    /// and has not been acted on before.
    pub fn apply(&self, read_at: Instant, changes: &[Change]) {
        let mut inner = self.lock();
        if inner.read_at.is_none_or(|last| read_at.saturating_duration_since(last) > TRUST_FOR) {
            inner.forget_all();
        }
        let fresh: Vec<&Change> = changes.iter().filter(|c| !inner.seen.contains(&c.seq)).collect();
        for change in &fresh {
            if let Some(id) = &change.session_id {
                inner.sessions.remove(id);
            }
            if let Some(user) = change.user_id {
                inner.standings.retain(|&(u, _), _| u != user);
            }
            if let Some(tenant) = change.tenant_id {
                inner.standings.retain(|&(_, t), _| t != Some(tenant));
            }
        }
        if !fresh.is_empty() {
            inner.generation += 1;
        }
        inner.seen = changes.iter().map(|c| c.seq).collect();
        inner.read_at = Some(read_at);
    }

    /// A change to sessions or accounts was committed by this process: the next
    /// request reads the log first, so it is seen at once here.
    pub fn changed_here(&self) {
        self.lock().due = true;
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.lock().generation)
    }

    /// The session `id`, if kept, trusted and not expired.
    pub fn session(&self, id: &Id) -> Option<Record> {
        let inner = self.lock();
        if !inner.trusted() {
            return None;
        }
        let record = inner.sessions.get(&id.to_string())?;
        (record.expiry_date > time::OffsetDateTime::now_utc()).then(|| record.clone())
    }

    /// Keeps `record`, read from the database after `ticket` was taken.
    pub fn keep_session(&self, ticket: Ticket, record: &Record) {
        let mut inner = self.lock();
        if inner.may_keep(ticket) {
            if inner.sessions.len() >= MAX_ENTRIES {
                inner.sessions.clear();
            }
            inner.sessions.insert(record.id.to_string(), record.clone());
        }
    }

    /// Forgets session `id`: this process saved or deleted it.
    pub fn forget_session(&self, id: &Id) {
        let mut inner = self.lock();
        inner.sessions.remove(&id.to_string());
        inner.generation += 1;
    }

    /// The standing of `user_id` in `tenant_id`, if kept and trusted.
    pub fn standing(&self, user_id: i64, tenant_id: Option<i64>) -> Option<Standing> {
        let inner = self.lock();
        if !inner.trusted() {
            return None;
        }
        inner.standings.get(&(user_id, tenant_id)).cloned()
    }

    /// Keeps `standing`, read from the database after `ticket` was taken.
    pub fn keep_standing(&self, ticket: Ticket, user_id: i64, tenant_id: Option<i64>, standing: &Standing) {
        let mut inner = self.lock();
        if inner.may_keep(ticket) {
            if inner.standings.len() >= MAX_ENTRIES {
                inner.standings.clear();
            }
            inner.standings.insert((user_id, tenant_id), standing.clone());
        }
    }

    fn read_due(&self, now: Instant) -> bool {
        let inner = self.lock();
        inner.due || inner.read_at.is_none_or(|last| now.saturating_duration_since(last) >= READ_EVERY)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Inner {
    fn trusted(&self) -> bool {
        self.read_at.is_some_and(|last| last.elapsed() < TRUST_FOR)
    }

    fn may_keep(&self, ticket: Ticket) -> bool {
        self.trusted() && ticket.0 == self.generation
    }

    fn forget_all(&mut self) {
        self.sessions.clear();
        self.standings.clear();
        self.seen.clear();
        self.generation += 1;
    }
}

/// Tells this request's server that it committed a change to sessions or accounts.
pub fn changed_in_request() {
    if let Some(state) = leptos::prelude::use_context::<crate::db::ServerState>() {
        state.accounts.changed_here();
    }
}

/// The log's rows of the last [`LOG_WINDOW_MS`], by the database's clock.
async fn recent_changes(db: &DatabaseConnection) -> Result<Vec<Change>, DbErr> {
    let backend = db.get_database_backend();
    let now_ms = database_now_ms(backend);
    let sql = format!(
        "SELECT seq, session_id, user_id, tenant_id FROM auth_changes WHERE at_ms > {now_ms} - {LOG_WINDOW_MS}"
    );
    let rows = db.query_all_raw(Statement::from_string(backend, sql)).await?;
    rows.iter()
        .map(|row| {
            Ok(Change {
                seq: row.try_get("", "seq")?,
                session_id: row.try_get("", "session_id")?,
                user_id: row.try_get("", "user_id")?,
                tenant_id: row.try_get("", "tenant_id")?,
            })
        })
        .collect()
}

/// SQL for the database's clock in Unix milliseconds: the one clock every instance shares.
fn database_now_ms(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "(extract(epoch FROM clock_timestamp()) * 1000)::bigint",
        _ => "CAST(unixepoch('subsec') * 1000 AS INTEGER)",
    }
}

/// Deletes log rows older than `keep_ms` (the sweep's job); returns how many.
pub async fn delete_old_changes(db: &DatabaseConnection, keep_ms: i64) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let now_ms = database_now_ms(backend);
    let sql = format!("DELETE FROM auth_changes WHERE at_ms < {now_ms} - {}", keep_ms.max(LOG_WINDOW_MS));
    Ok(db.execute_raw(Statement::from_string(backend, sql)).await?.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing() -> Standing {
        Standing {
            role: "supervisor".into(),
            display_name: "Sam".into(),
            tenant_name: Some("Acme".into()),
            may_sign_in: true,
            sessions_valid_after: None,
        }
    }

    fn record(id: Id) -> Record {
        Record { id, data: Default::default(), expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1) }
    }

    fn change(seq: i64) -> Change {
        Change { seq, session_id: None, user_id: None, tenant_id: None }
    }

    /// A cache that has read an empty log just now.
    fn followed() -> AuthCache {
        let cache = AuthCache::default();
        cache.apply(Instant::now(), &[]);
        cache
    }

    #[test]
    fn nothing_is_trusted_before_the_log_was_read() {
        let cache = AuthCache::default();
        cache.keep_standing(cache.ticket(), 1, Some(1), &standing());
        assert_eq!(cache.standing(1, Some(1)), None);
    }

    #[test]
    fn a_kept_standing_is_served_until_the_log_names_its_user_or_tenant() {
        let cache = followed();
        cache.keep_standing(cache.ticket(), 1, Some(7), &standing());
        cache.keep_standing(cache.ticket(), 2, Some(8), &standing());
        assert_eq!(cache.standing(1, Some(7)), Some(standing()));
        cache.apply(Instant::now(), &[Change { user_id: Some(1), ..change(10) }]);
        assert_eq!(cache.standing(1, Some(7)), None);
        assert_eq!(cache.standing(2, Some(8)), Some(standing()));
        cache.apply(Instant::now(), &[change(10), Change { tenant_id: Some(8), ..change(11) }]);
        assert_eq!(cache.standing(2, Some(8)), None);
    }

    #[test]
    fn a_change_is_acted_on_once_though_every_read_of_the_window_returns_it() {
        let cache = followed();
        let deactivated = Change { user_id: Some(1), ..change(5) };
        cache.apply(Instant::now(), std::slice::from_ref(&deactivated));
        cache.keep_standing(cache.ticket(), 1, None, &standing());
        cache.apply(Instant::now(), std::slice::from_ref(&deactivated));
        assert_eq!(cache.standing(1, None), Some(standing()), "read after the change, so it holds the new row");
    }

    #[test]
    fn what_was_read_before_something_was_forgotten_is_not_kept() {
        let cache = followed();
        let ticket = cache.ticket();
        cache.apply(Instant::now(), &[Change { user_id: Some(1), ..change(1) }]);
        cache.keep_standing(ticket, 1, None, &standing());
        assert_eq!(cache.standing(1, None), None);
        let id = Id::default();
        let ticket = cache.ticket();
        cache.forget_session(&Id::default());
        cache.keep_session(ticket, &record(id));
        assert_eq!(cache.session(&id), None);
    }

    #[test]
    fn sessions_are_forgotten_by_id_and_not_served_past_their_expiry() {
        let cache = followed();
        let (kept, other) = (Id::default(), Id::default());
        cache.keep_session(cache.ticket(), &record(kept));
        cache.keep_session(cache.ticket(), &record(other));
        assert_eq!(cache.session(&kept).map(|r| r.id), Some(kept));
        cache.apply(Instant::now(), &[Change { session_id: Some(kept.to_string()), ..change(3) }]);
        assert_eq!(cache.session(&kept), None);
        assert!(cache.session(&other).is_some());
        let expired =
            Record { expiry_date: time::OffsetDateTime::now_utc() - time::Duration::seconds(1), ..record(kept) };
        cache.keep_session(cache.ticket(), &expired);
        assert_eq!(cache.session(&kept), None);
    }

    #[test]
    fn a_gap_between_reads_longer_than_the_trust_empties_the_cache() {
        let cache = AuthCache::default();
        let long_ago = Instant::now() - TRUST_FOR - Duration::from_secs(1);
        cache.apply(long_ago, &[]);
        assert_eq!(cache.standing(1, None), None, "not trusted: the last read is too old");
        cache.apply(Instant::now() - TRUST_FOR / 2, &[]);
        cache.keep_standing(cache.ticket(), 1, None, &standing());
        cache.apply(Instant::now() + TRUST_FOR, &[]);
        assert_eq!(cache.standing(1, None), None);
    }

    #[test]
    fn a_change_made_here_makes_the_next_request_read_the_log() {
        let cache = followed();
        assert!(!cache.read_due(Instant::now()));
        cache.changed_here();
        assert!(cache.read_due(Instant::now()));
        assert!(cache.read_due(Instant::now() + READ_EVERY));
    }
}
