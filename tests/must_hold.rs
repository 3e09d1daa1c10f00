//! The sentences of issue #2 ("Must hold") with the full built-in lexicons.

use crate::util::{analyze, findings};

fn assert_found(sentence: &str, categories: &[&str]) {
    let a = analyze(sentence);
    let f = findings(&a);
    assert!(
        f.iter()
            .any(|(_, cat, _, counted)| *counted && categories.contains(&cat.as_str())),
        "{sentence:?}: expected a counted {categories:?} finding, got {f:?}"
    );
    assert!(a.score.frankness < 100.0);
}

#[test]
fn german_euphemisms_are_found() {
    assert_found(
        "Frau Schneider verlässt das Unternehmen auf eigenen Wunsch.",
        &["euphemism"],
    );
    assert_found("Wir haben uns einvernehmlich getrennt.", &["euphemism"]);
    assert_found(
        "Er wird dem Team auch in Zukunft beratend zur Seite stehen.",
        &["euphemism"],
    );
}

#[test]
fn ki_basiert_is_a_buzzword() {
    let a = analyze("Mit KI-basierten Lösungen schaffen wir echten Mehrwert.");
    let f = findings(&a);
    assert!(
        f.iter().any(|(_, cat, text, counted)| *counted
            && cat == "buzzword"
            && text.starts_with("KI-basiert")),
        "{f:?}"
    );
}

#[test]
fn headcount_and_fte_are_jargon() {
    let a = analyze("Unsere Headcount-Planung sieht 40 FTE weniger vor.");
    let jargon: Vec<String> = findings(&a)
        .into_iter()
        .filter(|(_, cat, _, counted)| *counted && cat == "jargon")
        .map(|(_, _, text, _)| text)
        .collect();
    assert!(
        jargon.iter().any(|t| t.starts_with("Headcount")),
        "{jargon:?}"
    );
    assert!(jargon.iter().any(|t| t == "FTE"), "{jargon:?}");
}

#[test]
fn agentless_mistakes_are_evasion() {
    assert_found("Es wurden Fehler gemacht.", &["evasion"]);
}

#[test]
fn english_findings() {
    assert_found(
        "After twelve years, Tom has decided to leave the company to explore new opportunities.",
        &["euphemism"],
    );
    assert_found("We have parted ways with our CFO.", &["euphemism"]);
    assert_found(
        "Our best-of-breed, AI-driven platform empowers customers.",
        &["buzzword"],
    );
    assert_found(
        "Let's circle back on this and take it offline.",
        &["platitude", "buzzword"],
    );
    assert_found("Arguably, the results could be seen as mixed.", &["hedge"]);
}

#[test]
fn plain_sentences_have_no_counted_finding() {
    for sentence in [
        "Auf Wunsch senden wir Ihnen die Rechnung per Post.",
        "Bitte stellen Sie Ihre Fahrräder im Hof ab; der Hausmeister stellt Schlösser zur Verfügung.",
        "We fired our CFO because the audit found falsified invoices.",
        "The new pump delivers 20 percent more pressure at the same power draw.",
        "Wir haben Herrn Meier gekündigt, weil er Zahlen gefälscht hat.",
    ] {
        let a = analyze(sentence);
        assert!(
            a.findings.iter().all(|f| !f.counted()),
            "{sentence:?}: {:?}",
            findings(&a)
        );
        assert_eq!(a.score.frankness, 100.0, "{sentence:?}");
    }
}

#[test]
fn a_quoted_mention_is_reported_as_quoted_and_not_counted() {
    let a = analyze("„Auf eigenen Wunsch“ ist die häufigste Floskel in Kündigungsmeldungen.");
    assert!(!a.findings.is_empty(), "the mention is reported");
    assert!(a.findings.iter().all(|f| f.m.quoted && !f.counted()));
    assert_eq!(a.score.frankness, 100.0);
}

#[test]
fn a_negated_phrase_is_reported_as_negated_and_not_counted() {
    let a = analyze("This was not a mutual agreement: we dismissed him.");
    assert!(!a.findings.is_empty(), "the negated phrase is reported");
    assert!(
        a.findings.iter().all(|f| f.m.negated && !f.counted()),
        "{:?}",
        findings(&a)
    );
    assert_eq!(a.score.frankness, 100.0);
}

#[test]
fn a_plain_dismissal_scores_higher_than_its_euphemism() {
    let plain = analyze("Wir haben Herrn Meier gekündigt, weil er Zahlen gefälscht hat.");
    let hollow = analyze(
        "Herr Meier verlässt uns auf eigenen Wunsch, um sich neuen Herausforderungen zu stellen.",
    );
    assert!(
        plain.score.frankness > hollow.score.frankness,
        "{} vs {}",
        plain.score.frankness,
        hollow.score.frankness
    );
}

/// Issue #4: sentences the full lexicons must find, with their category.
#[test]
fn full_lexicons_find_these() {
    assert_found(
        "Die Trennung erfolgte im besten gegenseitigen Einvernehmen.",
        &["euphemism"],
    );
    assert_found(
        "Wir passen unsere Personalkapazitäten sozialverträglich an.",
        &["euphemism"],
    );
    assert_found("Wir müssen unser Mindset shiften.", &["buzzword"]);
    assert_found("Der Kunde hat schlicht kein Budget.", &["excuse"]);
    assert_found("We are rightsizing our EMEA sales team.", &["euphemism"]);
    assert_found(
        "Going forward, we will leverage AI to unlock synergies.",
        &["buzzword"],
    );
    assert_found(
        "The decision has been taken to close the Leeds office.",
        &["evasion"],
    );
}

/// Issue #4: ordinary sentences with tempting words give no counted finding.
#[test]
fn full_lexicons_leave_these_alone() {
    for sentence in [
        "Die Kantine bleibt am Montag geschlossen.",
        "Der Brückenbau stellt die Ingenieure vor eine Herausforderung beim Baugrund.",
        "The committee approved the budget for the new roof.",
        "Please send the signed contract to legal by Friday.",
    ] {
        let a = analyze(sentence);
        assert!(
            a.findings.iter().all(|f| !f.counted()),
            "{sentence:?}: {:?}",
            findings(&a)
        );
    }
}
