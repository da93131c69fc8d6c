//! Every statistic against SciPy on the same data. The constants are printed by
//! `bench/stats_reference.py` (its first line names the versions) and pasted here.

use super::correlation::{pearson, spearman};
use super::distributions::t_two_sided_p;
use super::figure::{Figure, MIN_SAMPLE};
use super::outliers::{by_iqr, by_modified_z_score, by_z_score, quantile, Severity};
use super::proportions::compare;
use super::regression::{trend, Direction};

// scipy 1.17.1, numpy 2.4.6
const X: [f64; 40] = [
    0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0,
    21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0,
];
const Y: [f64; 40] = [
    0.62,
    0.653749944313574,
    0.6203337669391951,
    0.604225559530168,
    0.6508234005341582,
    0.6639546133787048,
    0.6230037593721938,
    0.15,
    0.6777748544456949,
    0.6679022171939184,
    0.6311580752436133,
    0.659530029225574,
    0.6979937870042802,
    0.6687409021372778,
    0.6468460466276842,
    0.690771750620665,
    0.7103781918495217,
    0.670430879800771,
    0.670149176965052,
    0.7191998366869866,
    0.7158724805836006,
    0.6767099998449942,
    0.6991598519549922,
    0.741568008963719,
    0.717220797720496,
    0.6901174049064122,
    0.7304796179856465,
    0.7562128688884101,
    0.718250236365247,
    0.7113302937959952,
    0.7601068752753012,
    0.99,
    0.7228711822855892,
    0.7389870337707295,
    0.784482115820601,
    0.7656734386105267,
    0.7340559015220189,
    0.770042825840535,
    0.801417684753266,
    0.7663765607287056,
];
const C: [f64; 40] = [
    0.3, 0.32, 0.33, 0.35, 0.37, 0.39, 0.41, 0.42, 0.44, 0.46, 0.47, 0.49, 0.51, 0.53, 0.55, 0.56, 0.58, 0.6, 0.61,
    0.63, 0.65, 0.67, 0.69, 0.7, 0.72, 0.74, 0.76, 0.77, 0.79, 0.81, 0.82, 0.84, 0.86, 0.88, 0.9, 0.91, 0.93, 0.95,
    0.97, 0.98,
];
const A: [f64; 40] = [
    0.5, 0.4, 0.4, 0.5, 0.4, 0.5, 0.5, 0.4, 0.5, 0.5, 0.5, 0.6, 0.5, 0.5, 0.6, 0.5, 0.6, 0.6, 0.5, 0.6, 0.6, 0.6, 0.7,
    0.6, 0.7, 0.7, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.8, 0.7, 0.8, 0.8, 0.7, 0.8, 0.8,
];
const TREND: (f64, f64, f64, f64) =
    (0.005592197351101184, 0.5831497009406724, 0.3492689273065762, 5.941174630624714e-05);
const FLAT_P: f64 = 0.9437131665089957;
const PEARSON: (f64, f64) = (0.9279262693430761, 7.151929323510199e-18);
const SPEARMAN: (f64, f64) = (0.9310090871794878, 3.2028127168075857e-18);
const QUARTILES: (f64, f64) = (0.662848467340422, 0.7352886845841966);
const Z_OF_7: f64 = -4.901440500078667;
const MODIFIED_Z_OF_7: f64 = -9.929841901539618;
const T_P: [(f64, f64, f64); 5] = [
    (2.0, 10.0, 0.07338803477074037),
    (0.5, 3.0, 0.651447964848151),
    (3.3, 38.0, 0.002108058674460217),
    (-1.2, 120.0, 0.23250309376681777),
    (8.0, 5.0, 0.0004929066605724442),
];
const TWO_PROPORTIONS: (f64, f64, f64, f64) =
    (2.3424372109599854, 0.01915825729210515, 0.010262794821712731, 0.11601925646033855);

fn close(ours: f64, theirs: f64, tolerance: f64) -> bool {
    (ours - theirs).abs() <= tolerance * theirs.abs().max(1e-300)
}

