//! Reads the demand CSV: header `series_id,date,quantity` (any column order), rows
//! in any order, plus optional driver columns (promotion, price…). Everything is
//! checked before any forecasting starts; the first problem is reported with its
//! line number.
//!
//! Each series becomes one value per period from its first to its last dated
//! quantity; a period without a row is zero demand. Rows dated after a series'
//! last quantity may leave the quantity empty: they carry the drivers' future.

use std::collections::HashMap;

use app::domain::forecast::calendar::{Calendar, Date};
use app::domain::forecast::seasonality::Frequency;

/// One series ready to forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesInput {
    pub id: String,
    pub calendar: Calendar,
    /// Demand per period, oldest first; gaps filled with zero.
    pub values: Vec<f64>,
    /// Per driver column: values over the history, then the future rows' values.
    pub drivers: Vec<DriverValues>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DriverValues {
    pub history: Vec<f64>,
    pub future: Vec<f64>,
}

/// All series, in order of first appearance, and the driver column names.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub series: Vec<SeriesInput>,
    pub driver_names: Vec<String>,
}

/// A problem with the input, pointing at its line (1 = the header).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct InputError {
    pub line: usize,
    pub message: String,
}

fn fail<T>(line: usize, message: impl Into<String>) -> Result<T, InputError> {
    Err(InputError { line, message: message.into() })
}

const REQUIRED: [&str; 3] = ["series_id", "date", "quantity"];

/// One data row as read.
struct Row {
    series: u32,
    date: Date,
    /// `None` for a future-drivers row.
    quantity: Option<f64>,
    line: u32,
    /// Index of this row's first value in the shared driver buffer.
    drivers_at: u32,
}

/// Parses the whole file. The data rows are read in one chunk per core (a file of
/// 10 000 daily series holds over 7 million rows), then merged in file order.
pub fn parse(text: &str) -> Result<Input, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (header_line, body) = text.split_once('\n').unwrap_or((text, ""));
    let header_line = header_line.strip_suffix('\r').unwrap_or(header_line);
    if header_line.trim().is_empty() {
        return fail(1, "the file is empty; expected a header series_id,date,quantity");
    }
    let header: Vec<String> = split_fields(header_line, 1)?.into_iter().map(|f| f.trim().to_lowercase()).collect();
    let mut position = [0usize; 3];
    for (slot, name) in position.iter_mut().zip(REQUIRED) {
        *slot = match header.iter().position(|h| h == name) {
            Some(index) => index,
            None => return fail(1, format!("missing column \"{name}\"; the header must name series_id, date and quantity")),
        };
    }
    if let Some(duplicate) = header.iter().enumerate().find(|(i, h)| header[..*i].contains(h)) {
        return fail(1, format!("column \"{}\" appears twice", duplicate.1));
    }
    let driver_columns: Vec<usize> = (0..header.len()).filter(|i| !position.contains(i)).collect();
    if let Some(&blank) = driver_columns.iter().find(|&&i| header[i].is_empty()) {
        return fail(1, format!("column {} has no name", blank + 1));
    }
    let layout = Layout {
        width: header.len(),
        position,
        driver_names: driver_columns.iter().map(|&i| header[i].clone()).collect(),
        driver_columns,
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let chunks: Vec<Result<Chunk<'_>, InputError>> = std::thread::scope(|scope| {
        let layout = &layout;
        let workers: Vec<_> = split_at_lines(body, cores)
            .into_iter()
            .map(|(first_line, chunk)| scope.spawn(move || read_chunk(chunk, first_line, layout)))
            .collect();
        workers.into_iter().map(|worker| worker.join().expect("a reader thread panicked")).collect()
    });
    // Series ids in order of first appearance across the chunks, each chunk's rows renumbered.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut driver_buffer: Vec<f64> = Vec::new();
    for chunk in chunks {
        let chunk = chunk?;
        let global: Vec<u32> = chunk
            .names
            .iter()
            .map(|name| {
                let next = names.len() as u32;
                *ids.entry(name).or_insert_with(|| {
                    names.push(name);
                    next
                })
            })
            .collect();
        let offset = driver_buffer.len() as u32;
        rows.extend(chunk.rows.into_iter().map(|row| Row { series: global[row.series as usize], drivers_at: row.drivers_at + offset, ..row }));
        driver_buffer.extend(chunk.drivers);
    }
    if rows.is_empty() {
        return fail(2, "no data rows after the header");
    }
    let series = assemble(rows, &names, &driver_buffer, layout.driver_names.len())?;
    Ok(Input { series, driver_names: layout.driver_names })
}

