//! A device token's secret: `fcd_` and 64 hex digits (32 random bytes from the
//! operating system). It is shown once, when made; the database keeps only its
//! SHA-256, which is enough because a 256-bit random secret cannot be guessed
//! (a password hash's slowness guards low-entropy secrets, not these).

use sha2::{Digest, Sha256};

/// A token secret as a device presents it.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceSecret(String);

/// Never printed, so a secret cannot end up in a log line.
impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceSecret(…)")
    }
}

const PREFIX: &str = "fcd_";
const HEX_DIGITS: usize = 64;

impl DeviceSecret {
    /// A new secret from the operating system's random source.
    pub fn generate() -> DeviceSecret {
        let mut bytes = [0u8; HEX_DIGITS / 2];
        getrandom::fill(&mut bytes).expect("the operating system's random source works");
        DeviceSecret(format!("{PREFIX}{}", hex(&bytes)))
    }

    /// The secret of an `Authorization: Bearer fcd_…` header, if it has the shape.
    pub fn from_authorization(header: &str) -> Option<DeviceSecret> {
        DeviceSecret::parse(header.strip_prefix("Bearer ")?)
    }

    /// `fcd_` and 64 lower-case hex digits (as in a display link), if it has the shape.
    pub fn parse(secret: &str) -> Option<DeviceSecret> {
        let secret = secret.trim();
        let digits = secret.strip_prefix(PREFIX)?;
        let shaped =
            digits.len() == HEX_DIGITS && digits.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        shaped.then(|| DeviceSecret(secret.to_string()))
    }

    /// What the database keeps and looks the token up by.
    pub fn hash(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_secret_is_read_back_from_its_header_and_only_its_hash_is_kept() {
        let secret = DeviceSecret::generate();
        assert_ne!(secret, DeviceSecret::generate(), "random each time");
        let header = format!("Bearer {}", secret.as_str());
        assert_eq!(DeviceSecret::from_authorization(&header), Some(secret.clone()));
        assert_eq!(secret.hash().len(), 64);
        assert!(!secret.hash().contains(&secret.as_str()[4..]));
        assert_eq!(format!("{secret:?}"), "DeviceSecret(…)");
    }

    #[test]
    fn headers_of_another_shape_are_no_secret() {
        let digits = "a".repeat(64);
        for header in [
            format!("fcd_{digits}"),
            format!("Basic fcd_{digits}"),
            format!("Bearer fcd_{}", &digits[1..]),
            format!("Bearer fcd_{}A", &digits[1..]),
            format!("Bearer xyz_{digits}"),
            "Bearer ".to_string(),
        ] {
            assert_eq!(DeviceSecret::from_authorization(&header), None, "{header}");
        }
    }
}
