//! Properties of the score: bounds and monotonicity, on generated texts.

use proptest::prelude::*;

use crate::util::analyze;

/// Words that form no hollow phrase in either language.
const NEUTRAL: &[&str] = &[
    "Pumpe",
    "liefert",
    "Druck",
    "Montag",
    "Rechnung",
    "Hof",
    "Schrauben",
    "the",
    "pump",
    "delivers",
    "pressure",
    "invoice",
    "Monday",
    "bolts",
    "wir",
    "bauen",
    "zwei",
    "neue",
    "Hallen",
    "we",
    "ship",
    "orders",
    "on",
    "time",
];

/// Sentences that each give a counted finding (with a few neutral words).
const HOLLOW: &[&str] = &[
    "Frau Schneider verlässt das Unternehmen auf eigenen Wunsch.",
    "Es wurden Fehler gemacht.",
    "Mistakes were made.",
    "We have parted ways with our CFO.",
    "Unsere Headcount-Planung sieht 40 FTE weniger vor.",
];

/// Sentences that consist of nothing but a hollow phrase.
const PHRASES: &[&str] = &[
    "Es wurden Fehler gemacht.",
    "Mistakes were made.",
    "Headcount.",
    "FTE.",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(NEUTRAL), 1..12)
        .prop_map(|w| format!("{}.", w.join(" ")))
}

fn text() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![3 => sentence(), 1 => prop::sample::select(HOLLOW).prop_map(String::from)],
        0..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn frankness_is_bounded_and_explained(sentences in text()) {
        let a = analyze(&sentences.join(" "));
        prop_assert!((0.0..=100.0).contains(&a.score.frankness));
        let lost: f64 = a.score.lost.iter().sum();
        prop_assert!((100.0 - a.score.frankness - lost).abs() < 1e-9);
    }

    #[test]
    fn adding_a_counted_finding_never_raises_frankness(sentences in text(), phrase in prop::sample::select(PHRASES), at in 0usize..12) {
        let before = analyze(&sentences.join(" "));
        let mut more = sentences.clone();
        more.insert(at.min(more.len()), phrase.to_string());
        let after = analyze(&more.join(" "));
        // Language detection may flip on a short text, and a phrase of the
        // other language is only neutral words: compare when the phrase was
        // added as a counted finding and nothing else changed.
        prop_assume!(before.lang == after.lang);
        prop_assume!(after.neutral_words == before.neutral_words);
        let counted = |a: &klartext::pipeline::Analysis| a.findings.iter().filter(|f| f.counted()).count();
        prop_assert_eq!(counted(&after), counted(&before) + 1);
        prop_assert!(after.score.frankness <= before.score.frankness,
            "{} -> {}", before.score.frankness, after.score.frankness);
    }

    #[test]
    fn adding_neutral_words_never_lowers_frankness(sentences in text(), extra in sentence(), at in 0usize..12) {
        let before = analyze(&sentences.join(" "));
        let mut more = sentences.clone();
        more.insert(at.min(more.len()), extra);
        let after = analyze(&more.join(" "));
        prop_assume!(before.lang == after.lang);
        prop_assert!(after.score.frankness >= before.score.frankness,
            "{} -> {}", before.score.frankness, after.score.frankness);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text segments without panicking into ordered tokens on character
    /// boundaries, sentences that cover every token once, and quotations
    /// inside the text; every finding's span is inside the text.
    #[test]
    fn segmentation_invariants_hold_for_any_text(text in "(\\PC|[ \n„“”»«‚‘’'\"\\-.!?,:]){0,200}") {
        let seg = klartext::Segmented::new(&text, &[]);
        let mut last = 0;
        for t in &seg.tokens {
            let span = t.span();
            prop_assert!(span.start >= last && span.start < span.end);
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            last = span.end;
        }
        let mut next = 0;
        for s in &seg.sentences {
            prop_assert_eq!(s.start, next);
            prop_assert!(s.end > s.start);
            next = s.end;
        }
        prop_assert_eq!(next, seg.tokens.len());
        for q in &seg.quotes {
            prop_assert!(q.start < q.end && q.end <= text.len());
        }
        let a = analyze(&text);
        for f in &a.findings {
            prop_assert_eq!(&text[f.m.span.clone()], f.text.as_str());
        }
    }
}