/// Where the fields are, from the header.
struct Layout {
    width: usize,
    /// Columns of series_id, date and quantity.
    position: [usize; 3],
    driver_columns: Vec<usize>,
    driver_names: Vec<String>,
}

/// The rows of one chunk, with series numbered in order of appearance in the chunk.
struct Chunk<'a> {
    names: Vec<&'a str>,
    rows: Vec<Row>,
    drivers: Vec<f64>,
}

/// `body` (the text after the header, which is line 1) cut at line ends into at most
/// `parts` pieces of about equal size, each with the number of its first line.
fn split_at_lines(body: &str, parts: usize) -> Vec<(usize, &str)> {
    let mut pieces = Vec::with_capacity(parts);
    let (mut rest, mut line) = (body, 2);
    for remaining in (1..=parts.max(1)).rev() {
        let target = rest.len() / remaining;
        let cut = if remaining == 1 { rest.len() } else { rest[target..].find('\n').map_or(rest.len(), |i| target + i + 1) };
        let (piece, after) = rest.split_at(cut);
        pieces.push((line, piece));
        line += piece.bytes().filter(|b| *b == b'\n').count();
        rest = after;
    }
    pieces
}

/// Reads the data rows of one chunk whose first line is `first_line`.
fn read_chunk<'a>(chunk: &'a str, first_line: usize, layout: &Layout) -> Result<Chunk<'a>, InputError> {
    let Layout { width, position, driver_columns, driver_names } = layout;
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut read = Chunk { names: Vec::new(), rows: Vec::with_capacity(chunk.len() / 24), drivers: Vec::new() };
    let mut fields: Vec<&str> = Vec::with_capacity(*width);
    for (line, raw) in chunk.lines().enumerate().map(|(i, l)| (first_line + i, l.strip_suffix('\r').unwrap_or(l))) {
        if raw.trim().is_empty() {
            continue;
        }
        fields.clear();
        split_into(raw, line, &mut fields)?;
        if fields.len() != *width {
            return fail(line, format!("expected {width} fields, found {}", fields.len()));
        }
        let id = fields[position[0]].trim();
        if id.is_empty() {
            return fail(line, "series_id is empty");
        }
        let date_text = fields[position[1]].trim();
        let Some(date) = Date::parse(date_text) else {
            return fail(line, format!("bad date \"{date_text}\"; expected YYYY-MM-DD"));
        };
        let quantity_text = fields[position[2]].trim();
        let quantity = if quantity_text.is_empty() && !driver_names.is_empty() {
            None
        } else {
            Some(parse_quantity(quantity_text).map_err(|message| InputError { line, message })?)
        };
        let drivers_at = read.drivers.len() as u32;
        for (&column, name) in driver_columns.iter().zip(driver_names) {
            let text = fields[column].trim();
            match text.parse::<f64>() {
                Ok(value) if value.is_finite() => read.drivers.push(value),
                _ => return fail(line, format!("{name} \"{text}\" is not a number")),
            }
        }
        let next = read.names.len() as u32;
        let series = *ids.entry(id).or_insert_with(|| {
            read.names.push(id);
            next
        });
        read.rows.push(Row { series, date, quantity, line: line as u32, drivers_at });
    }
    Ok(read)
}

/// Non-negative finite decimal.
fn parse_quantity(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(value),
        Ok(value) if value < 0.0 => Err(format!("quantity {text} is negative; demand cannot be below zero")),
        _ if text.is_empty() => Err("quantity is empty".to_string()),
        _ => Err(format!("quantity \"{text}\" is not a number")),
    }
}

