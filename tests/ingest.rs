//! Issue #3: e-mail archives, HTML, Markdown and corpora, read as a user
//! runs them, on the fixtures in tests/fixtures (documented there).

use std::path::{Path, PathBuf};

use klartext::Document;
use klartext::ingest::{self, IngestOptions};
use serde_json::Value;

use crate::util::{analyze_doc, klartext, root};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// Runs `klartext scan --format json ARGS` in the fixtures folder.
fn scan(args: &[&str]) -> (Value, i32) {
    let out = klartext(&fixtures())
        .args(["scan", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (v, out.status.code().unwrap())
}

fn docs(v: &Value) -> &Vec<Value> {
    v["documents"].as_array().unwrap()
}

fn ids(v: &Value) -> Vec<&str> {
    docs(v).iter().map(|d| d["id"].as_str().unwrap()).collect()
}

/// Ids of the documents with a counted finding.
fn hollow_ids(v: &Value) -> Vec<&str> {
    docs(v)
        .iter()
        .filter(|d| !counted(d).is_empty())
        .map(|d| d["id"].as_str().unwrap())
        .collect()
}

fn counted(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["counted"] == true)
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The documents of one input, read through the library.
fn load_all(path: &Path) -> Vec<Document> {
    let opts = IngestOptions::default();
    ingest::units(&[path.to_path_buf()], &opts)
        .map(|u| ingest::load(u, &opts).unwrap())
        .collect()
}

/// (number, date, author, subject) of the 22 messages of archive.mbox.
const ARCHIVE: [(usize, &str, &str, &str); 22] = [
    (
        1,
        "2025-03-03T09:14:00+01:00",
        "juergen@example.com",
        "Personalie Vertrieb Nord",
    ),
    (
        2,
        "2025-03-03T14:30:00Z",
        "sarah.quinn@example.org",
        "Finance leadership update",
    ),
    (
        3,
        "2025-03-04T10:05:00+01:00",
        "tom@example.com",
        "Grüße aus München",
    ),
    (
        4,
        "2025-03-05T08:00:00-05:00",
        "priya@example.org",
        "Q1 shipping delay",
    ),
    (
        5,
        "2025-03-06T16:45:10+01:00",
        "claudia.hoffmann@example.com",
        "Strategie 2026",
    ),
    (
        6,
        "2025-03-07T11:00:00Z",
        "comms@example.org",
        "Our AI-powered future",
    ),
    (
        7,
        "2025-03-10T07:30:00+01:00",
        "bjoern@example.com",
        "Kantine ab Montag geschlossen",
    ),
    (
        8,
        "2025-03-11T13:20:00Z",
        "oliver.grant@example.org",
        "Leeds warehouse",
    ),
    (
        9,
        "2025-03-12T09:00:00+01:00",
        "claudia.hoffmann@example.com",
        "Neuausrichtung im Vertrieb – Änderungen",
    ),
    (
        10,
        "2025-03-13T15:10:00Z",
        "sarah.quinn@example.org",
        "Invoice NW-2025-0312",
    ),
    (
        11,
        "2025-03-14T12:00:00+01:00",
        "anna.berg@example.com",
        "Leitbild zur Prüfung",
    ),
    (
        12,
        "2025-03-15T10:00:00Z",
        "oliver.grant@example.org",
        "Re: Dispatch schedule",
    ),
    (
        13,
        "2025-03-17T18:02:33+01:00",
        "k.brandt@example.com",
        "Stellungnahme zum Auftrag Stadtwerke",
    ),
    (
        14,
        "2025-03-18T09:45:00Z",
        "zoe.clarke@example.org",
        "ERP rollout",
    ),
    (
        15,
        "2025-03-19T08:15:00+01:00",
        "juergen@example.com",
        "Werk Rostock",
    ),
    (
        16,
        "2025-03-20T17:00:00-07:00",
        "dan.obrien@example.org",
        "Re: Price increase",
    ),
    (
        17,
        "2025-03-21T10:00:00+01:00",
        "presse@example.com",
        "Pressemitteilung – Digitalisierungsoffensive für den Mittelstand",
    ),
    (
        18,
        "2025-03-24T07:55:00-04:00",
        "priya@example.org",
        "Re: Q1 shipping delay",
    ),
    (
        19,
        "2025-03-25T11:11:11+01:00",
        "anna.berg@example.com",
        "Preiserhöhung zum 1. Mai",
    ),
    (
        20,
        "2025-03-26T12:00:00Z",
        "hr@example.org",
        "Organisational update",
    ),
    (
        21,
        "2025-03-27T14:00:00+01:00",
        "tom@example.com",
        "Nachfolge im Einkauf geklärt",
    ),
    (
        22,
        "2025-03-31T09:00:00+01:00",
        "sarah.quinn@example.org",
        "Re: Finance leadership update",
    ),
];

/// Messages whose own text holds a hollow phrase.
const HOLLOW: [usize; 9] = [1, 2, 5, 6, 9, 13, 14, 17, 20];

#[test]
fn an_mbox_in_mixed_encodings_gives_one_document_per_message_with_metadata() {
    let (v, code) = scan(&["mail/archive.mbox"]);
    assert_eq!(code, 0);
    let docs = docs(&v);
    assert_eq!(docs.len(), 22);
    assert_eq!(v["summary"]["skipped"], 0);
    for (doc, (n, date, author, subject)) in docs.iter().zip(ARCHIVE) {
        assert_eq!(doc["id"], format!("mail/archive.mbox#{n}"));
        assert_eq!(doc["meta"]["date"], date, "message {n}");
        assert_eq!(doc["meta"]["author"], author, "message {n}");
        assert_eq!(doc["meta"]["subject"], subject, "message {n}");
        assert!(doc["meta"]["message_id"].is_string(), "message {n}");
        let hollow = !counted(doc).is_empty();
        assert_eq!(
            hollow,
            HOLLOW.contains(&n),
            "message {n}: {:?}",
            counted(doc)
        );
    }
}

#[test]
fn mbox_bodies_are_decoded_plain_text_preferred_attachments_left_out() {
    let docs = load_all(&fixtures().join("mail/archive.mbox"));
    let text = |n: usize| docs[n - 1].text.as_str();
    // Umlauts from quoted-printable ISO-8859-1, ISO-8859-15's euro sign,
    // Windows-1252 quotation marks, base64 UTF-8.
    assert!(text(1).contains("verlässt das Unternehmen") && text(1).contains("Öztürk"));
    assert!(text(3).contains("12.400 €"));
    assert!(text(5).contains("„Nordlicht 2026“"));
    assert!(text(4).contains("cracked a casting mould"));
    // multipart/alternative: the text/plain part is read.
    for n in [8, 9, 18, 21] {
        assert!(
            text(n).contains("PLAINPART") && !text(n).contains("HTMLPART"),
            "message {n}"
        );
    }
    // HTML-only: visible text, entities decoded.
    assert!(text(7).contains("Spülmaschine") && !text(7).contains('<'));
    // The hollow text/plain attachment of message 11 is not read.
    assert!(!text(11).contains("Synergien"));
    // mboxrd: ">From here on" in the file is "From here on" in the message.
    assert!(text(12).contains("From here on the Leeds depot"));
}

#[test]
fn a_frank_reply_with_hollow_quote_signature_and_disclaimer_has_no_counted_finding() {
    for file in [
        "mail/reply-frank.eml",
        "mail/reply-outlook-en.eml",
        "mail/forward-de.eml",
    ] {
        let (v, code) = scan(&[file]);
        assert_eq!(code, 0);
        let doc = &docs(&v)[0];
        assert!(counted(doc).is_empty(), "{file}: {:?}", counted(doc));
        assert!(
            doc["words"].as_u64().unwrap() >= 8,
            "{file}: the author's own words are scored"
        );
    }
    // The masked parts are still there for `klartext tokens`.
    let doc = &load_all(&fixtures().join("mail/reply-frank.eml"))[0];
    assert!(doc.text.contains("Es wurden Fehler gemacht."));
    let kinds: Vec<&str> = doc.masks.iter().map(|m| m.kind.name()).collect();
    for kind in ["quoted-reply", "reply-header", "signature", "disclaimer"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let a = analyze_doc(doc);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    assert_eq!(a.words, 11, "only the two frank sentences count");
}

#[test]
fn html_only_mail_scores_visible_author_text_only() {
    let (v, _) = scan(&["mail/html-only.eml"]);
    let doc = &docs(&v)[0];
    let found = counted(doc);
    assert!(
        found
            .iter()
            .any(|(rule, text)| rule == "de.buzzword.ki-gestuetzt"
                && text.starts_with("KI-basierten")),
        "{found:?}"
    );
    let all: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    for hidden in ["Synergien", "Fehler", "Game", "eigenen Wunsch"] {
        assert!(
            all.iter().all(|t| !t.contains(hidden)),
            "{hidden} was read: {all:?}"
        );
    }
}

#[test]
fn markdown_code_does_not_count_and_prose_keeps_file_line_and_column() {
    let (v, _) = scan(&["markdown/memo.md"]);
    let doc = &docs(&v)[0];
    assert_eq!(doc["meta"]["date"], "2025-03-03");
    assert_eq!(doc["meta"]["author"], "Anna Berg");
    let findings = doc["findings"].as_array().unwrap();
    let counted: Vec<&Value> = findings.iter().filter(|f| f["counted"] == true).collect();
    assert_eq!(counted.len(), 1, "{findings:?}");
    assert_eq!(counted[0]["rule"], "de.euphemism.einvernehmliche-trennung");
    assert_eq!(
        (counted[0]["line"].as_u64(), counted[0]["column"].as_u64()),
        (Some(9), Some(38))
    );
    // The block quote is somebody else's words: reported as quoted.
    let quote = findings
        .iter()
        .find(|f| f["line"] == 17)
        .expect("block quote reported");
    assert_eq!(
        (quote["quoted"].as_bool(), quote["counted"].as_bool()),
        (Some(true), Some(false))
    );
    assert!(
        findings.iter().all(|f| f["line"] != 14 && f["line"] != 19),
        "code and URLs: {findings:?}"
    );
}

#[test]
fn html_pages_show_only_visible_text() {
    let (v, _) = scan(&["html/page.html"]);
    let found = counted(&docs(&v)[0]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "de.buzzword.digitalisierungsoffensive");
}

#[test]
fn broken_inputs_are_skipped_with_reasons_while_the_rest_is_read() {
    let (v, code) = scan(&[
        "mail/truncated.mbox",
        "mail/broken.eml",
        "mail/empty-maildir",
        "mail/reply-frank.eml",
    ]);
    assert_eq!(code, 2, "a truncated message is an input error");
    let ids = ids(&v);
    assert_eq!(
        ids,
        [
            "mail/truncated.mbox#1",
            "mail/truncated.mbox#2",
            "mail/reply-frank.eml"
        ]
    );
    let skipped = v["skipped"].as_array().unwrap();
    let reasons: Vec<(&str, &str, &str)> = skipped
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap(),
                s["kind"].as_str().unwrap(),
                s["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons[0].0.starts_with("mail/truncated.mbox:") && reasons[0].1 == "malformed");
    assert!(reasons[0].2.contains("truncated"), "{reasons:?}");
    assert_eq!((reasons[1].0, reasons[1].1), ("mail/broken.eml", "binary"));
    assert_eq!(
        (reasons[2].0, reasons[2].1),
        ("mail/empty-maildir", "empty-maildir")
    );
    let s = &v["summary"];
    assert_eq!(s["inputs"], 6);
    assert_eq!(
        s["skipped_by_reason"],
        serde_json::json!({"binary": 1, "empty-maildir": 1, "malformed": 1})
    );
}

#[test]
fn maildir_and_an_mbox_without_extension() {
    let (v, _) = scan(&["mail/maildir", "mail/no-extension-mbox"]);
    let dates: Vec<&str> = docs(&v)
        .iter()
        .map(|d| d["meta"]["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "2023-11-14T23:10:00+01:00",
            "2023-11-14T22:15:00Z",
            "2023-11-14T22:16:40Z",
            "2025-04-04T15:30:00+02:00",
            "2025-04-07T08:45:00+01:00"
        ]
    );
    let hollow: Vec<bool> = docs(&v).iter().map(|d| !counted(d).is_empty()).collect();
    assert_eq!(hollow, [false, true, false, false, true]);
}

#[test]
fn json_lines_corpus_with_fields_and_bad_records() {
    let (v, code) = scan(&[
        "corpus/records.jsonl",
        "--id-field",
        "id",
        "--date-field",
        "date",
        "--author-field",
        "author",
        "--group-field",
        "dept",
    ]);
    assert_eq!(code, 2, "line 7 is not JSON");
    let docs = docs(&v);
    let ids = ids(&v);
    assert_eq!(
        ids,
        [
            "r01", "r02", "r03", "r04", "r06", "r09", "r10", "r11", "r12"
        ]
    );
    assert_eq!(docs[1]["meta"]["date"], "2025-03-03T09:14:00+01:00");
    assert_eq!(docs[2]["meta"]["date"], "2025-03-04");
    assert_eq!(docs[1]["meta"]["group"], "Personal");
    assert_eq!(docs[1]["source"], "corpus/records.jsonl:2");
    let hollow = hollow_ids(&v);
    assert_eq!(hollow, ["r02", "r06"]);
    let skipped: Vec<(&str, &str)> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["source"].as_str().unwrap(), s["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("corpus/records.jsonl:5", "no-text"),
            ("corpus/records.jsonl:7", "malformed"),
            ("corpus/records.jsonl:8", "no-text")
        ]
    );
    assert_eq!(v["summary"]["inputs"], 12);
}

#[test]
fn csv_corpora_in_two_dialects() {
    let (v, code) = scan(&[
        "corpus/records.csv",
        "--id-field",
        "id",
        "--date-field",
        "date",
        "--author-field",
        "author",
    ]);
    assert_eq!(code, 0);
    let docs = docs(&v);
    assert_eq!(docs.len(), 8);
    assert_eq!(docs[2]["source"], "corpus/records.csv:4");
    assert_eq!(docs[5]["meta"]["author"], "Schäfer, Björn");
    let hollow = hollow_ids(&v);
    assert_eq!(hollow, ["c02", "c05"]);

    let (v, _) = scan(&[
        "corpus/news-like.csv",
        "--delimiter",
        ";",
        "--quote",
        "'",
        "--no-header",
        "--text-field",
        "2",
        "--group-field",
        "1",
    ]);
    let news = self::docs(&v);
    let groups: Vec<&str> = news
        .iter()
        .map(|d| d["meta"]["group"].as_str().unwrap())
        .collect();
    assert_eq!(
        groups,
        ["Wirtschaft", "Inland", "Web", "Wirtschaft", "Inland", "Web"]
    );
    let hollow: Vec<usize> = (0..6).filter(|&i| !counted(&news[i]).is_empty()).collect();
    assert_eq!(hollow, [1]);
}

#[test]
fn standard_input_takes_any_format() {
    let mbox = std::fs::read(fixtures().join("mail/archive.mbox")).unwrap();
    let out = klartext(&fixtures())
        .args(["scan", "--format", "ndjson", "-"])
        .write_stdin(mbox)
        .output()
        .unwrap();
    let lines = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        lines
            .lines()
            .filter(|l| l.contains("\"type\":\"document\""))
            .count(),
        22
    );
    assert!(lines.contains("\"id\":\"<stdin>#22\""));
}

#[test]
fn groups_file_globs_and_size_limit() {
    let dir = tempfile::TempDir::new().unwrap();
    let groups = dir.path().join("groups.csv");
    std::fs::write(&groups, "address,group\nsarah.quinn@example.org,Finance\n*@example.org,Northwind\n*@example.com,Nordlicht\n").unwrap();
    let (v, _) = scan(&["mail/archive.mbox", "--groups", groups.to_str().unwrap()]);
    let groups: Vec<&str> = docs(&v)[..4]
        .iter()
        .map(|d| d["meta"]["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["Nordlicht", "Finance", "Nordlicht", "Northwind"]);

    let (v, _) = scan(&["mail", "--glob", "*.eml", "--exclude", "broken.eml"]);
    let ids = ids(&v);
    assert_eq!(
        ids,
        [
            "mail/forward-de.eml",
            "mail/html-only.eml",
            "mail/reply-frank.eml",
            "mail/reply-outlook-en.eml"
        ]
    );
    assert_eq!(
        v["summary"]["skipped_by_reason"],
        serde_json::json!({"empty-maildir": 1})
    );

    let (v, _) = scan(&[
        "mail/reply-frank.eml",
        "html/page.html",
        "markdown/memo.md",
        "--max-size",
        "900",
    ]);
    assert_eq!(
        v["summary"]["skipped_by_reason"]["too-large"], 2,
        "{}",
        v["skipped"]
    );
}

#[test]
fn the_enron_sample_is_read_directly_when_present() {
    let data = root().join("../shared/data/enron-mail/enron-dev.jsonl");
    if !data.exists() {
        eprintln!("skipped: {} is not on this machine", data.display());
        return;
    }
    let out = klartext(root())
        .args([
            "scan",
            "--format",
            "ndjson",
            "--text-field",
            "body",
            "--id-field",
            "id",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("{\"type\":\"document\""))
            .count(),
        1960
    );
}

#[test]
fn corpus_texts_can_be_mail_bodies() {
    let dir = tempfile::TempDir::new().unwrap();
    let record = serde_json::json!({
        "body": "Thursday works for us.\n\nOn Mon, Mar 3, 2025 at 9:14 AM Tom <tom@example.com> wrote:\n> Mistakes were made in the rollout.\n"
    });
    std::fs::write(dir.path().join("mail.jsonl"), format!("{record}\n")).unwrap();
    let run = |extra: &[&str]| {
        let out = klartext(dir.path())
            .args([
                "scan",
                "--format",
                "json",
                "--text-field",
                "body",
                "mail.jsonl",
            ])
            .args(extra)
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(
        counted(&docs(&run(&[]))[0]).len(),
        1,
        "a plain corpus text is all prose"
    );
    let v = run(&["--mail-bodies"]);
    assert!(counted(&docs(&v)[0]).is_empty());
    assert_eq!(docs(&v)[0]["words"], 4);
}

#[test]
fn one_broken_message_does_not_stop_the_rest_of_an_mbox() {
    let dir = tempfile::TempDir::new().unwrap();
    let mbox = "From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: one\n\nMistakes were made.\n\n\
From b@example.com Mon Jan  1 00:00:00 2024\nthis is no header line at all\n\n\
From c@example.com Mon Jan  1 00:00:00 2024\nFrom: c@example.com\nSubject: three\n\nWe ship on Monday.\n";
    std::fs::write(dir.path().join("a.mbox"), mbox).unwrap();
    let out = klartext(dir.path())
        .args(["scan", "--format", "json", "a.mbox"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a.mbox:7: malformed message"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = ids(&v);
    assert_eq!(ids, ["a.mbox#1", "a.mbox#3"]);
    assert_eq!(v["skipped"][0]["source"], "a.mbox:7");
}
