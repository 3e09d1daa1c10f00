//! Frankness: counted findings + word count → a score in [0, 100].
//!
//! The whole formula lives here. With `W` the summed weight of the counted
//! findings and `N` the number of *neutral* words (words outside counted
//! findings):
//!
//! ```text
//! density   d = 100 · W / (N + 100)          weighted findings per 100 words
//! frankness F = 100 · exp(−d / 5)
//! ```
//!
//! * Counting neutral words rather than all words is what makes the score
//!   monotone: adding a counted finding adds to `W` and leaves `N` alone, so
//!   `F` never rises; adding neutral words only grows `N`, so `F` never falls.
//!   (With all words in the denominator a long hollow phrase could dilute its
//!   own penalty.)
//! * The 100 extra words keep one phrase in a one-line text from reading as a
//!   disaster: a single three-word, weight-3 phrase in 10 words gives `F` ≈ 57, not 0.
//! * `5` sets the scale: one weight-2 phrase per 100 words (d ≈ 1) gives 82,
//!   one per 20 words gives ≈ 40.
//!
//! Each category's share of the loss `100 − F` is its share of `W`, so the
//! contributions explain the score exactly.

use crate::lexicon::{Category, Milli};

/// Version of this formula; bump it whenever a score could change.
pub const SCORE_VERSION: &str = "1";

/// Words of smoothing added to the neutral words.
const SMOOTHING_WORDS: f64 = 100.0;
/// Density at which frankness falls by a factor of e.
const SCALE: f64 = 5.0;

/// A score and its explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// 0 (nothing but hollow phrases) to 100 (nothing hollow).
    pub frankness: f64,
    /// Points lost to each category, in [`Category::ALL`] order; they add up
    /// to `100 − frankness`.
    pub lost: [f64; 7],
}

/// Scores counted weights per category (thousandths) over `neutral_words`.
pub fn frankness(weights: &[Milli; 7], neutral_words: u64) -> Score {
    let total: Milli = weights.iter().sum();
    let w = total as f64 / 1000.0;
    let density = 100.0 * w / (neutral_words as f64 + SMOOTHING_WORDS);
    let frankness = 100.0 * (-density / SCALE).exp();
    let loss = 100.0 - frankness;
    let mut lost = [0.0; 7];
    if total > 0 {
        for c in Category::ALL {
            lost[c.index()] = loss * weights[c.index()] as f64 / total as f64;
        }
    }
    Score { frankness, lost }
}

/// Rounds a score for output (one decimal), so that output is stable across
/// platforms whatever the last bits of `exp`.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(euphemism: Milli, hedge: Milli) -> [Milli; 7] {
        let mut out = [0; 7];
        out[Category::Euphemism.index()] = euphemism;
        out[Category::Hedge.index()] = hedge;
        out
    }

    #[test]
    fn worked_example_from_the_readme() {
        // 200 neutral words, one euphemism (3.0) and one hedge (1.0):
        // d = 100·4/300 = 1.333, F = 100·e^(−0.2667) = 76.59.
        let s = frankness(&w(3000, 1000), 200);
        assert_eq!(round1(s.frankness), 76.6);
        assert!((s.lost[Category::Euphemism.index()] - 17.56).abs() < 0.01);
        assert!((s.lost[Category::Hedge.index()] - 5.85).abs() < 0.01);
    }

    #[test]
    fn bounds() {
        assert_eq!(frankness(&[0; 7], 0).frankness, 100.0);
        let worst = frankness(&[5_000_000; 7], 0);
        assert!(worst.frankness >= 0.0 && worst.frankness < 1e-9);
        let sum: f64 = worst.lost.iter().sum();
        assert!((sum - 100.0).abs() < 1e-9);
    }
}