/// Groups rows by series, checks dates, fills gaps.
fn assemble(mut rows: Vec<Row>, names: &[&str], drivers: &[f64], driver_count: usize) -> Result<Vec<SeriesInput>, InputError> {
    rows.sort_unstable_by_key(|r| (r.series, r.date, r.line));
    let mut series = Vec::with_capacity(names.len());
    let mut problem: Option<InputError> = None;
    let mut note = |error: InputError| {
        if problem.as_ref().is_none_or(|p| error.line < p.line) {
            problem = Some(error);
        }
    };
    for group in rows.chunk_by(|a, b| a.series == b.series) {
        let name = names[group[0].series as usize];
        for pair in group.windows(2) {
            if pair[0].date == pair[1].date {
                note(InputError {
                    line: pair[1].line as usize,
                    message: format!("duplicate date {} for series \"{name}\" (first on line {})", pair[1].date, pair[0].line),
                });
            }
        }
        let Some(last_quantity) = group.iter().rposition(|r| r.quantity.is_some()) else {
            note(InputError { line: group[0].line as usize, message: format!("series \"{name}\" has no quantity at all") });
            continue;
        };
        if let Some(blank) = group[..last_quantity].iter().find(|r| r.quantity.is_none()) {
            note(InputError {
                line: blank.line as usize,
                message: format!("quantity is empty; only rows after the series' last quantity may leave it empty (series \"{name}\")"),
            });
            continue;
        }
        let (history, future) = group.split_at(last_quantity + 1);
        let dates: Vec<Date> = history.iter().map(|r| r.date).collect();
        let calendar = Calendar::infer(&dates, Frequency::Daily);
        let length = calendar.index_of(dates[dates.len() - 1]) + 1;
        let mut values = vec![0.0; length];
        let mut driver_values: Vec<DriverValues> =
            (0..driver_count).map(|_| DriverValues { history: vec![0.0; length], future: Vec::new() }).collect();
        for row in history {
            let index = calendar.index_of(row.date);
            values[index] += row.quantity.unwrap_or(0.0);
            for (d, driver) in driver_values.iter_mut().enumerate() {
                driver.history[index] = drivers[row.drivers_at as usize + d];
            }
        }
        for row in future {
            let index = calendar.index_of(row.date);
            if index < length {
                continue;
            }
            for (d, driver) in driver_values.iter_mut().enumerate() {
                let step = index - length;
                if driver.future.len() <= step {
                    let hold = driver.future.last().or(driver.history.last()).copied().unwrap_or(0.0);
                    driver.future.resize(step + 1, hold);
                }
                driver.future[step] = drivers[row.drivers_at as usize + d];
            }
        }
        series.push((group[0].series, SeriesInput { id: name.to_string(), calendar, values, drivers: driver_values }));
    }
    if let Some(error) = problem {
        return Err(error);
    }
    series.sort_unstable_by_key(|(order, _)| *order);
    Ok(series.into_iter().map(|(_, s)| s).collect())
}

/// Splits one header line into owned fields.
fn split_fields(line: &str, number: usize) -> Result<Vec<String>, InputError> {
    let mut fields = Vec::new();
    split_into(line, number, &mut fields)?;
    Ok(fields.into_iter().map(str::to_string).collect())
}