#[test]
fn t_p_values_match_scipy() {
    for (t, df, p) in T_P {
        assert!(close(t_two_sided_p(t, df), p, 1e-9), "t = {t}, df = {df}: {} vs {p}", t_two_sided_p(t, df));
    }
}

#[test]
fn the_trend_matches_linregress_and_claims_a_direction_only_when_significant() {
    let fit = trend(&X, &Y);
    let fit = fit.value().expect("40 points");
    let (slope, intercept, r2, p) = TREND;
    assert!(
        close(fit.slope, slope, 1e-12) && close(fit.intercept, intercept, 1e-12) && close(fit.r_squared, r2, 1e-10)
    );
    assert!(close(fit.p_value, p, 1e-8), "{} vs {p}", fit.p_value);
    assert_eq!(fit.direction(true, 0.05), Direction::Improving);
    assert_eq!(fit.direction(false, 0.05), Direction::Declining);
    let flat: Vec<f64> = (0..40).map(|i| 0.7 + 0.03 * (1.7 * i as f64).sin()).collect();
    let flat = trend(&X, &flat);
    let flat = flat.value().expect("40 points");
    assert!(close(flat.p_value, FLAT_P, 1e-8), "{} vs {FLAT_P}", flat.p_value);
    assert_eq!(flat.direction(true, 0.05), Direction::Stable);
}

#[test]
fn correlations_match_pearsonr_and_spearmanr() {
    let r = pearson(&C, &A);
    let r = r.value().expect("40 pairs");
    assert!(close(r.r, PEARSON.0, 1e-12) && close(r.p_value, PEARSON.1, 1e-7), "{r:?}");
    let rho = spearman(&C, &A);
    let rho = rho.value().expect("40 pairs");
    assert!(close(rho.r, SPEARMAN.0, 1e-12) && close(rho.p_value, SPEARMAN.1, 1e-7), "{rho:?}");
}

#[test]
fn outliers_match_numpy_quartiles_and_scipy_z_scores() {
    let mut sorted = Y.to_vec();
    sorted.sort_by(f64::total_cmp);
    assert!(close(quantile(&sorted, 0.25), QUARTILES.0, 1e-14) && close(quantile(&sorted, 0.75), QUARTILES.1, 1e-14));
    let iqr = by_iqr(&Y);
    let iqr = iqr.value().expect("40 values");
    let flagged: Vec<(usize, Severity)> = iqr.iter().map(|o| (o.index, o.severity)).collect();
    assert_eq!(flagged, [(7, Severity::Severe), (31, Severity::Severe)]);
    let z = by_z_score(&Y);
    let seven = z.value().expect("40 values").iter().find(|o| o.index == 7).expect("day 7 is an outlier");
    assert!(close(seven.score, Z_OF_7, 1e-12) && seven.severity == Severity::Severe);
    let modified = by_modified_z_score(&Y);
    let seven = modified.value().expect("40 values").iter().find(|o| o.index == 7).expect("day 7 is an outlier");
    assert!(close(seven.score, MODIFIED_Z_OF_7, 1e-12));
}

#[test]
fn two_acceptance_rates_compare_as_the_textbook_z_test() {
    let found = compare(412, 520, 350, 480).expect("both groups large enough");
    let (z, p, low, high) = TWO_PROPORTIONS;
    assert!(close(found.z, z, 1e-12) && close(found.low, low, 1e-9) && close(found.high, high, 1e-9), "{found:?}");
    assert!(close(found.p_value, p, 1e-5), "normal CDF to about 1e-7: {} vs {p}", found.p_value);
    assert_eq!(compare(20, 29, 350, 480), None, "29 decisions are not enough");
}

#[test]
fn below_thirty_observations_there_is_no_figure() {
    let short = &Y[..MIN_SAMPLE - 1];
    assert_eq!(trend(&X[..MIN_SAMPLE - 1], short), Figure::NotEnoughData { n: 29 });
    assert_eq!(pearson(short, short).n(), 29);
    assert!(by_iqr(short).value().is_none() && by_modified_z_score(short).value().is_none());
    assert!(trend(&X[..MIN_SAMPLE], &Y[..MIN_SAMPLE]).value().is_some());
}
