//! The JSON wire format. These structs are separate from the internal types
//! so that a refactor cannot change the output by accident; tests pin it.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::aggregate::Summary;
use crate::document::{Lang, Meta};
use crate::ingest::Skipped;
use crate::lexicon::{Category, Lexicon};
use crate::pipeline::{Analysis, Finding};
use crate::score::{Score, round1};

/// One finding.
#[derive(Debug, Serialize)]
pub struct FindingOut<'a> {
    pub rule: &'a RawValue,
    pub category: Category,
    /// Empty (and left out) under `--no-text`.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub quoted: bool,
    pub negated: bool,
    pub suppressed: bool,
    pub counted: bool,
    pub weight: f64,
    pub message: &'a RawValue,
    pub suggestion: &'a RawValue,
}

impl<'a> FindingOut<'a> {
    pub fn new(f: &'a Finding, lexicon: &'a Lexicon) -> FindingOut<'a> {
        let e = &lexicon.entries()[f.m.entry];
        // Escaped once per entry, not once per finding.
        let json = lexicon.json(f.m.entry);
        FindingOut {
            rule: &json.id,
            category: e.category,
            text: &f.text,
            start: f.m.span.start,
            end: f.m.span.end,
            line: f.line,
            column: f.column,
            quoted: f.m.quoted,
            negated: f.m.negated,
            suppressed: f.suppressed,
            counted: f.counted(),
            weight: e.weight_f64(),
            message: &json.message,
            suggestion: &json.suggestion,
        }
    }
}

/// Points lost per category (only categories that lost points).
fn lost(score: &Score) -> BTreeMap<&'static str, f64> {
    Category::ALL
        .into_iter()
        .filter(|c| score.lost[c.index()] > 0.0)
        .map(|c| (c.name(), round1(score.lost[c.index()])))
        .collect()
}

/// One document.
#[derive(Debug, Serialize)]
pub struct DocumentOut<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub lang: Lang,
    pub words: u64,
    pub frankness: f64,
    pub lost: BTreeMap<&'static str, f64>,
    #[serde(skip_serializing_if = "is_empty_meta")]
    pub meta: &'a Meta,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub warnings: &'a [String],
    pub findings: Vec<FindingOut<'a>>,
}

fn is_empty_meta(m: &&Meta) -> bool {
    **m == Meta::default()
}

impl<'a> DocumentOut<'a> {
    pub fn new(a: &'a Analysis, lexicon: &'a Lexicon) -> DocumentOut<'a> {
        DocumentOut {
            id: &a.id,
            source: &a.source,
            lang: a.lang,
            words: a.words,
            frankness: round1(a.score.frankness),
            lost: lost(&a.score),
            meta: &a.meta,
            warnings: &a.warnings,
            findings: a
                .findings
                .iter()
                .map(|f| FindingOut::new(f, lexicon))
                .collect(),
        }
    }
}

/// One skipped input.
#[derive(Debug, Serialize)]
pub struct SkippedOut<'a> {
    pub source: &'a str,
    pub kind: &'static str,
    pub reason: &'a str,
    pub error: bool,
}

impl<'a> From<&'a Skipped> for SkippedOut<'a> {
    fn from(s: &'a Skipped) -> SkippedOut<'a> {
        SkippedOut {
            source: &s.source,
            kind: s.kind.name(),
            reason: &s.reason,
            error: s.error,
        }
    }
}

/// The totals of a run.
#[derive(Debug, Serialize)]
pub struct SummaryOut {
    /// Inputs seen: `documents + skipped`.
    pub inputs: u64,
    pub documents: u64,
    pub skipped: u64,
    pub errors: u64,
    pub skipped_by_reason: BTreeMap<&'static str, u64>,
    pub words: u64,
    pub findings: u64,
    pub counted: u64,
    pub quoted: u64,
    pub negated: u64,
    pub mean_frankness: f64,
    pub pooled_frankness: f64,
    pub counted_by_category: BTreeMap<&'static str, u64>,
    pub lost: BTreeMap<&'static str, f64>,
}

impl From<&Summary> for SummaryOut {
    fn from(s: &Summary) -> SummaryOut {
        let pooled = s.pooled();
        SummaryOut {
            inputs: s.documents + s.skipped,
            documents: s.documents,
            skipped: s.skipped,
            errors: s.errors,
            skipped_by_reason: s.skipped_by_reason.clone(),
            words: s.words,
            findings: s.findings,
            counted: s.counted,
            quoted: s.quoted,
            negated: s.negated,
            mean_frankness: s.mean_frankness(),
            pooled_frankness: round1(pooled.frankness),
            counted_by_category: Category::ALL
                .into_iter()
                .map(|c| (c.name(), s.counted_by_category[c.index()]))
                .collect(),
            lost: lost(&pooled),
        }
    }
}

/// A whole run (`--format json`).
#[derive(Debug, Serialize)]
pub struct RunOut<'a> {
    pub score_version: &'a str,
    pub lexicon_version: &'a str,
    pub documents: Vec<DocumentOut<'a>>,
    pub skipped: Vec<SkippedOut<'a>>,
    pub summary: SummaryOut,
}

/// One line of `--format ndjson`.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum LineOut<'a> {
    Document {
        score_version: &'a str,
        lexicon_version: &'a str,
        #[serde(flatten)]
        document: DocumentOut<'a>,
    },
    Skipped(SkippedOut<'a>),
    Summary {
        score_version: &'a str,
        lexicon_version: &'a str,
        #[serde(flatten)]
        summary: SummaryOut,
    },
}
