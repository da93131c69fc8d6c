//! Form input shared by every feature: field errors, and parsers that turn typed
//! text into values that are valid by construction (parse, don't validate).

use serde::{Deserialize, Serialize};

use crate::i18n::Catalogue;

/// A message shown beside one field of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError { field: field.to_string(), message: message.into() }
    }
}

/// The result of saving a form: the row's id, or a message beside each bad field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved { id: i64 },
    Invalid { errors: Vec<FieldError> },
}

impl SaveOutcome {
    /// The field errors of an action's last result (none unless it was `Invalid`).
    pub fn errors_of<E>(result: Option<Result<SaveOutcome, E>>) -> Vec<FieldError> {
        match result {
            Some(Ok(SaveOutcome::Invalid { errors })) => errors,
            _ => Vec::new(),
        }
    }
}

/// The message for `field` among `errors`, if any.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors.iter().find(|e| e.field == field).map(|e| e.message.clone())
}

/// A syntactically valid, lower-cased e-mail address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(candidate: &str, t: &Catalogue) -> Result<Email, String> {
        let email = candidate.trim().to_lowercase();
        if email.is_empty() {
            return Err(t.err_required.to_string());
        }
        if email.chars().count() > 254 {
            return Err(t.err_too_long.replace("{max}", "254"));
        }
        let valid = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"'(),;:[]\\".contains(c))
            }
            None => false,
        };
        if valid {
            Ok(Email(email))
        } else {
            Err(t.err_email.to_string())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text: trimmed, 1 to `max` characters, no control characters.
pub fn parse_text(candidate: &str, max: usize, t: &Catalogue) -> Result<String, String> {
    let text = candidate.trim();
    if text.is_empty() {
        return Err(t.err_required.to_string());
    }
    if text.chars().count() > max {
        return Err(t.err_too_long.replace("{max}", &max.to_string()));
    }
    if text.chars().any(char::is_control) {
        return Err(t.err_control_chars.to_string());
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(Email::parse("  Admin@Acme.Example ", &EN).unwrap().as_str(), "admin@acme.example");
        let long = format!("{}@x.io", "a".repeat(260));
        for bad in ["", "plain", "@acme.example", "a@b", "a@.example", "a b@c.de", "<script>@x.io", "a@b@c.de", &long] {
            assert!(Email::parse(bad, &EN).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn text_is_trimmed_bounded_and_printable() {
        assert_eq!(parse_text("  Zoë Ölçer ", 100, &EN).unwrap(), "Zoë Ölçer");
        assert_eq!(parse_text("   ", 100, &EN), Err(EN.err_required.to_string()));
        assert_eq!(parse_text(&"x".repeat(101), 100, &EN), Err("At most 100 characters.".to_string()));
        assert!(parse_text("a\u{0007}b", 100, &EN).is_err());
        assert_eq!(parse_text("'; DROP TABLE users; --", 100, &EN).unwrap(), "'; DROP TABLE users; --");
    }
}
