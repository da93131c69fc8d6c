//! The idempotency key: a random UUID v4 in its canonical text form.

use serde::{Deserialize, Serialize};

/// A client-chosen key naming one intended write. Parsed, so a stored key is
/// always a well-formed UUID (36 characters, lower-case hex and dashes).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(text: &str) -> Result<IdempotencyKey, &'static str> {
        let text = text.trim().to_ascii_lowercase();
        let shape_ok = text.len() == 36
            && text.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            });
        if shape_ok {
            Ok(IdempotencyKey(text))
        } else {
            Err(crate::i18n::EN.err_key_shape)
        }
    }

    /// A UUID v4 from 16 random bytes (RFC 9562 §5.4: version 4, variant 10).
    pub fn from_random_bytes(mut bytes: [u8; 16]) -> IdempotencyKey {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        IdempotencyKey(format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]))
    }

    /// A fresh key from the browser's cryptographic random source
    /// (`crypto.getRandomValues`). Make it when a write is first attempted and
    /// keep it for every retry of that write.
    #[cfg(feature = "hydrate")]
    pub fn generate() -> IdempotencyKey {
        let mut bytes = [0u8; 16];
        if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
            let _ = crypto.get_random_values_with_u8_array(&mut bytes);
        }
        if bytes == [0u8; 16] {
            // No Web Crypto (very old browser): fall back to Math.random, still unique enough per tablet.
            for byte in bytes.iter_mut() {
                *byte = (js_sys::Math::random() * 256.0) as u8;
            }
        }
        IdempotencyKey::from_random_bytes(bytes)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        IdempotencyKey::parse(&text)
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> String {
        key.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_bytes_become_a_version_4_uuid() {
        let key = IdempotencyKey::from_random_bytes([0xff; 16]);
        assert_eq!(key.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let key = IdempotencyKey::from_random_bytes([0; 16]);
        assert_eq!(key.as_str(), "00000000-0000-4000-8000-000000000000");
        assert_eq!(IdempotencyKey::parse(key.as_str()), Ok(key));
    }

    #[test]
    fn only_uuids_are_keys() {
        assert!(IdempotencyKey::parse(" 123E4567-E89B-42D3-A456-426614174000 ").is_ok());
        for bad in
            ["", "123", "123e4567e89b42d3a456426614174000", "123e4567-e89b-42d3-a456-42661417400g", &"a".repeat(10_000)]
        {
            assert!(IdempotencyKey::parse(bad).is_err(), "{bad:?}");
        }
    }
}
