//! Aggregation: per-document results → a mergeable [`Summary`].
//!
//! A summary is a monoid: [`Summary::default`] is empty and
//! [`Summary::merge`] is associative and commutative, because every field
//! is an integer (weights in thousandths, frankness in tenths). Partial
//! summaries from threads or machines therefore merge to the same bytes.

use std::collections::BTreeMap;

use crate::ingest::Skipped;
use crate::lexicon::{Category, Milli};
use crate::pipeline::Analysis;
use crate::score::{self, Score};

/// Totals over a set of documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents analyzed.
    pub documents: u64,
    /// Inputs skipped (including errors).
    pub skipped: u64,
    /// Inputs skipped because of an error.
    pub errors: u64,
    /// Inputs skipped, by kind of reason.
    pub skipped_by_reason: BTreeMap<&'static str, u64>,
    /// Words analyzed.
    pub words: u64,
    /// Words outside counted findings.
    pub neutral_words: u64,
    /// All findings.
    pub findings: u64,
    /// Findings that lower the score.
    pub counted: u64,
    /// Findings in quotation marks.
    pub quoted: u64,
    /// Negated findings.
    pub negated: u64,
    /// Counted findings per category.
    pub counted_by_category: [u64; 7],
    /// Counted weight per category (thousandths).
    pub weight_by_category: [Milli; 7],
    /// Sum of the documents' frankness, in tenths.
    pub frankness_tenths: u64,
}

impl Summary {
    /// Adds one analyzed document.
    pub fn add(&mut self, a: &Analysis) {
        self.documents += 1;
        self.words += a.words;
        self.neutral_words += a.neutral_words;
        for f in &a.findings {
            self.findings += 1;
            self.quoted += u64::from(f.m.quoted);
            self.negated += u64::from(f.m.negated && !f.m.quoted);
            if f.counted() {
                self.counted += 1;
                self.counted_by_category[f.category.index()] += 1;
            }
        }
        for c in Category::ALL {
            self.weight_by_category[c.index()] += a.weights[c.index()];
        }
        self.frankness_tenths += (score::round1(a.score.frankness) * 10.0).round() as u64;
    }

    /// Adds one skipped input.
    pub fn add_skipped(&mut self, s: &Skipped) {
        self.skipped += 1;
        self.errors += u64::from(s.error);
        *self.skipped_by_reason.entry(s.kind.name()).or_default() += 1;
    }

    /// Merges another summary into this one.
    pub fn merge(&mut self, o: &Summary) {
        self.documents += o.documents;
        self.skipped += o.skipped;
        self.errors += o.errors;
        for (reason, n) in &o.skipped_by_reason {
            *self.skipped_by_reason.entry(reason).or_default() += n;
        }
        self.words += o.words;
        self.neutral_words += o.neutral_words;
        self.findings += o.findings;
        self.counted += o.counted;
        self.quoted += o.quoted;
        self.negated += o.negated;
        for i in 0..7 {
            self.counted_by_category[i] += o.counted_by_category[i];
            self.weight_by_category[i] += o.weight_by_category[i];
        }
        self.frankness_tenths += o.frankness_tenths;
    }

    /// Mean document frankness (100 when there are no documents).
    pub fn mean_frankness(&self) -> f64 {
        if self.documents == 0 {
            100.0
        } else {
            score::round1(self.frankness_tenths as f64 / 10.0 / self.documents as f64)
        }
    }

    /// Frankness of all documents taken as one text: long and short
    /// documents weigh by their length.
    pub fn pooled(&self) -> Score {
        score::frankness(&self.weight_by_category, self.neutral_words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{SkipKind, Skipped};
    use crate::pipeline::{Options, analyze};
    use crate::{Document, Lexicon, Matcher};

    #[test]
    fn merging_partial_summaries_equals_one_run_in_any_order() {
        let matcher = Matcher::new(Lexicon::builtin());
        let texts = [
            "Es wurden Fehler gemacht.",
            "We have parted ways with our CFO.",
            "Wir liefern am Montag.",
            "Going forward, we will leverage AI to unlock synergies.",
        ];
        let analyses: Vec<_> = texts
            .iter()
            .map(|t| analyze(&Document::plain("t", *t), &matcher, &Options::default()))
            .collect();
        let skip = Skipped::new("x", SkipKind::Binary, "binary");
        let mut whole = Summary::default();
        analyses.iter().for_each(|a| whole.add(a));
        whole.add_skipped(&skip);
        let part = |range: std::ops::Range<usize>, with_skip: bool| {
            let mut s = Summary::default();
            analyses[range].iter().for_each(|a| s.add(a));
            if with_skip {
                s.add_skipped(&skip);
            }
            s
        };
        let (a, b, c) = (part(0..1, false), part(1..3, true), part(3..4, false));
        let mut left = a.clone();
        left.merge(&b);
        left.merge(&c);
        let mut bc = b.clone();
        bc.merge(&c);
        let mut right = a.clone();
        right.merge(&bc);
        let mut reversed = c.clone();
        reversed.merge(&b);
        reversed.merge(&a);
        assert_eq!(left, whole);
        assert_eq!(right, whole, "associative");
        assert_eq!(reversed, whole, "commutative");
        let mut with_empty = whole.clone();
        with_empty.merge(&Summary::default());
        assert_eq!(with_empty, whole, "the empty summary is neutral");
    }
}
