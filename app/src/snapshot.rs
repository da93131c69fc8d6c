//! Shared snapshots for polling dashboards (server only).
//!
//! Fifty wall TVs and desks polling the same dashboard every five seconds ask the
//! same question fifty times. The cache answers it once: entries are keyed by
//! (tenant, view, parameters) and live for a short time-to-live (2 s by default);
//! while one request computes an entry, the others asking for it wait for that
//! computation instead of starting their own (single flight). A committed write in
//! a tenant makes that tenant's entries stale at once, so nobody waits a TTL to
//! see their own change — except in views that say they [`AfterWrite::Settle`]:
//! the floor overview, which every operator's count changes (20 a second on a busy
//! floor), is recomputed at most once a second rather than once per count.
//! Errors are never cached: the next caller tries again.
//!
//! Hits, misses, waits and computation time go to `/metrics`
//! (`floorcast_snapshot_requests_total{view,outcome}`, `floorcast_snapshot_compute_seconds{view}`).

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use crate::db::scope::{Scope, TenantId};
use crate::error::AppError;

type Value = Arc<dyn Any + Send + Sync>;

/// Which snapshot: whose, which view, with which parameters (canonical text).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SnapshotKey {
    /// `None` for views that name no tenant (the public system status).
    pub tenant: Option<TenantId>,
    pub view: &'static str,
    pub params: String,
}

/// What a committed write in a view's tenant does to its snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterWrite {
    /// Stale at once: the next read sees the write (forms, lists, summaries).
    Recompute,
    /// Served on while younger than this, then recomputed: the write shows at most this late.
    Settle(Duration),
}

struct Entry {
    cell: Arc<OnceCell<Value>>,
    born: Instant,
    generation: u64,
}

/// How often the cache answered from memory, computed, or waited for another computation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SnapshotStats {
    pub hits: u64,
    pub misses: u64,
    pub waits: u64,
}

#[derive(Default)]
struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    waits: AtomicU64,
}

/// The cache itself; one per server, shared by every request.
pub struct SnapshotCache {
    ttl: Duration,
    entries: Mutex<HashMap<SnapshotKey, Entry>>,
    /// Bumped by every committed write of a tenant (key `Some`) or of all tenants (`None`).
    generations: Mutex<HashMap<Option<TenantId>, u64>>,
    counters: Counters,
}

impl std::fmt::Debug for SnapshotCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnapshotCache").field("ttl", &self.ttl).field("stats", &self.stats()).finish()
    }
}

/// Above this many entries, expired ones are dropped before a new one is added.
const PRUNE_ABOVE: usize = 1024;

impl SnapshotCache {
    /// A cache whose entries live `ttl`; zero turns sharing off (every call computes).
    pub fn new(ttl: Duration) -> SnapshotCache {
        SnapshotCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
            generations: Mutex::new(HashMap::new()),
            counters: Counters::default(),
        }
    }

    /// The snapshot under `key`: a fresh one from the cache, or the one another
    /// request is computing right now, or `compute`'s.
    pub async fn get_or_compute<T, F>(
        &self,
        key: SnapshotKey,
        after_write: AfterWrite,
        compute: F,
    ) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: std::future::Future<Output = Result<T, AppError>>,
    {
        let view = key.view;
        if self.ttl.is_zero() {
            self.count(view, "miss");
            return compute.await;
        }
        let cell = self.cell_for(key, after_write);
        let already = cell.initialized();
        let mut computed = false;
        let value = cell
            .get_or_try_init(|| async {
                computed = true;
                let started = Instant::now();
                let value = compute.await;
                metrics::histogram!("floorcast_snapshot_compute_seconds", "view" => view)
                    .record(started.elapsed().as_secs_f64());
                value.map(|v| Arc::new(v) as Value)
            })
            .await?;
        let outcome = match (already, computed) {
            (true, _) => "hit",
            (false, true) => "miss",
            (false, false) => "wait",
        };
        self.count(view, outcome);
        value.downcast_ref::<T>().cloned().ok_or_else(|| AppError::internal(format!("snapshot {view} changed type")))
    }

    /// The cell for `key`: the live entry's, or a new one.
    fn cell_for(&self, key: SnapshotKey, after_write: AfterWrite) -> Arc<OnceCell<Value>> {
        let generation = self.generation(key.tenant);
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = entries.get(&key) {
            let age = now.duration_since(entry.born);
            let written_since = entry.generation != generation;
            let settling = matches!(after_write, AfterWrite::Settle(settle) if age < settle);
            if age < self.ttl && (!written_since || settling) {
                return entry.cell.clone();
            }
        }
        if entries.len() > PRUNE_ABOVE {
            entries.retain(|_, e| now.duration_since(e.born) < self.ttl);
        }
        let cell = Arc::new(OnceCell::new());
        entries.insert(key, Entry { cell: cell.clone(), born: now, generation });
        cell
    }

    /// The generation entries of `tenant` must carry to be fresh: the tenant's own
    /// count plus the count of all-tenant writes.
    fn generation(&self, tenant: Option<TenantId>) -> u64 {
        let generations = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        let everyone = generations.get(&None).copied().unwrap_or_default();
        let own = tenant.and_then(|t| generations.get(&Some(t)).copied()).unwrap_or_default();
        everyone.wrapping_add(own)
    }

    /// Marks stale every entry a committed write in `scope` may have changed.
    pub fn written(&self, scope: Scope) {
        let tenant = match scope {
            Scope::Tenant(tenant) => Some(tenant),
            Scope::AllTenants => None,
        };
        let mut generations = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        *generations.entry(tenant).or_default() += 1;
    }

    pub fn stats(&self) -> SnapshotStats {
        SnapshotStats {
            hits: self.counters.hits.load(Ordering::Relaxed),
            misses: self.counters.misses.load(Ordering::Relaxed),
            waits: self.counters.waits.load(Ordering::Relaxed),
        }
    }

    fn count(&self, view: &'static str, outcome: &'static str) {
        let counter = match outcome {
            "hit" => &self.counters.hits,
            "wait" => &self.counters.waits,
            _ => &self.counters.misses,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("floorcast_snapshot_requests_total", "view" => view, "outcome" => outcome).increment(1);
    }
}

