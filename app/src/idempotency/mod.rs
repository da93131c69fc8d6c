//! Idempotent writes: a client names each write with a key when it first tries
//! it and sends the same key on every retry; the server does the write once and
//! answers every repeat with the stored answer. A tablet that lost its Wi-Fi in
//! the middle of "+1 good" can retry blindly without counting a part twice.
//!
//! - [`key`]: the key itself (a UUID v4), generated in the browser;
//!   [`form_key::use_form_key`] keeps it for a form across retries.
//! - [`store`] (server): [`store::claim`] inside the write's own transaction, then
//!   [`store::Claimed::complete`] with the answer. The key's row is written in the
//!   same transaction as the write, so either both stay or neither does.
//!
//! Rules: the key is unique per tenant; a repeat by the same user to the same
//! endpoint with the same arguments gets the stored answer; the same key with
//! anything else is refused (409). Keys are kept for a retention period (7 days by
//! default), then swept.

pub mod form_key;
pub mod key;
#[cfg(feature = "ssr")]
pub mod store;

pub use key::IdempotencyKey;
