//! The tablet's outbox: every operator action is queued in the browser's local
//! storage with its idempotency key the moment it is tapped, shown at once, and
//! sent in order; while the Wi-Fi is gone it waits ("N waiting to send") and a
//! reload keeps it. When the connection returns the queue is replayed, by one tab
//! only (a Web Lock; where the browser has none, the keys still make a second
//! replay harmless). An action the server refuses leaves the queue with its
//! reason on screen; one it cannot reach, or that finds the session over, stays
//! for the next try.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::StationAction;

/// An action on its way to the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub key: String,
    pub work_center_id: i64,
    pub action: StationAction,
}

/// The queue and what became of the actions the server refused.
#[derive(Clone, Copy)]
pub struct Outbox {
    pub pending: RwSignal<Vec<Pending>>,
    /// Sentences for refused actions, newest last, until the operator dismisses them.
    pub refusals: RwSignal<Vec<String>>,
    /// Counts the actions the server accepted: a station view reloads when it changes.
    pub delivered: RwSignal<u64>,
    /// Whether this tab is sending now.
    #[cfg(feature = "hydrate")]
    sending: RwSignal<bool>,
}

/// Where the queue lives in the browser.
#[cfg(feature = "hydrate")]
const STORAGE_KEY: &str = "floorcast-outbox";

/// How often a waiting queue is tried again while the connection seems down.
#[cfg(feature = "hydrate")]
const RETRY_MS: u64 = 5_000;

impl Outbox {
    /// The outbox of this page, with what an earlier visit left waiting, trying
    /// to send it now, every few seconds and whenever the browser comes online.
    pub fn new() -> Outbox {
        let outbox = Outbox {
            pending: RwSignal::new(Vec::new()),
            refusals: RwSignal::new(Vec::new()),
            delivered: RwSignal::new(0),
            #[cfg(feature = "hydrate")]
            sending: RwSignal::new(false),
        };
        #[cfg(feature = "hydrate")]
        {
            Effect::new(move |_| {
                outbox.pending.set(storage::load());
                outbox.send();
            });
            let online = window_event_listener(leptos::ev::online, move |_| outbox.send());
            let retry =
                set_interval_with_handle(move || outbox.send(), std::time::Duration::from_millis(RETRY_MS)).ok();
            on_cleanup(move || {
                online.remove();
                if let Some(retry) = retry {
                    retry.clear();
                }
            });
        }
        outbox
    }

    /// Queues `action` under a fresh idempotency key and starts sending.
    pub fn push(&self, work_center_id: i64, action: StationAction) {
        #[cfg(feature = "hydrate")]
        {
            let key = crate::idempotency::IdempotencyKey::generate().as_str().to_string();
            let mut queue = storage::load();
            queue.push(Pending { key, work_center_id, action });
            storage::save(&queue);
            self.pending.set(queue);
            self.send();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (work_center_id, action);
    }

    /// Sends what waits, oldest first, unless a send is under way in this tab.
    pub fn send(&self) {
        #[cfg(feature = "hydrate")]
        {
            if self.sending.get_untracked() || storage::load().is_empty() {
                return;
            }
            self.sending.set(true);
            let outbox = *self;
            // Dropped when the drain ends, or unstarted when another tab holds the lock.
            let done_sending = SendingEnds(self.sending);
            lock::with_lock("floorcast-outbox", async move {
                let _done_sending = done_sending;
                outbox.drain().await;
            });
        }
    }

    /// Sends the queue in order until it is empty or the server cannot be reached.
    #[cfg(feature = "hydrate")]
    async fn drain(&self) {
        use super::api::station_write;
        use super::model::StationOutcome;
        use crate::error::ErrorKind;
        loop {
            // Read afresh: another tab may have sent (or queued) since.
            let queue = storage::load();
            self.pending.set(queue.clone());
            let Some(first) = queue.first().cloned() else { return };
            let answer = station_write(first.work_center_id, first.action.clone(), first.key.clone()).await;
            let refusal = match answer {
                Ok(StationOutcome::Done { .. }) => None,
                Ok(StationOutcome::Refused { message }) => Some(message),
                // Not reached, the server busy or restarting, or the session over (the
                // next sign-in at this tablet sends it): keep it for the next try.
                Err(error)
                    if matches!(
                        error.kind,
                        ErrorKind::Unavailable | ErrorKind::TooManyRequests | ErrorKind::Internal | ErrorKind::NotSignedIn
                    ) =>
                {
                    return;
                }
                Err(error) => Some(error.message),
            };
            let rest: Vec<Pending> = storage::load().into_iter().filter(|p| p.key != first.key).collect();
            storage::save(&rest);
            self.pending.set(rest);
            match refusal {
                Some(message) => self.refusals.update(|all| all.push(message)),
                None => self.delivered.update(|n| *n += 1),
            }
        }
    }
}

/// Clears the "sending" flag when dropped, whether the send ran or not.
#[cfg(feature = "hydrate")]
struct SendingEnds(RwSignal<bool>);

#[cfg(feature = "hydrate")]
impl Drop for SendingEnds {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

impl Default for Outbox {
    fn default() -> Outbox {
        Outbox::new()
    }
}

#[cfg(feature = "hydrate")]
mod storage {
    use super::{Pending, STORAGE_KEY};

    fn local() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn load() -> Vec<Pending> {
        local()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn save(queue: &[Pending]) {
        if let (Some(storage), Ok(text)) = (local(), serde_json::to_string(queue)) {
            if queue.is_empty() {
                let _ = storage.remove_item(STORAGE_KEY);
            } else {
                let _ = storage.set_item(STORAGE_KEY, &text);
            }
        }
    }
}

/// `navigator.locks.request(name, {ifAvailable: true}, …)`: runs `work` only if
/// no other tab holds the lock; without Web Locks (an insecure context) it simply runs.
#[cfg(feature = "hydrate")]
mod lock {
    use std::future::Future;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    pub fn with_lock(name: &str, work: impl Future<Output = ()> + 'static) {
        let locks = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"navigator".into()).ok())
            .and_then(|navigator| js_sys::Reflect::get(&navigator, &"locks".into()).ok())
            .filter(|locks| !locks.is_undefined() && !locks.is_null());
        let request = locks
            .as_ref()
            .and_then(|locks| js_sys::Reflect::get(locks, &"request".into()).ok())
            .and_then(|request| request.dyn_into::<js_sys::Function>().ok());
        let (Some(locks), Some(request)) = (locks, request) else {
            leptos::task::spawn_local(work);
            return;
        };
        let mut work = Some(work);
        let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
            match work.take() {
                Some(work) if !lock.is_null() => wasm_bindgen_futures::future_to_promise(async move {
                    work.await;
                    Ok(JsValue::UNDEFINED)
                }),
                _ => js_sys::Promise::resolve(&JsValue::UNDEFINED),
            }
        });
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
        let _ = request.call3(&locks, &name.into(), &options, &callback);
    }
}
