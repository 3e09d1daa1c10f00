//! `klartext check`: pass or fail each document, for CI.
//!
//! A document fails when its frankness is below the policy's minimum or it
//! has a counted finding of a category or rule the policy fails on. With a
//! baseline, findings recorded earlier are accepted: only new ones fail (and
//! the frankness threshold is checked without the accepted ones).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::Policy;
use crate::lexicon::Lexicon;
use crate::pipeline::{Analysis, Finding};
use crate::score::{self, round1};

/// The fingerprint of a finding that survives moved lines: its rule and the
/// normalized sentence it stands in.
pub fn fingerprint(rule: &str, f: &Finding) -> String {
    let context = if f.sentence.is_empty() {
        &f.text
    } else {
        &f.sentence
    };
    let normalized: String = context
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let key = format!("{rule}\u{0}{normalized}\u{0}{}", f.text.to_lowercase());
    blake3::hash(key.as_bytes()).to_hex()[..16].to_string()
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// The document (as given on the command line).
    pub file: String,
    /// The rule id.
    pub rule: String,
    /// [`fingerprint`].
    pub fingerprint: String,
}

/// Findings accepted as they are (`--write-baseline`, `--baseline`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version.
    pub klartext_baseline: u32,
    /// The findings, sorted.
    pub findings: Vec<BaselineEntry>,
}

impl Baseline {
    /// The baseline of the counted findings of these documents.
    pub fn of<'a>(docs: impl IntoIterator<Item = &'a Analysis>, lexicon: &Lexicon) -> Baseline {
        let mut findings: Vec<BaselineEntry> = docs
            .into_iter()
            .flat_map(|a| {
                a.findings.iter().filter(|f| f.counted()).map(move |f| {
                    let rule = &lexicon.entries()[f.m.entry].id;
                    BaselineEntry {
                        file: a.source.clone(),
                        rule: rule.clone(),
                        fingerprint: fingerprint(rule, f),
                    }
                })
            })
            .collect();
        findings.sort();
        Baseline {
            klartext_baseline: 1,
            findings,
        }
    }

    /// How many times each (file, rule, fingerprint) is accepted.
    fn counts(&self) -> BTreeMap<(String, String, String), usize> {
        let mut out = BTreeMap::new();
        for e in &self.findings {
            *out.entry((e.file.clone(), e.rule.clone(), e.fingerprint.clone()))
                .or_default() += 1;
        }
        out
    }
}

/// The verdict on one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The document.
    pub source: String,
    /// Its frankness (without accepted findings when a baseline is used).
    pub frankness: f64,
    /// Whether it passes.
    pub passed: bool,
    /// Why it fails, one reason per line.
    pub reasons: Vec<String>,
    /// Per finding (in the document's order): accepted by the baseline.
    pub baselined: Vec<bool>,
    /// Per finding: the finding alone fails the document (`--fail-on`).
    pub failing: Vec<bool>,
}

/// Judges one document against its policy and an optional baseline.
pub fn judge(
    a: &Analysis,
    policy: &Policy,
    lexicon: &Lexicon,
    baseline: Option<&Baseline>,
) -> Verdict {
    let mut accepted = baseline.map(Baseline::counts).unwrap_or_default();
    let baselined: Vec<bool> = a
        .findings
        .iter()
        .map(|f| {
            if !f.counted() {
                return false;
            }
            let rule = &lexicon.entries()[f.m.entry].id;
            let fp = fingerprint(rule, f);
            match accepted.get_mut(&(a.source.clone(), rule.clone(), fp)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            }
        })
        .collect();
    // Frankness without the accepted findings.
    let mut weights = a.weights;
    let mut neutral = a.neutral_words;
    for (f, _) in a.findings.iter().zip(&baselined).filter(|(_, b)| **b) {
        weights[f.category.index()] -= lexicon.entries()[f.m.entry].weight;
        neutral += f
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count() as u64;
    }
    let frankness = round1(score::frankness(&weights, neutral).frankness);
    let mut reasons = Vec::new();
    if let Some(min) = policy.min_frankness
        && frankness < min
    {
        reasons.push(format!("frankness {frankness:.1} is below {min}"));
    }
    let failing: Vec<bool> = a
        .findings
        .iter()
        .zip(&baselined)
        .map(|(f, b)| {
            let e = &lexicon.entries()[f.m.entry];
            let hit = f.counted()
                && !b
                && policy
                    .fail_on
                    .iter()
                    .any(|x| *x == e.id || x == e.category.name());
            if hit {
                reasons.push(format!(
                    "{} {} at {}:{}",
                    e.category, e.id, f.line, f.column
                ));
            }
            hit
        })
        .collect();
    Verdict {
        source: a.source.clone(),
        frankness,
        passed: reasons.is_empty(),
        reasons,
        baselined,
        failing,
    }
}
