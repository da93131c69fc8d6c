//! What an operator types at a kiosk, as types: a [`Badge`] and a [`Pin`]. Each
//! rule lives here once; the admin form, the sign-in, the CLI and the seed all
//! parse through these, so no two of them can disagree on what a badge is.

use crate::i18n::Catalogue;

/// A badge number as printed on an operator's card: 1 to 32 ASCII letters or
/// digits (surrounding spaces ignored), unique per facility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge(String);

impl Badge {
    pub const MAX_CHARS: usize = 32;

    pub fn parse(raw: &str) -> Option<Badge> {
        let badge = raw.trim();
        let ok = (1..=Self::MAX_CHARS).contains(&badge.len()) && badge.bytes().all(|b| b.is_ascii_alphanumeric());
        ok.then(|| Badge(badge.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An operator PIN: 4 to 8 digits (surrounding spaces ignored).
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

/// Never printed, so that a PIN cannot end up in a log line.
impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(…)")
    }
}

/// Why a PIN cannot be given to a new badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinRefused {
    NotFourToEightDigits,
    TooCommon,
}

impl PinRefused {
    pub fn message(self, t: &Catalogue) -> &'static str {
        match self {
            PinRefused::NotFourToEightDigits => t.err_pin_shape,
            PinRefused::TooCommon => t.err_pin_common,
        }
    }
}

/// The 20 commonest 4-digit PINs, most common first (Nick Berry, "PIN number
/// analysis", DataGenetics 2012, 3.4 million PINs): together about a quarter of
/// all PINs people choose, so an attacker tries these first.
pub const COMMON_PINS: [&str; 20] = [
    "1234", "1111", "0000", "1212", "7777", "1004", "2000", "4444", "2222", "6969", "9999", "3333", "5555", "6666",
    "1122", "1313", "8888", "4321", "2001", "1010",
];

impl Pin {
    /// The shape a sign-in attempt must have (a common PIN set before the rule
    /// existed still signs in).
    pub fn parse(raw: &str) -> Option<Pin> {
        let pin = raw.trim();
        let ok = (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| Pin(pin.to_string()))
    }

    /// A PIN for a new badge: the shape, and none of the [`COMMON_PINS`].
    pub fn parse_new(raw: &str) -> Result<Pin, PinRefused> {
        let pin = Self::parse(raw).ok_or(PinRefused::NotFourToEightDigits)?;
        if COMMON_PINS.contains(&pin.as_str()) {
            return Err(PinRefused::TooCommon);
        }
        Ok(pin)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_are_one_to_32_letters_or_digits() {
        assert_eq!(Badge::parse(" 4242 ").map(|b| b.as_str().to_string()), Some("4242".into()));
        assert!(Badge::parse("A7x").is_some());
        assert!(Badge::parse(&"9".repeat(32)).is_some());
        for bad in ["", "   ", "12 34", "42-42", "ä1", &"9".repeat(33)] {
            assert_eq!(Badge::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert_eq!(Pin::parse(" 2468 ").map(|p| p.as_str().to_string()), Some("2468".into()));
        for bad in ["123", "12a4", "123456789", "", "１２３４"] {
            assert_eq!(Pin::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn new_pins_may_not_be_common_but_old_common_ones_still_sign_in() {
        for common in COMMON_PINS {
            assert!(Pin::parse(common).is_some(), "still accepted at sign-in: {common}");
            assert_eq!(Pin::parse_new(common), Err(PinRefused::TooCommon), "{common}");
        }
        assert_eq!(Pin::parse_new("12"), Err(PinRefused::NotFourToEightDigits));
        assert!(Pin::parse_new("2468").is_ok());
        assert!(Pin::parse_new("12345").is_ok());
    }

    #[test]
    fn a_pin_never_prints() {
        assert_eq!(format!("{:?}", Pin::parse("2468").unwrap()), "Pin(…)");
    }
}