/// Splits a CSV line at commas; a field may be wrapped in double quotes (then it may
/// hold commas; a doubled quote inside is unsupported and reported).
fn split_into<'a>(line: &'a str, number: usize, fields: &mut Vec<&'a str>) -> Result<(), InputError> {
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let Some(end) = quoted.find('"') else {
                return fail(number, "a quoted field is not closed");
            };
            fields.push(&quoted[..end]);
            rest = &quoted[end + 1..];
            match rest.strip_prefix(',') {
                Some(after) => rest = after,
                None if rest.is_empty() => return Ok(()),
                None => return fail(number, "unexpected text after a quoted field"),
            }
        } else {
            // A plain byte scan: fields are a few bytes long, too short for memchr to pay.
            match rest.bytes().position(|b| b == b',') {
                Some(comma) => {
                    fields.push(&rest[..comma]);
                    rest = &rest[comma + 1..];
                }
                None => {
                    fields.push(rest);
                    return Ok(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> InputError {
        parse(text).expect_err("should be rejected")
    }

    #[test]
    fn reads_rows_in_any_order_and_fills_missing_days_with_zero() {
        let input = parse("date,series_id,quantity\n2024-01-03,A,5\n2024-01-01,A,2\n2024-01-01,\"B, large\",7\n2024-01-02,\"B, large\",1\n").unwrap();
        assert_eq!(input.series.len(), 2);
        assert_eq!(input.series[0].id, "A");
        assert_eq!(input.series[0].values, vec![2.0, 0.0, 5.0]);
        assert_eq!(input.series[1].id, "B, large");
        assert_eq!(input.series[1].calendar.frequency, Frequency::Daily);
    }

    #[test]
    fn drivers_carry_history_and_future() {
        let text = "series_id,date,quantity,promotion\nA,2024-01-01,3,0\nA,2024-01-02,9,1\nA,2024-01-03,,1\nA,2024-01-05,,0\n";
        let input = parse(text).unwrap();
        assert_eq!(input.driver_names, vec!["promotion"]);
        let a = &input.series[0];
        assert_eq!(a.values, vec![3.0, 9.0]);
        assert_eq!(a.drivers[0].history, vec![0.0, 1.0]);
        assert_eq!(a.drivers[0].future, vec![1.0, 1.0, 0.0]);
    }

    #[test]
    fn each_bad_input_names_its_line() {
        assert_eq!(error("").line, 1);
        assert!(error("series_id,date\nA,2024-01-01\n").message.contains("missing column \"quantity\""));
        assert_eq!(error("series_id,date,quantity\n").message, "no data rows after the header");
        let cases = [
            ("series_id,date,quantity\nA,2024-01-01,1\nA,2024-02-30,1\n", 3, "bad date"),
            ("series_id,date,quantity\nA,2024-01-01,-4\n", 2, "negative"),
            ("series_id,date,quantity\nA,2024-01-01,lots\n", 2, "not a number"),
            ("series_id,date,quantity\nA,2024-01-01,NaN\n", 2, "not a number"),
            ("series_id,date,quantity\nA,2024-01-01,1\nB,2024-01-01,1\nA,2024-01-01,2\n", 4, "duplicate date 2024-01-01"),
            ("series_id,date,quantity\nA,2024-01-01,1,9\n", 2, "expected 3 fields"),
            ("series_id,date,quantity\n,2024-01-01,1\n", 2, "series_id is empty"),
            ("series_id,date,quantity\nA,2024-01-01,\n", 2, "quantity is empty"),
            ("series_id,date,quantity,price\nA,2024-01-01,1,cheap\n", 2, "price \"cheap\""),
            ("series_id,date,quantity,price\nA,2024-01-01,,2\nA,2024-01-02,1,2\n", 2, "only rows after"),
        ];
        for (text, line, fragment) in cases {
            let e = error(text);
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(fragment), "{text:?}: {e}");
        }
    }

    #[test]
    fn chunks_end_at_line_ends_and_know_their_first_line() {
        let body = "a\nbb\nccc\ndddd\ne\n";
        for parts in 1..=6 {
            let pieces = split_at_lines(body, parts);
            assert_eq!(pieces.iter().map(|(_, p)| *p).collect::<String>(), body);
            let mut offset = 0;
            for (first_line, piece) in &pieces {
                assert_eq!(*first_line, 2 + body[..offset].matches('\n').count(), "{parts} parts: {pieces:?}");
                assert!(piece.is_empty() || piece.ends_with('\n'), "{parts} parts: {pieces:?}");
                offset += piece.len();
            }
        }
    }

    #[test]
    fn rows_read_in_chunks_keep_their_order_and_line_numbers() {
        let mut text = String::from("series_id,date,quantity\n");
        for day in 1..=28 {
            for id in ["B", "A", "C"] {
                text.push_str(&format!("{id},2024-02-{day:02},{day}\n"));
            }
        }
        let input = parse(&text).unwrap();
        assert_eq!(input.series.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["B", "A", "C"]);
        assert!(input.series.iter().all(|s| s.values == (1..=28).map(f64::from).collect::<Vec<_>>()));
        // Line 79 is in the last chunk on any machine with more than one core.
        let bad = text.replace("C,2024-02-26,26", "C,2024-02-26,x");
        let e = error(&bad);
        assert_eq!((e.line, e.message.as_str()), (79, "quantity \"x\" is not a number"));
    }
}
