//! Writes the forecast CSV (`series_id,step,date,forecast,lo80,hi80,lo95,hi95,method`,
//! one column pair per requested level) and the optional per-series report, each
//! through a temporary file renamed into place: a failed run leaves no output.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use app::domain::accuracy::outliers;
use app::domain::forecast::auto::Outcome;

use super::input::SeriesInput;

/// The header for `levels` (percents, ascending).
pub fn forecast_header(levels: &[f64]) -> String {
    let mut header = String::from("series_id,step,date,forecast");
    for level in levels {
        let _ = write!(header, ",lo{0},hi{0}", number(*level));
    }
    header.push_str(",method\n");
    header
}

/// The rows of every series, formatted on all cores.
pub fn forecast_rows_all(series: &[SeriesInput], outcomes: &[Outcome]) -> Vec<String> {
    let pairs: Vec<(&SeriesInput, &Outcome)> = series.iter().zip(outcomes).collect();
    super::parallel::map_in_parallel(&pairs, "writing", |(s, o)| forecast_rows(s, o))
}

/// The rows of one series, steps 1..=H.
pub fn forecast_rows(series: &SeriesInput, outcome: &Outcome) -> String {
    let mut rows = String::with_capacity(outcome.point.len() * 80);
    let id = quote(&series.id);
    let method = quote(&outcome.model);
    let n = series.values.len();
    for (step, point) in outcome.point.iter().enumerate() {
        let date = series.calendar.date_at(n + step);
        let _ = write!(rows, "{id},{},{date},{}", step + 1, number(*point));
        for band in &outcome.bands {
            let _ = write!(rows, ",{},{}", number(band.lower[step]), number(band.upper[step]));
        }
        let _ = writeln!(rows, ",{method}");
    }
    rows
}

pub const REPORT_HEADER: &str = "series_id,frequency,periods,outliers,method,reason\n";

/// Robust z-score beyond which a period of history is reported as an outlier.
const OUTLIER_Z: f64 = 3.0;

/// One report line: the periods flagged as outliers (|robust z| > 3, dates joined by
/// `;`), and what model was chosen for the series and why.
pub fn report_row(series: &SeriesInput, outcome: &Outcome) -> String {
    let flagged: Vec<String> = outliers(&series.values, OUTLIER_Z).into_iter().map(|i| series.calendar.date_at(i).to_string()).collect();
    format!(
        "{},{},{},{},{},{}\n",
        quote(&series.id),
        series.calendar.frequency.name(),
        series.values.len(),
        flagged.join(";"),
        quote(&outcome.model),
        quote(&outcome.reason)
    )
}

/// Writes `parts` to `path` atomically (temporary file beside it, then rename).
pub fn write_atomically<'a>(path: &Path, parts: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let temporary = temporary_path(path);
    let result = (|| -> std::io::Result<()> {
        let mut file = std::io::BufWriter::with_capacity(1 << 20, fs::File::create(&temporary)?);
        for part in parts {
            file.write_all(part.as_bytes())?;
        }
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&temporary, path)
    })();
    result.map_err(|error| {
        let _ = fs::remove_file(&temporary);
        format!("cannot write {}: {error}", path.display())
    })
}

fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// Up to three decimals, without trailing zeros.
fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Quotes a field that holds a comma, quote or line break (quotes inside doubled).
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_fields_quoted() {
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(0.0001), "0");
        assert_eq!(number(2.34567), "2.346");
        assert_eq!(quote("ETS(A,N,A)"), "\"ETS(A,N,A)\"");
        assert_eq!(forecast_header(&[80.0, 95.0]), "series_id,step,date,forecast,lo80,hi80,lo95,hi95,method\n");
        assert_eq!(forecast_header(&[97.5]), "series_id,step,date,forecast,lo97.5,hi97.5,method\n");
    }
}
