//! CSV import of master data: all rows or none. Every bad row is reported with its
//! line and reason; a code that exists already updates that row.
//!
//! The header names the fields (`code,name,unit,…`); a reference field drops its
//! `_id` and holds the other row's code (`facility` = `PLANT`, not a number).

use std::collections::{HashMap, HashSet};

use sea_orm::{ConnectionTrait, DbErr};

use super::csv;
use super::model::{ImportOutcome, LineError};
use super::spec::{CatalogSpec, FieldKind, FieldSpec};
use super::store;
use super::validate::{validate, Value};
use crate::db::scope::TenantId;
use crate::i18n::Catalogue;

/// Most rows one file may hold.
pub const MAX_ROWS: usize = 10_000;

/// The CSV header of a field.
pub fn header_of(field: &FieldSpec) -> &'static str {
    match field.kind {
        FieldKind::Reference(_) => field.name.strip_suffix("_id").unwrap_or(field.name),
        _ => field.name,
    }
}

/// A row ready to write: its values and the id of the row it updates, if any.
struct Prepared {
    existing: Option<i64>,
    values: Vec<(&'static str, Value)>,
}

/// Checks every row of `text` and, only if all are good, writes them.
pub async fn import(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    spec: &'static CatalogSpec,
    text: &str,
    t: &Catalogue,
) -> Result<ImportOutcome, DbErr> {
    let reject = |errors: Vec<LineError>| Ok(ImportOutcome::Rejected { errors });
    let records = match csv::parse(text) {
        Ok(records) => records,
        Err((line, message)) => return reject(vec![LineError { line, message }]),
    };
    let Some((header, rows)) = records.split_first() else {
        return reject(vec![LineError { line: 1, message: "the file is empty".into() }]);
    };
    if rows.len() > MAX_ROWS {
        return reject(vec![LineError { line: 1, message: format!("at most {MAX_ROWS} rows per file") }]);
    }
    let columns = match map_header(spec, &header.fields) {
        Ok(columns) => columns,
        Err(message) => return reject(vec![LineError { line: header.line, message }]),
    };

    // Codes of the rows other kinds may refer to, and of this kind's existing rows.
    let mut codes_of: HashMap<&str, HashMap<String, i64>> = HashMap::new();
    for field in spec.fields {
        if let FieldKind::Reference(kind) = field.kind {
            codes_of.insert(field.name, code_index(db, tenant, kind.spec()).await?);
        }
    }
    let existing = code_index(db, tenant, spec).await?;

    let mut errors = Vec::new();
    let mut prepared = Vec::with_capacity(rows.len());
    let mut seen = HashSet::new();
    for record in rows {
        if record.fields.len() != columns.len() {
            errors.push(LineError {
                line: record.line,
                message: format!("{} values, the header has {}", record.fields.len(), columns.len()),
            });
            continue;
        }
        let mut raw = HashMap::new();
        let mut problems = Vec::new();
        for (field, text) in columns.iter().zip(&record.fields) {
            let text = text.trim();
            let value = match field.kind {
                FieldKind::Reference(_) if !text.is_empty() => match codes_of[field.name].get(text) {
                    Some(id) => id.to_string(),
                    None => {
                        problems.push(format!("{}: no {} with code {text:?}", header_of(field), header_of(field)));
                        continue;
                    }
                },
                _ => text.to_string(),
            };
            raw.insert(field.name.to_string(), value);
        }
        match validate(spec, &raw, t) {
            Ok(values) => {
                let code = raw.get("code").cloned().unwrap_or_default();
                if !seen.insert(code.clone()) {
                    problems.push(format!("code {code:?} appears twice in the file"));
                }
                if problems.is_empty() {
                    prepared.push(Prepared { existing: existing.get(&code).copied(), values });
                }
            }
            Err(field_errors) => {
                problems.extend(field_errors.into_iter().map(|e| {
                    format!("{}: {}", header_of(spec.field(&e.field).expect("a field of the spec")), e.message)
                }))
            }
        }
        if !problems.is_empty() {
            errors.push(LineError { line: record.line, message: problems.join("; ") });
        }
    }
    if !errors.is_empty() {
        return reject(errors);
    }
    let (mut created, mut updated) = (0, 0);
    for row in prepared {
        store::write(db, tenant, spec, row.existing, &row.values).await?;
        if row.existing.is_some() {
            updated += 1;
        } else {
            created += 1;
        }
    }
    Ok(ImportOutcome::Imported { created, updated })
}

/// The field of each column; every required field must have a column.
fn map_header(spec: &'static CatalogSpec, header: &[String]) -> Result<Vec<&'static FieldSpec>, String> {
    let mut columns = Vec::with_capacity(header.len());
    for name in header {
        let name = name.trim().to_lowercase();
        match spec.fields.iter().find(|f| header_of(f) == name) {
            Some(field) if columns.iter().any(|c: &&FieldSpec| c.name == field.name) => {
                return Err(format!("column {name:?} appears twice"))
            }
            Some(field) => columns.push(field),
            None => {
                let known: Vec<_> = spec.fields.iter().map(header_of).collect();
                return Err(format!("unknown column {name:?}; the columns are {}", known.join(",")));
            }
        }
    }
    let missing: Vec<_> =
        spec.fields.iter().filter(|f| f.required && !columns.iter().any(|c| c.name == f.name)).map(header_of).collect();
    if missing.is_empty() {
        Ok(columns)
    } else {
        Err(format!("missing column(s): {}", missing.join(", ")))
    }
}

async fn code_index(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    spec: &CatalogSpec,
) -> Result<HashMap<String, i64>, DbErr> {
    Ok(store::options(db, tenant, spec.kind).await?.into_iter().map(|option| (option.code, option.id)).collect())
}
