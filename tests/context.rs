//! Context: language, quotations, negation, Markdown code, line and column.

use klartext::Lang;
use klartext::ingest::{Format, document};
use klartext::pipeline::{self, Options};

use crate::util::{analyze, findings, matcher};

#[test]
fn english_buzzwords_are_found_in_german_documents() {
    let a = analyze(
        "Wir müssen das Mindset im Team ändern, damit das Tool ein echter Game Changer wird.",
    );
    assert_eq!(a.lang, Lang::De);
    let f = findings(&a);
    assert!(
        f.iter()
            .any(|(id, _, _, c)| *c && id.starts_with("en.buzzword.")),
        "{f:?}"
    );
}

#[test]
fn german_rules_do_not_apply_to_english_documents() {
    let a = analyze("The German phrase is never used here, we say it plainly and move on.");
    assert!(findings(&a).iter().all(|(id, ..)| !id.starts_with("de.")));
}

#[test]
fn lang_override_changes_the_lexicon() {
    let doc = klartext::Document::plain("t", "Es wurden Fehler gemacht.");
    let forced = pipeline::analyze(
        &doc,
        matcher(),
        &Options {
            lang: Some(Lang::En),
            ..Options::default()
        },
    );
    assert_eq!(forced.lang, Lang::En);
    assert!(forced.findings.iter().all(|f| {
        !matcher().lexicon().entries()[f.m.entry]
            .id
            .starts_with("de.")
    }));
}

#[test]
fn markdown_code_is_not_prose() {
    let text = "# Memo\n\nAlles gut.\n\n```\nEs wurden Fehler gemacht.\n```\n\nUnd `Mistakes were made` als Code.\n";
    let doc = document("memo.md".into(), text.into(), Format::Markdown, None);
    let a = pipeline::analyze(&doc, matcher(), &Options::default());
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    let plain = document("memo.txt".into(), text.into(), Format::Text, None);
    let a = pipeline::analyze(&plain, matcher(), &Options::default());
    assert!(
        !a.findings.is_empty(),
        "as plain text the same sentence is prose"
    );
}

#[test]
fn findings_carry_original_spans_lines_and_columns() {
    let text = "Erste Zeile.\n„Zitat“ – und dann: Es wurden Fehler gemacht.";
    let a = analyze(text);
    let f = a
        .findings
        .iter()
        .find(|f| matcher().lexicon().entries()[f.m.entry].category.name() == "evasion")
        .expect("evasion found");
    assert_eq!(&text[f.m.span.clone()], f.text);
    assert_eq!(f.line, 2);
    let column = "„Zitat“ – und dann: ".chars().count() + 1;
    assert_eq!(f.column, column);
    assert!(f.sentence.contains("Fehler gemacht"));
    assert_eq!(&f.sentence[f.highlight.clone()], f.text);
}

#[test]
fn negation_in_another_clause_does_not_excuse_the_phrase() {
    let a = analyze("Das war nicht leicht, aber wir haben uns einvernehmlich getrennt.");
    assert!(a.findings.iter().any(|f| f.counted()), "{:?}", findings(&a));
}

#[test]
fn case_and_sharp_s_do_not_matter() {
    let a = analyze("FRAU SCHNEIDER VERLÄSST DAS UNTERNEHMEN AUF EIGENEN WUNSCH.");
    assert!(a.findings.iter().any(|f| f.counted()), "{:?}", findings(&a));
}

#[test]
fn the_sentence_of_a_finding_is_one_line_with_every_space_kept() {
    // A tab, an em space (three bytes), a line break, a no-break space (two
    // bytes), a carriage return and two spaces: each white-space character
    // becomes one space, none is dropped or merged, and the highlight moves
    // with the bytes the wide ones lose.
    let a = analyze("Leider\t\u{2003}wurden\nFehler\u{a0}gemacht,\r sagt sie. Dann ging sie.");
    let f = a
        .findings
        .iter()
        .find(|f| f.text.contains("Fehler"))
        .expect("a finding on the agentless phrase");
    assert_eq!(f.sentence, "Leider  wurden Fehler gemacht,  sagt sie.");
    assert_eq!(&f.sentence[f.highlight.clone()], "wurden Fehler gemacht");
}
