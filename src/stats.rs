//! Trend statistics: the Theil–Sen slope and the Mann–Kendall test.
//!
//! Both are rank-based, so a single odd month does not make a trend, and
//! neither assumes normally distributed scores. Mann–Kendall's p-value uses
//! the normal approximation with the tie correction of the variance and a
//! continuity correction (Hirsch, Slack & Smith 1982), as in the `original_test`
//! of the pymannkendall package, against which the tests check it.

/// The median of the slopes between all pairs of points with different x:
/// the Theil–Sen estimator. None with fewer than two distinct x.
pub fn theil_sen(points: &[(f64, f64)]) -> Option<f64> {
    let mut slopes = Vec::with_capacity(points.len() * points.len().saturating_sub(1) / 2);
    for (i, a) in points.iter().enumerate() {
        for b in &points[i + 1..] {
            if b.0 != a.0 {
                slopes.push((b.1 - a.1) / (b.0 - a.0));
            }
        }
    }
    median(&mut slopes)
}

/// The median of `values` (sorted in place); None when empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// The result of a Mann–Kendall test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MannKendall {
    /// S: the number of later values above earlier ones minus those below.
    pub s: i64,
    /// The variance of S under the null hypothesis, corrected for ties.
    pub var_s: f64,
    /// The standardized statistic with continuity correction.
    pub z: f64,
    /// The two-sided p-value.
    pub p: f64,
}

/// Tests the series `ys` (in time order) for a monotonic trend. None with
/// fewer than three values.
pub fn mann_kendall(ys: &[f64]) -> Option<MannKendall> {
    let n = ys.len();
    if n < 3 {
        return None;
    }
    let mut s: i64 = 0;
    for i in 0..n {
        for j in i + 1..n {
            s += match ys[j].total_cmp(&ys[i]) {
                std::cmp::Ordering::Greater => 1,
                std::cmp::Ordering::Less => -1,
                std::cmp::Ordering::Equal => 0,
            };
        }
    }
    // Tie correction: each group of t equal values removes t(t-1)(2t+5).
    let mut sorted = ys.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut ties = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && sorted[j] == sorted[i] {
            j += 1;
        }
        let t = (j - i) as f64;
        ties += t * (t - 1.0) * (2.0 * t + 5.0);
        i = j;
    }
    let nf = n as f64;
    let var_s = (nf * (nf - 1.0) * (2.0 * nf + 5.0) - ties) / 18.0;
    let z = if var_s <= 0.0 {
        0.0
    } else if s > 0 {
        (s as f64 - 1.0) / var_s.sqrt()
    } else if s < 0 {
        (s as f64 + 1.0) / var_s.sqrt()
    } else {
        0.0
    };
    let p = if z == 0.0 {
        1.0
    } else {
        (2.0 * (1.0 - normal_cdf(z.abs()))).clamp(0.0, 1.0)
    };
    Some(MannKendall { s, var_s, z, p })
}

/// The standard normal distribution function.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// The complementary error function, with a relative error below 1.2e-7
/// (the Chebyshev fit of Numerical Recipes, 2nd ed., §6.2).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_known_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.959_963_985) - 0.975).abs() < 1e-7);
        assert!((normal_cdf(-1.0) - 0.158_655_254).abs() < 1e-7);
    }

    #[test]
    fn median_and_degenerate_inputs() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
        assert_eq!(theil_sen(&[(1.0, 2.0)]), None);
        assert_eq!(mann_kendall(&[1.0, 2.0]), None);
        let flat = mann_kendall(&[5.0, 5.0, 5.0, 5.0]).unwrap();
        assert_eq!((flat.s, flat.p), (0, 1.0));
    }

    /// Reference values computed independently with pymannkendall 1.4.3
    /// (`original_test`: S, Var(S), z, p, Sen's slope) and SciPy 1.17.1
    /// (`scipy.stats.theilslopes`), x = 0, 1, 2, …:
    ///
    /// ```python
    /// import pymannkendall as mk; from scipy import stats
    /// r = mk.original_test(ys); stats.theilslopes(ys, range(len(ys)))[0]
    /// ```
    #[test]
    fn agree_with_reference_implementations() {
        // (series, S, Var(S), z, p, slope)
        type Case<'a> = (&'a [f64], i64, f64, f64, f64, f64);
        let cases: [Case; 3] = [
            (
                &[92.1, 90.4, 91.0, 88.2, 86.5, 87.1, 84.0, 82.3],
                -24,
                65.333_333_333_333_33,
                -2.845_512_041_006_012_6,
                0.004_434_008_303_100_700_5,
                -1.375,
            ),
            (
                &[
                    100.0, 100.0, 98.5, 100.0, 99.0, 100.0, 98.5, 100.0, 99.0, 100.0,
                ],
                -2,
                94.666_666_666_666_67,
                -0.102_778_306_474_129_75,
                0.918_138_922_996_610_8,
                0.0,
            ),
            (
                &[61.0, 64.5, 59.8, 66.2, 70.1, 68.4, 73.9, 72.0, 77.5],
                28,
                92.0,
                2.814_944_589_770_509_4,
                0.004_878_564_475_033_542,
                1.873_333_333_333_333,
            ),
        ];
        for (ys, s, var_s, z, p, slope) in cases {
            let mk = mann_kendall(ys).unwrap();
            assert_eq!(mk.s, s, "{ys:?}");
            assert!(
                (mk.var_s - var_s).abs() < 1e-9,
                "{ys:?}: {} vs {var_s}",
                mk.var_s
            );
            assert!((mk.z - z).abs() < 1e-9, "{ys:?}: {} vs {z}", mk.z);
            assert!((mk.p - p).abs() < 1e-6, "{ys:?}: {} vs {p}", mk.p);
            let points: Vec<(f64, f64)> =
                ys.iter().enumerate().map(|(i, &y)| (i as f64, y)).collect();
            assert!((theil_sen(&points).unwrap() - slope).abs() < 1e-9, "{ys:?}");
        }
    }
}
