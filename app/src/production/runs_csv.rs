//! The runs table as CSV (RFC 4180, by the `csv` crate), for a spreadsheet: one
//! header line, then one line per run, times in UTC (ISO 8601).
//!
//! A cell a person typed (job, product, names) that begins with `=`, `+`, `-`
//! or `@` gets a leading `'`, so a spreadsheet shows it instead of running it as
//! a formula (OWASP's advice on CSV injection).

use super::model::RunRow;

const HEADER: [&str; 11] =
    ["run", "work_center", "job", "product", "status", "planned", "good", "scrap", "start_utc", "end_utc", "operator"];

fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn utc(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|at| at.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The CSV text of `rows`.
pub fn to_csv(rows: &[RunRow]) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER)?;
    for row in rows {
        out.write_record([
            row.id.to_string(),
            inert(&row.work_center),
            inert(&row.job),
            inert(&row.product),
            row.status.clone(),
            row.planned_quantity.to_string(),
            row.good.to_string(),
            row.scrap.to_string(),
            utc(row.start_ms),
            row.ended_ms.map(utc).unwrap_or_default(),
            row.operator.as_deref().map(inert).unwrap_or_default(),
        ])?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(job: &str) -> RunRow {
        RunRow {
            id: 7,
            work_center: "PRESS-1 — Heidelberg".into(),
            job: job.into(),
            product: "Flyer, A5 \"glossy\"".into(),
            status: "completed".into(),
            planned_quantity: 1000,
            good: 990,
            scrap: 10,
            start_ms: 1_796_292_000_000,
            ended_ms: None,
            start_local: "2026-12-03 09:00".into(),
            end_local: None,
            operator: Some("Olga Operator".into()),
        }
    }

    #[test]
    fn rows_are_quoted_as_rfc_4180_says_and_formulas_are_made_inert() {
        let text = to_csv(&[row("=HYPERLINK(\"x\")")]).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("run,work_center,job,product,status,planned,good,scrap,start_utc,end_utc,operator")
        );
        assert_eq!(
            lines.next(),
            Some("7,PRESS-1 — Heidelberg,\"'=HYPERLINK(\"\"x\"\")\",\"Flyer, A5 \"\"glossy\"\"\",completed,1000,990,10,2026-12-03T10:00:00Z,,Olga Operator")
        );
        assert_eq!(lines.next(), None);
    }
}
