//! The key a form sends with its write, kept the way retries need it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::IdempotencyKey;
use crate::error::{AppError, ErrorKind};

/// The idempotency key for the next submission of `action`'s form (a hidden
/// `idempotency_key` input). Made in the browser when the form first appears; kept
/// when the server could not be reached, so the retry names the same write; made
/// anew once the server has answered, since the next submission is a new write.
/// Empty on the server and without JavaScript: the write is then simply not keyed.
pub fn use_form_key<S>(action: ServerAction<S>) -> Signal<String>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let key = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let answered = action.value().with(|v| match v {
            None => true,
            Some(Err(AppError { kind: ErrorKind::Unavailable, .. })) => false,
            Some(_) => true,
        });
        if answered {
            key.set(IdempotencyKey::generate().as_str().to_string());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (action, IdempotencyKey::parse, ErrorKind::Unavailable);
    key.into()
}
