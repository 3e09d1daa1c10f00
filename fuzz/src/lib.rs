//! Invariants shared by klartext's fuzz targets.
//!
//! A target that only checks "no panic" misses wrong offsets that happen not
//! to panic yet; every document and analysis a target produces goes through
//! these checks, which state what the library documents about its output.

use std::ops::Range;
use std::sync::OnceLock;

use klartext::pipeline::Analysis;
use klartext::segment::Segmented;
use klartext::{Document, Lexicon, Matcher};

/// The built-in matcher, built once per fuzzing process.
pub fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::new(Lexicon::builtin()))
}

/// A byte range of `text`: not reversed, in bounds, on char boundaries.
pub fn check_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(r.start <= r.end, "{what} {r:?} is reversed");
    assert!(
        r.end <= text.len(),
        "{what} {r:?} is out of bounds ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} {r:?} is not on char boundaries"
    );
}

/// What [`Document`] promises: masks sorted, non-overlapping, non-empty and
/// inside the text; quotations inside the text.
pub fn check_document(doc: &Document) {
    let mut prev_end = 0;
    for m in &doc.masks {
        check_range(&doc.text, &m.range, "mask");
        assert!(!m.range.is_empty(), "empty mask {:?}", m.range);
        assert!(
            m.range.start >= prev_end,
            "masks overlap or are unsorted at {:?}",
            m.range
        );
        prev_end = m.range.end;
    }
    for q in &doc.quotes {
        check_range(&doc.text, q, "quotation");
    }
}

/// What [`Segmented`] promises: tokens in text order, outside the masks,
/// each a non-empty span on char boundaries with a non-empty folded form;
/// sentences covering all tokens in order; quotations inside the text.
pub fn check_segmented(text: &str, masks: &[Range<usize>], seg: &Segmented) {
    // Built from folded characters and lowered ASCII, never checked at run
    // time: so here.
    let norm = std::str::from_utf8(&seg.norm).expect("the folded text is UTF-8");
    let mut prev_end = 0;
    let mut prev_clause = 0;
    for (i, t) in seg.tokens.iter().enumerate() {
        let span = t.span();
        check_range(text, &span, "token");
        assert!(!span.is_empty(), "empty token {i}");
        assert!(span.start >= prev_end, "token {i} is out of order");
        prev_end = span.end;
        assert!(
            !masks
                .iter()
                .any(|m| m.start < span.end && span.start < m.end),
            "token {i} {span:?} overlaps a mask"
        );
        check_range(norm, &t.norm(), "folded token");
        assert!(!t.norm().is_empty(), "token {i} folds to nothing");
        assert!(t.clause() >= prev_clause, "clauses go back at token {i}");
        prev_clause = t.clause();
    }
    let mut next = 0;
    for (s, r) in seg.sentences.iter().enumerate() {
        assert_eq!(
            r.start, next,
            "sentence {s} does not start where the last ended"
        );
        assert!(r.start < r.end, "sentence {s} is empty");
        for t in &seg.tokens[r.clone()] {
            assert_eq!(
                t.sentence as usize, s,
                "a token of sentence {s} says otherwise"
            );
        }
        next = r.end;
    }
    assert_eq!(next, seg.tokens.len(), "sentences do not cover every token");
    assert!(seg.words() <= seg.tokens.len());
    for q in &seg.quotes {
        check_range(text, q, "quotation");
    }
    assert!(
        seg.quotes.windows(2).all(|w| w[0].start <= w[1].start),
        "quotations are not sorted"
    );
}

/// What an [`Analysis`] of `doc` promises: a finite frankness in [0, 100],
/// findings in text order, each span inside the text on char boundaries and
/// its text what the span says, highlight inside the shown sentence.
pub fn check_analysis(doc: &Document, a: &Analysis, matcher: &Matcher) {
    let f = a.score.frankness;
    assert!(
        f.is_finite() && (0.0..=100.0).contains(&f),
        "frankness {f} is outside [0, 100]"
    );
    assert!(a.neutral_words <= a.words);
    assert_eq!(a.bytes, doc.text.len() as u64);
    let mut prev_start = 0;
    for finding in &a.findings {
        let span = &finding.m.span;
        check_range(&doc.text, span, "finding");
        assert!(!span.is_empty(), "empty finding");
        assert!(span.start >= prev_start, "findings out of text order");
        prev_start = span.start;
        assert_eq!(finding.text, doc.text[span.clone()]);
        assert!(finding.line >= 1 && finding.column >= 1);
        check_range(&finding.sentence, &finding.highlight, "highlight");
        assert!(
            finding.m.entry < matcher.lexicon().entries().len(),
            "finding of an unknown entry"
        );
    }
}
