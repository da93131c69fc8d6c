//! Passwords and PINs: argon2id with the OWASP parameters (m = 19 MiB, t = 2,
//! p = 1), a length and common-password policy, and verification that costs the
//! same whether or not the account exists.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A short list of the most used passwords (and variants) that pass the length rule.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// A password that satisfies the policy. The only way to make one is [`NewPassword::parse`].
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(candidate: &str) -> Result<NewPassword, String> {
        let chars = candidate.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(format!("Use at least {MIN_PASSWORD_CHARS} characters."));
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(format!("Use at most {MAX_PASSWORD_CHARS} characters."));
        }
        let lowered = candidate.to_lowercase();
        if COMMON_PASSWORDS.lines().any(|common| common.trim() == lowered) {
            return Err("This password is too common. Choose another.".into());
        }
        Ok(NewPassword(candidate.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("the OWASP parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) of `secret`, with a fresh salt.
pub fn hash(secret: &str) -> String {
    hasher().hash_password(secret.as_bytes()).expect("argon2 hashing does not fail with valid parameters").to_string()
}

/// Whether `secret` matches `stored`. A malformed stored hash never matches.
pub fn verify(secret: &str, stored: &str) -> bool {
    hasher().verify_password(secret.as_bytes(), stored).is_ok()
}

/// Spends the same time as [`verify`] for an account that does not exist, so the
/// response time does not tell whether an e-mail is registered.
pub fn verify_nothing(secret: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("floorcast-dummy-password"));
    let _ = verify(secret, dummy);
}

/// A password or PIN already hashed with argon2id. Hash before opening a write
/// transaction: hashing is slow on purpose and must not hold SQLite's write lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hashed(String);

impl Hashed {
    /// Hashes `secret` on a blocking thread, off the async workers.
    pub async fn of(secret: &str) -> Hashed {
        let secret = secret.to_string();
        Hashed(tokio::task::spawn_blocking(move || hash(&secret)).await.expect("hashing does not panic"))
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_argon2id_with_owasp_parameters_and_verifies() {
        let stored = hash("correct horse battery");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse batterx", &stored));
        assert!(!verify("anything", "not a hash"));
        assert_ne!(hash("same"), hash("same"), "salted");
    }

    #[test]
    fn policy_rejects_short_long_and_common_passwords() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
        assert!(NewPassword::parse("Password123").is_err());
        assert!(NewPassword::parse("qwertyuiop").is_err());
        assert!(NewPassword::parse("tablet-gloves-42").is_ok());
        assert!(NewPassword::parse("ünïcødé-pässwörd").is_ok());
    }
}
