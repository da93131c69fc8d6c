//! A planner runs `server forecast` on a demand CSV: one row per series and step
//! comes back, dates continue each series' own frequency, intervals are nested and
//! never negative; bad input names its line, exits 2 and leaves no output file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use app::domain::forecast::calendar::{Calendar, Date};
use app::domain::forecast::seasonality::Frequency;

/// A scratch folder removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!("floorcast-forecast-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn forecast(input: &Path, output: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("forecast")
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .args(extra)
        .env_remove("DATABASE_URL")
        .output()
        .expect("the server binary runs")
}

/// A year of a weekday-patterned daily item, a sparse daily item, a weekly and a
/// month-end monthly item, with the columns in a different order and rows shuffled.
fn history() -> String {
    let dates = |first: (i64, i64, i64), second: (i64, i64, i64)| {
        let first = Date::from_ymd(first.0, first.1, first.2);
        Calendar::infer(&[first, Date::from_ymd(second.0, second.1, second.2)], Frequency::Daily)
    };
    let (daily, weekly, monthly) = (dates((2024, 1, 1), (2024, 1, 2)), dates((2023, 1, 2), (2023, 1, 9)), dates((2021, 1, 31), (2021, 2, 28)));
    let mut rows = Vec::new();
    for day in 0..400usize {
        let quantity = [30, 42, 45, 40, 38, 12, 5][day % 7] + day * 7919 % 5;
        rows.push(format!("{},{quantity},DAILY-1", daily.date_at(day)));
        if day % 5 == 0 {
            rows.push(format!("{},{},SPARE PART", daily.date_at(day), 1 + day % 3));
        }
    }
    for week in 0..120 {
        rows.push(format!("{},{},WEEKLY", weekly.date_at(week), 100 + week % 9));
    }
    for month in 0..36 {
        // One month with ten times the usual demand: the report must flag it.
        let quantity = if month == 20 { 5000 } else { 500 + 40 * (month % 12) };
        rows.push(format!("{},{quantity},MONTHLY", monthly.date_at(month)));
    }
    let mut keyed: Vec<(usize, String)> = rows.into_iter().enumerate().map(|(i, row)| (i * 2_654_435_761 % 1_000_003, row)).collect();
    keyed.sort();
    std::iter::once("date,quantity,series_id".to_string()).chain(keyed.into_iter().map(|(_, row)| row)).collect::<Vec<_>>().join("\n")
}

#[test]
fn forecasts_every_series_at_its_own_frequency() {
    let scratch = Scratch::new();
    let input = scratch.file("history.csv", &history());
    let output = scratch.path("forecast.csv");
    let report = scratch.path("report.csv");
    let result = forecast(&input, &output, &["--horizon", "14", "--report", report.to_str().unwrap()]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));

    let text = std::fs::read_to_string(&output).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("series_id,step,date,forecast,lo80,hi80,lo95,hi95,method"));
    let rows: Vec<Vec<String>> = lines.map(split_csv).collect();
    assert_eq!(rows.len(), 4 * 14);
    let first_dates: Vec<(&str, &str)> = rows.iter().filter(|r| r[1] == "1").map(|r| (r[0].as_str(), r[2].as_str())).collect();
    assert!(first_dates.contains(&("DAILY-1", "2025-02-04")), "{first_dates:?}");
    assert!(first_dates.contains(&("WEEKLY", "2025-04-21")), "{first_dates:?}");
    assert!(first_dates.contains(&("MONTHLY", "2024-01-31")), "{first_dates:?}");
    let monthly_second = rows.iter().find(|r| r[0] == "MONTHLY" && r[1] == "2").unwrap();
    assert_eq!(monthly_second[2], "2024-02-29");
    for row in &rows {
        let numbers: Vec<f64> = row[3..8].iter().map(|v| v.parse().unwrap()).collect();
        let (point, lo80, hi80, lo95, hi95) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]);
        assert!(0.0 <= lo95 && lo95 <= lo80 && lo80 <= point && point <= hi80 && hi80 <= hi95, "{row:?}");
        assert!(!row[8].is_empty());
    }
    // The weekday pattern survives: Saturday's forecast is far below Tuesday's.
    let daily: Vec<f64> = rows.iter().filter(|r| r[0] == "DAILY-1").map(|r| r[3].parse().unwrap()).collect();
    assert!(daily[4] < daily[0] / 2.0, "{daily:?}");

    let report = std::fs::read_to_string(&report).unwrap();
    assert!(report.starts_with("series_id,frequency,periods,outliers,method,reason\n"), "{report}");
    assert!(report.contains("WEEKLY,weekly,120,,"), "{report}");
    assert!(report.contains("MONTHLY,monthly,36,2022-09-30,"), "{report}");
    assert!(report.contains("SPARE PART,daily,"), "{report}");
    assert!(report.contains("hold-out"), "{report}");
}

