//! Turns the text of a form or CSV row into typed column values, or into one
//! message per bad field. Pure: the store adds what needs the database
//! (references exist, codes are unique).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::spec::{CatalogSpec, FieldKind, FieldSpec};
use crate::forms::{parse_text, Email, FieldError};
use crate::i18n::Catalogue;

/// A typed column value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    Int(i64),
    Real(f64),
    Flag(bool),
    Null,
}

impl Value {
    /// How the value is shown in a form field or list cell.
    pub fn display(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Int(n) => n.to_string(),
            Value::Real(x) => format_decimal(*x),
            Value::Flag(true) => "yes".to_string(),
            Value::Flag(false) => "no".to_string(),
            Value::Null => String::new(),
        }
    }
}

/// A decimal without needless trailing zeros: `12.5`, `3`, `0.25`.
pub fn format_decimal(x: f64) -> String {
    let text = format!("{x:.6}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Every field of `spec`, typed, or every problem found.
pub fn validate(
    spec: &CatalogSpec,
    raw: &HashMap<String, String>,
    t: &Catalogue,
) -> Result<Vec<(&'static str, Value)>, Vec<FieldError>> {
    let mut values = Vec::with_capacity(spec.fields.len());
    let mut errors = Vec::new();
    for field in spec.fields {
        let text = raw.get(field.name).map(|s| s.trim()).unwrap_or_default();
        match parse_field(field, text, t) {
            Ok(value) => values.push((field.name, value)),
            Err(message) => errors.push(FieldError::new(field.name, message)),
        }
    }
    if errors.is_empty() {
        errors = spec.row_check.map(|check| check(&values, t)).unwrap_or_default();
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

fn parse_field(field: &FieldSpec, text: &str, t: &Catalogue) -> Result<Value, String> {
    if let FieldKind::Flag { default } = field.kind {
        return match text.to_ascii_lowercase().as_str() {
            "" => Ok(Value::Flag(default)),
            "yes" | "true" | "on" | "1" => Ok(Value::Flag(true)),
            "no" | "false" | "off" | "0" => Ok(Value::Flag(false)),
            _ => Err(t.err_flag.to_string()),
        };
    }
    if text.is_empty() {
        return if field.required { Err(t.err_required.to_string()) } else { Ok(Value::Null) };
    }
    let range = |min: &dyn ToString, max: &dyn ToString| {
        t.err_range.replace("{min}", &min.to_string()).replace("{max}", &max.to_string())
    };
    match field.kind {
        FieldKind::Text { max } => parse_text(text, max, t).map(Value::Text),
        FieldKind::Code { max } => {
            let code = parse_text(text, max, t)?;
            if code.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
                Ok(Value::Text(code))
            } else {
                Err(t.err_code.to_string())
            }
        }
        FieldKind::Email => Email::parse(text, t).map(|e| Value::Text(e.as_str().to_string())),
        FieldKind::Choice(choices) => match choices.iter().find(|c| c.eq_ignore_ascii_case(text)) {
            Some(choice) => Ok(Value::Text(choice.to_string())),
            None => Err(t.err_choice.to_string()),
        },
        FieldKind::Integer { min, max } => match text.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Value::Int(n)),
            Ok(_) => Err(range(&min, &max)),
            Err(_) => Err(t.err_integer.to_string()),
        },
        FieldKind::Decimal { min, max } => {
            // A decimal comma is common on the shop floor: "12,5" means 12.5.
            let normalised = if text.contains('.') { text.to_string() } else { text.replace(',', ".") };
            match normalised.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= min && x <= max => Ok(Value::Real(x)),
                Ok(x) if x.is_finite() => Err(range(&format_decimal(min), &format_decimal(max))),
                _ => Err(t.err_decimal.to_string()),
            }
        }
        FieldKind::Reference(_) => match text.parse::<i64>() {
            Ok(id) if id > 0 => Ok(Value::Int(id)),
            _ => Err(t.err_reference.to_string()),
        },
        FieldKind::Flag { .. } => unreachable!("flags are parsed above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::catalog::spec::CatalogKind;
    use crate::i18n::EN;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn bin(overrides: &[(&str, &str)]) -> HashMap<String, String> {
        let mut raw = form(&[
            ("code", "A-01-01"),
            ("facility_id", "1"),
            ("zone", "A"),
            ("length_mm", "1200"),
            ("width_mm", "800"),
            ("height_mm", "1500,5"),
            ("max_weight_kg", "1000"),
        ]);
        for (k, v) in overrides {
            raw.insert(k.to_string(), v.to_string());
        }
        raw
    }

    #[test]
    fn flags_take_yes_or_no_and_default_when_left_empty() {
        let spec = CatalogKind::DowntimeReasons.spec();
        let base = [("code", "JAM"), ("name", "Paper jam"), ("loss", "breakdown")];
        let values = validate(spec, &form(&base), &EN).unwrap();
        let flag = |values: &[(&str, Value)], name: &str| values.iter().find(|(n, _)| *n == name).unwrap().1.clone();
        assert_eq!(flag(&values, "needs_comment"), Value::Flag(false));
        assert_eq!(flag(&values, "active"), Value::Flag(true), "a new reason is offered unless told otherwise");
        let told = validate(spec, &form(&[base[0], base[1], base[2], ("needs_comment", "YES"), ("active", "no")]), &EN);
        let told = told.unwrap();
        assert_eq!((flag(&told, "needs_comment"), flag(&told, "active")), (Value::Flag(true), Value::Flag(false)));
        let errors = validate(spec, &form(&[base[0], base[1], base[2], ("active", "perhaps")]), &EN).unwrap_err();
        assert_eq!(errors, [FieldError::new("active", EN.err_flag)]);
        assert_eq!(Value::Flag(true).display(), "yes");
    }

    #[test]
    fn a_valid_bin_is_typed() {
        let values = validate(CatalogKind::Bins.spec(), &bin(&[]), &EN).unwrap();
        assert_eq!(values[0], ("code", Value::Text("A-01-01".into())));
        assert_eq!(values[1], ("facility_id", Value::Int(1)));
        assert_eq!(values[5], ("height_mm", Value::Real(1500.5)));
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let raw =
            bin(&[("code", "A 01"), ("length_mm", "-1"), ("width_mm", "wide"), ("zone", ""), ("facility_id", "x")]);
        let errors = validate(CatalogKind::Bins.spec(), &raw, &EN).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["code", "facility_id", "zone", "length_mm", "width_mm"], "in form order");
        assert!(errors.iter().any(|e| e.field == "length_mm" && e.message == "Enter a value from 0 to 100000."));
    }

    #[test]
    fn optional_fields_may_be_empty_and_choices_are_case_insensitive() {
        let raw = form(&[
            ("code", "PAPER-80"),
            ("name", "Offset paper 80 g"),
            ("unit", "SHEET"),
            ("unit_length_mm", "700"),
            ("unit_width_mm", "1000"),
            ("unit_height_mm", "0.1"),
            ("unit_weight_kg", "0.056"),
            ("lead_time_days", "7"),
            ("service_level", "0.95"),
            ("order_cost", "40"),
            ("holding_cost_rate", "0.2"),
            ("min_order_qty", "5000"),
            ("order_multiple", "500"),
        ]);
        let values = validate(CatalogKind::Materials.spec(), &raw, &EN).unwrap();
        assert!(values.contains(&("unit", Value::Text("sheet".into()))));
        assert!(values.contains(&("vendor_id", Value::Null)));
    }

    #[test]
    fn overlong_and_hostile_text_is_refused_or_kept_verbatim() {
        let long = "x".repeat(10_000);
        let errors = validate(
            CatalogKind::Vendors.spec(),
            &form(&[("code", "V1"), ("name", &long), ("lead_time_days", "3")]),
            &EN,
        )
        .unwrap_err();
        assert_eq!(errors, vec![FieldError::new("name", "At most 200 characters.")]);
        let html = "<script>alert(1)</script>";
        let values = validate(
            CatalogKind::Vendors.spec(),
            &form(&[("code", "V1"), ("name", html), ("lead_time_days", "3")]),
            &EN,
        )
        .unwrap();
        assert_eq!(values[1].1, Value::Text(html.into()), "stored as typed; escaped when shown");
    }

    #[test]
    fn decimals_display_without_trailing_zeros() {
        assert_eq!(format_decimal(12.5), "12.5");
        assert_eq!(format_decimal(3.0), "3");
        assert_eq!(format_decimal(0.056), "0.056");
    }
}
