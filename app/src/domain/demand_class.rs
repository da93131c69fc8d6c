//! Demand classification by Syntetos & Boylan (2005), "The accuracy of intermittent
//! demand estimates", *Int. J. Forecasting* 21: the average inter-demand interval
//! (ADI) and the squared coefficient of variation of the non-zero demand sizes
//! (CV²), cut at ADI = 1.32 and CV² = 0.49, decide which models are worth trying.

/// The four demand patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DemandClass {
    /// Regular, steady: ADI < 1.32, CV² < 0.49.
    Smooth,
    /// Regular but varying in size: ADI < 1.32, CV² ≥ 0.49.
    Erratic,
    /// Sporadic, steady sizes: ADI ≥ 1.32, CV² < 0.49.
    Intermittent,
    /// Sporadic and varying: ADI ≥ 1.32, CV² ≥ 0.49.
    Lumpy,
}

pub const ADI_CUTOFF: f64 = 1.32;
pub const CV2_CUTOFF: f64 = 0.49;

/// ADI and CV² of a series, and its class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Classification {
    /// Periods per non-zero demand: n / (number of non-zero periods).
    pub adi: f64,
    /// (σ / μ)² of the non-zero demand sizes (population variance).
    pub cv2: f64,
    pub class: DemandClass,
}

/// Classifies `demand`; `None` when no period has demand.
pub fn classify(demand: &[f64]) -> Option<Classification> {
    let sizes: Vec<f64> = demand.iter().copied().filter(|d| *d > 0.0).collect();
    if sizes.is_empty() {
        return None;
    }
    let adi = demand.len() as f64 / sizes.len() as f64;
    let mean = sizes.iter().sum::<f64>() / sizes.len() as f64;
    let variance = sizes.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / sizes.len() as f64;
    let cv2 = variance / (mean * mean);
    let class = match (adi < ADI_CUTOFF, cv2 < CV2_CUTOFF) {
        (true, true) => DemandClass::Smooth,
        (true, false) => DemandClass::Erratic,
        (false, true) => DemandClass::Intermittent,
        (false, false) => DemandClass::Lumpy,
    };
    Some(Classification { adi, cv2, class })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_quadrants() {
        // Every period, steady sizes.
        let smooth = classify(&[10.0, 11.0, 9.0, 10.0, 12.0, 8.0]).unwrap();
        assert_eq!((smooth.adi, smooth.class), (1.0, DemandClass::Smooth));
        // Every period, sizes 1 and 9: mean 5, σ² 16, CV² 0.64.
        let erratic = classify(&[1.0, 9.0, 1.0, 9.0]).unwrap();
        assert!((erratic.cv2 - 0.64).abs() < 1e-12);
        assert_eq!(erratic.class, DemandClass::Erratic);
        // One period in three, equal sizes: ADI 3, CV² 0.
        let intermittent = classify(&[0.0, 0.0, 5.0, 0.0, 0.0, 5.0]).unwrap();
        assert_eq!((intermittent.adi, intermittent.cv2, intermittent.class), (3.0, 0.0, DemandClass::Intermittent));
        let lumpy = classify(&[0.0, 1.0, 0.0, 0.0, 20.0, 0.0]).unwrap();
        assert_eq!(lumpy.class, DemandClass::Lumpy);
        assert_eq!(classify(&[0.0, 0.0]), None);
    }
}
