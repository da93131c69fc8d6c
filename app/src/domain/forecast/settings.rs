//! What a caller asks for, parsed once at the edge: the horizon, the interval
//! levels and the method. Past `parse`, none of them can be out of range.

/// Steps to forecast, 1..=730 (two years of days).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Horizon(usize);

pub const MAX_HORIZON: usize = 730;

impl Horizon {
    pub fn parse(steps: i64) -> Result<Horizon, SettingsError> {
        if (1..=MAX_HORIZON as i64).contains(&steps) {
            Ok(Horizon(steps as usize))
        } else {
            Err(SettingsError::Horizon(steps))
        }
    }

    pub fn steps(self) -> usize {
        self.0
    }
}

/// Prediction-interval levels in percent, each in (0, 100), ascending and distinct.
#[derive(Clone, Debug, PartialEq)]
pub struct Levels(Vec<f64>);

impl Levels {
    /// Parses "80,95".
    pub fn parse(text: &str) -> Result<Levels, SettingsError> {
        let mut levels = Vec::new();
        for part in text.split(',') {
            let level: f64 = part.trim().parse().map_err(|_| SettingsError::Level(part.trim().to_string()))?;
            if !(level > 0.0 && level < 100.0) {
                return Err(SettingsError::Level(part.trim().to_string()));
            }
            levels.push(level);
        }
        levels.sort_by(f64::total_cmp);
        levels.dedup();
        Ok(Levels(levels))
    }

    pub fn percents(&self) -> &[f64] {
        &self.0
    }
}

impl Default for Levels {
    fn default() -> Levels {
        Levels(vec![80.0, 95.0])
    }
}

/// The model to use, or `Auto` to let the validation choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Auto,
    Naive,
    SeasonalNaive,
    MovingAverage,
    Ses,
    Holt,
    HoltWinters,
    Ets,
    Arima,
    Theta,
    Regression,
    Croston,
    Sba,
    Tsb,
    Adida,
}

impl Method {
    pub const ALL: [Method; 15] = [
        Method::Auto,
        Method::Naive,
        Method::SeasonalNaive,
        Method::MovingAverage,
        Method::Ses,
        Method::Holt,
        Method::HoltWinters,
        Method::Ets,
        Method::Arima,
        Method::Theta,
        Method::Regression,
        Method::Croston,
        Method::Sba,
        Method::Tsb,
        Method::Adida,
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Naive => "naive",
            Method::SeasonalNaive => "snaive",
            Method::MovingAverage => "ma",
            Method::Ses => "ses",
            Method::Holt => "holt",
            Method::HoltWinters => "hw",
            Method::Ets => "ets",
            Method::Arima => "arima",
            Method::Theta => "theta",
            Method::Regression => "regression",
            Method::Croston => "croston",
            Method::Sba => "sba",
            Method::Tsb => "tsb",
            Method::Adida => "adida",
        }
    }

    pub fn parse(name: &str) -> Result<Method, SettingsError> {
        Method::ALL.into_iter().find(|m| m.name() == name.trim()).ok_or_else(|| SettingsError::Method(name.to_string()))
    }
}

/// Everything a forecast run needs besides the data.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub horizon: Horizon,
    /// Season length to use instead of detecting one; 1 means no season.
    pub season_length: Option<usize>,
    pub method: Method,
    pub levels: Levels,
    /// Winsorise robust-z outliers (|z| > 3) before fitting.
    pub clean_outliers: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("horizon must be between 1 and {MAX_HORIZON}, got {0}")]
    Horizon(i64),
    #[error("interval level must be a number between 0 and 100 (exclusive), got {0:?}")]
    Level(String),
    #[error("unknown method {0:?}; use one of auto, naive, snaive, ma, ses, holt, hw, ets, arima, theta, regression, croston, sba, tsb, adida")]
    Method(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizon_is_one_to_seven_hundred_thirty() {
        assert_eq!(Horizon::parse(1).unwrap().steps(), 1);
        assert_eq!(Horizon::parse(730).unwrap().steps(), 730);
        assert_eq!(Horizon::parse(0), Err(SettingsError::Horizon(0)));
        assert_eq!(Horizon::parse(731), Err(SettingsError::Horizon(731)));
    }

    #[test]
    fn levels_are_sorted_and_bounded() {
        assert_eq!(Levels::parse("95, 80").unwrap().percents(), &[80.0, 95.0]);
        assert!(Levels::parse("100").is_err() && Levels::parse("0").is_err() && Levels::parse("abc").is_err() && Levels::parse("").is_err());
    }

    #[test]
    fn every_method_round_trips_through_its_name() {
        for method in Method::ALL {
            assert_eq!(Method::parse(method.name()), Ok(method));
        }
        assert!(Method::parse("prophet").is_err());
    }
}