#[test]
fn an_explicit_method_and_levels_shape_the_output() {
    let scratch = Scratch::new();
    let input = scratch.file("history.csv", "series_id,date,quantity\nA,2024-01-01,3\nA,2024-01-03,0\nA,2024-01-04,5\nA,2024-01-06,2\nA,2024-01-09,4\n");
    let output = scratch.path("forecast.csv");
    let result = forecast(&input, &output, &["--horizon", "3", "--method", "croston", "--level", "90"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let text = std::fs::read_to_string(&output).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "series_id,step,date,forecast,lo90,hi90,method");
    assert!(lines[1].starts_with("A,1,2024-01-10,") && lines[1].contains("Croston"), "{text}");
    assert_eq!(lines.len(), 4);
}

#[test]
fn each_kind_of_bad_input_names_its_line_exits_2_and_writes_nothing() {
    let good = "series_id,date,quantity\nA,2024-01-01,3\nA,2024-01-02,4\n";
    let cases: [(&str, &str, &[&str]); 9] = [
        ("missing column", "series_id,date\nA,2024-01-01\n", &["line 1", "missing column \"quantity\""]),
        ("bad date", "series_id,date,quantity\nA,2024-01-01,3\nA,01/02/2024,4\n", &["line 3", "bad date \"01/02/2024\""]),
        ("negative", "series_id,date,quantity\nA,2024-01-01,-3\n", &["line 2", "negative"]),
        ("not a number", "series_id,date,quantity\nA,2024-01-01,three\n", &["line 2", "not a number"]),
        ("duplicate", "series_id,date,quantity\nA,2024-01-01,3\nB,2024-01-01,1\nA,2024-01-01,4\n", &["line 4", "duplicate date 2024-01-01 for series \"A\""]),
        ("empty file", "", &["line 1", "empty"]),
        ("header only", "series_id,date,quantity\n", &["no data rows"]),
        ("horizon 0", good, &["horizon must be between 1 and 730, got 0"]),
        ("horizon 731", good, &["horizon must be between 1 and 730, got 731"]),
    ];
    for (name, text, expected) in cases {
        let scratch = Scratch::new();
        let input = scratch.file("history.csv", text);
        let output = scratch.path("forecast.csv");
        let horizon = match name {
            "horizon 0" => "0",
            "horizon 731" => "731",
            _ => "7",
        };
        let result = forecast(&input, &output, &["--horizon", horizon]);
        let stderr = String::from_utf8_lossy(&result.stderr).trim().to_string();
        assert_eq!(result.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: one line expected: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        for fragment in expected {
            assert!(stderr.contains(fragment), "{name}: {stderr:?} lacks {fragment:?}");
        }
        assert!(!output.exists(), "{name}: an output file was left behind");
        assert_eq!(std::fs::read_dir(&scratch.0).unwrap().count(), 1, "{name}: stray files");
    }
}

#[test]
fn unknown_method_level_and_missing_input_exit_2() {
    let scratch = Scratch::new();
    let input = scratch.file("history.csv", "series_id,date,quantity\nA,2024-01-01,3\n");
    let output = scratch.path("forecast.csv");
    for (args, fragment) in [
        (vec!["--horizon", "3", "--method", "prophet"], "unknown method \"prophet\""),
        (vec!["--horizon", "3", "--level", "100"], "interval level"),
        (vec!["--horizon", "-1"], "got -1"),
    ] {
        let result = forecast(&input, &output, &args);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(fragment), "{stderr}");
        assert!(!output.exists());
    }
    let result = forecast(&scratch.path("absent.csv"), &output, &["--horizon", "3"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("cannot read"));
}

/// Splits a CSV line whose fields may be quoted.
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut current)),
            other => current.push(other),
        }
    }
    fields.push(current);
    fields
}