/// Tells the current request's snapshot cache (if any) that a write in `scope`
/// was committed. Writes outside a request (seeding, the command line) have none.
pub fn written_in_request(scope: Scope) {
    if let Some(state) = leptos::prelude::use_context::<crate::db::ServerState>() {
        state.snapshots.written(scope);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(tenant: i64, params: &str) -> SnapshotKey {
        SnapshotKey { tenant: Some(TenantId(tenant)), view: "test", params: params.into() }
    }

    async fn counted(cache: &SnapshotCache, key: SnapshotKey, computations: &AtomicU64) -> u64 {
        counted_after(cache, key, AfterWrite::Recompute, computations).await
    }

    async fn counted_after(
        cache: &SnapshotCache,
        key: SnapshotKey,
        after: AfterWrite,
        computations: &AtomicU64,
    ) -> u64 {
        cache
            .get_or_compute(key, after, async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(computations.fetch_add(1, Ordering::SeqCst) + 1)
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_computation() {
        let cache = SnapshotCache::new(Duration::from_secs(60));
        let computations = AtomicU64::new(0);
        let calls = (0..50).map(|_| counted(&cache, key(1, "a"), &computations));
        let values = futures::future::join_all(calls).await;
        assert!(values.iter().all(|v| *v == 1), "{values:?}");
        assert_eq!(computations.load(Ordering::SeqCst), 1);
        let stats = cache.stats();
        assert_eq!((stats.misses, stats.hits + stats.waits), (1, 49), "{stats:?}");
    }

    #[tokio::test]
    async fn keys_tenants_writes_and_age_each_force_a_new_computation() {
        let cache = SnapshotCache::new(Duration::from_millis(200));
        let computations = AtomicU64::new(0);
        assert_eq!(counted(&cache, key(1, "a"), &computations).await, 1);
        assert_eq!(counted(&cache, key(1, "a"), &computations).await, 1, "cached");
        assert_eq!(counted(&cache, key(1, "b"), &computations).await, 2, "other parameters");
        assert_eq!(counted(&cache, key(2, "a"), &computations).await, 3, "other tenant");
        cache.written(Scope::Tenant(TenantId(2)));
        assert_eq!(counted(&cache, key(1, "a"), &computations).await, 1, "a write elsewhere changes nothing here");
        assert_eq!(counted(&cache, key(2, "a"), &computations).await, 4, "a write in the tenant makes it stale");
        cache.written(Scope::AllTenants);
        assert_eq!(counted(&cache, key(1, "a"), &computations).await, 5, "a write across tenants too");
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(counted(&cache, key(1, "a"), &computations).await, 6, "expired");
    }

    #[tokio::test]
    async fn a_settling_view_meets_writes_at_most_once_per_settle_time() {
        let cache = SnapshotCache::new(Duration::from_secs(60));
        let settle = AfterWrite::Settle(Duration::from_millis(150));
        let computations = AtomicU64::new(0);
        assert_eq!(counted_after(&cache, key(1, "a"), settle, &computations).await, 1);
        for _ in 0..20 {
            cache.written(Scope::Tenant(TenantId(1)));
        }
        assert_eq!(counted_after(&cache, key(1, "a"), settle, &computations).await, 1, "still settling");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(counted_after(&cache, key(1, "a"), settle, &computations).await, 2, "settled: the writes show");
        assert_eq!(counted_after(&cache, key(1, "a"), settle, &computations).await, 2, "no write since: shared");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(counted_after(&cache, key(1, "a"), settle, &computations).await, 2, "age alone is up to the TTL");
    }

    #[tokio::test]
    async fn errors_are_not_cached_and_zero_ttl_never_shares() {
        let cache = SnapshotCache::new(Duration::from_secs(60));
        let failed: Result<u64, AppError> =
            cache.get_or_compute(key(1, "a"), AfterWrite::Recompute, async { Err(AppError::not_found()) }).await;
        assert!(failed.is_err());
        let computations = AtomicU64::new(0);
        assert_eq!(counted(&cache, key(1, "a"), &computations).await, 1, "the failure was not kept");
        let off = SnapshotCache::new(Duration::ZERO);
        assert_eq!(counted(&off, key(1, "a"), &computations).await, 2);
        assert_eq!(counted(&off, key(1, "a"), &computations).await, 3);
    }
}
