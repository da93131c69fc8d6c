//! A receiving batch checked line by line: every bad field named at once
//! (`lines[2].quantity`), before anything is looked up or written.

use super::model::ReceivingLine;
use crate::forms::{parse_text, FieldError};
use crate::i18n::Catalogue;

/// The most lines one batch takes (the recommendation target is set for 50).
pub const MAX_LINES: usize = 50;
const MAX_PIECES: u32 = 1_000_000;

/// A line whose fields are each valid.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedLine {
    pub material: String,
    pub pieces: u32,
    pub lot: Option<String>,
}

pub fn check_lines(lines: &[ReceivingLine], t: &Catalogue) -> Result<Vec<CheckedLine>, Vec<FieldError>> {
    if lines.is_empty() {
        return Err(vec![FieldError::new("lines", t.receiving_no_lines)]);
    }
    if lines.len() > MAX_LINES {
        return Err(vec![FieldError::new("lines", t.receiving_too_many_lines)]);
    }
    let mut errors = Vec::new();
    let mut checked = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let material =
            parse_text(&line.material, 64, t).map_err(|m| errors.push(FieldError::new(&field("material"), m)));
        let pieces = match line.quantity.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_PIECES).contains(&n) => Ok(n),
            _ => {
                errors.push(FieldError::new(&field("quantity"), t.receiving_quantity));
                Err(())
            }
        };
        let lot = if line.lot.trim().is_empty() {
            Ok(None)
        } else {
            parse_text(&line.lot, 64, t).map(Some).map_err(|m| errors.push(FieldError::new(&field("lot"), m)))
        };
        if let (Ok(material), Ok(pieces), Ok(lot)) = (material, pieces, lot) {
            checked.push(CheckedLine { material, pieces, lot });
        }
    }
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    fn line(material: &str, quantity: &str, lot: &str) -> ReceivingLine {
        ReceivingLine { material: material.into(), quantity: quantity.into(), lot: lot.into() }
    }

    #[test]
    fn every_bad_field_is_named_by_its_line() {
        let t = Locale::En.catalogue();
        let errors =
            check_lines(&[line("PAPER", "3", ""), line("", "0", "L\u{7}"), line("INK", "2.5", "L1")], t).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["lines[1].material", "lines[1].quantity", "lines[1].lot", "lines[2].quantity"]);
    }

    #[test]
    fn good_lines_are_trimmed_and_an_empty_lot_is_none() {
        let t = Locale::En.catalogue();
        let lines = check_lines(&[line(" PAPER ", " 12 ", " "), line("INK", "1", "L-7")], t).expect("valid");
        assert_eq!(lines[0], CheckedLine { material: "PAPER".into(), pieces: 12, lot: None });
        assert_eq!(lines[1].lot.as_deref(), Some("L-7"));
        assert!(check_lines(&[], t).is_err());
        assert!(check_lines(&vec![line("A", "1", ""); MAX_LINES + 1], t).is_err());
    }
}
