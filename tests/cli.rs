//! The binary as a user runs it: formats, exit codes, errors, determinism.

use std::fs;

use predicates::prelude::*;
use tempfile::TempDir;

use crate::util::{json, klartext, root};

fn dir_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

#[test]
fn json_follows_the_contract() {
    let dir = dir_with(&[("memo.txt", "Intro.\nEs wurden Fehler gemacht.".as_bytes())]);
    let v = json(klartext(dir.path()).args(["scan", "--format", "json", "memo.txt"]));
    assert_eq!(v["score_version"], "1");
    assert_eq!(v["lexicon_version"], klartext::Lexicon::builtin().version());
    let doc = &v["documents"][0];
    for key in ["id", "source", "lang", "words", "frankness", "findings"] {
        assert!(!doc[key].is_null(), "document has no {key}: {doc}");
    }
    assert_eq!(doc["lang"], "de");
    assert_eq!(doc["words"], 5);
    let f = &doc["findings"][0];
    for key in [
        "rule",
        "category",
        "text",
        "start",
        "end",
        "line",
        "column",
        "quoted",
        "negated",
        "weight",
        "suggestion",
    ] {
        assert!(!f[key].is_null(), "finding has no {key}: {f}");
    }
    assert_eq!(f["category"], "evasion");
    assert_eq!(f["line"], 2);
    assert_eq!(f["column"], 1);
    let (start, end) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &"Intro.\nEs wurden Fehler gemacht."[start..end],
        f["text"].as_str().unwrap()
    );
    assert_eq!(v["summary"]["documents"], 1);
    assert_eq!(v["summary"]["inputs"], 1);
}

#[test]
fn empty_file_has_no_words_and_full_frankness() {
    let dir = dir_with(&[("empty.txt", b"")]);
    let v = json(klartext(dir.path()).args(["scan", "--format", "json", "empty.txt"]));
    assert_eq!(v["documents"][0]["words"], 0);
    assert_eq!(v["documents"][0]["frankness"], 100.0);
}

#[test]
fn non_utf8_is_decoded_as_windows_1252_and_binary_is_skipped() {
    let dir = dir_with(&[
        (
            "a-latin1.txt",
            b"Wir haben uns einvernehmlich getrennt. Gr\xFC\xDFe",
        ),
        ("b-binary.txt", b"\x00\x01\x02binary"),
        ("c-plain.txt", "Mistakes were made.".as_bytes()),
    ]);
    let out = klartext(dir.path())
        .args(["scan", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a binary file is skipped, not an error"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["meta"]["encoding"], "windows-1252");
    assert_eq!(docs[0]["findings"][0]["category"], "euphemism");
    assert_eq!(docs[1]["findings"][0]["category"], "evasion");
    assert!(
        v["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("binary")
    );
    assert_eq!(v["summary"]["inputs"], 3);
}

#[test]
fn a_missing_file_is_reported_and_the_rest_is_scanned() {
    let dir = dir_with(&[("ok.txt", b"Mistakes were made.")]);
    let out = klartext(dir.path())
        .args(["scan", "--format", "json", "missing.txt", "ok.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt: no such file or folder"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
    assert_eq!(v["skipped"][0]["error"], true);
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new().unwrap();
    klartext(dir.path()).arg("scan").assert().code(2);
    klartext(dir.path())
        .args(["scan", "--format", "xml", "."])
        .assert()
        .code(2);
    klartext(dir.path())
        .args(["scan", "--disable", "nonsense", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`nonsense` is no rule id, category or language",
        ));
    klartext(dir.path())
        .args(["explain", "no.such.rule"])
        .assert()
        .code(2);
}

#[test]
fn a_broken_lexicon_names_file_and_line_and_exits_2() {
    let dir = dir_with(&[(
        "mine.toml",
        b"[[entry]]\nid = \"en.hedge.sort-of\"\npatterns = [\"sort (of\"]\nweight = 1.0\nmessage = \"m\"\nsuggestion = \"s\"\nhit = [\"x\"]\nmiss = [\"y\"]\n",
    )]);
    klartext(dir.path())
        .args(["scan", "--lexicon", "mine.toml", "-"])
        .write_stdin("text")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("mine.toml:3:").and(predicate::str::contains("not closed")),
        );
}

const USER_LEXICON: &[u8] = br#"[[entry]]
id = "en.platitude.moving-parts"
patterns = ["lots of moving parts"]
weight = 1.0
message = "Says that something is complicated without saying what."
suggestion = "Name the parts that move."
hit = ["There are lots of moving parts."]
miss = ["The machine has moving parts."]
"#;

#[test]
fn user_lexicons_add_entries_and_change_the_version() {
    let dir = dir_with(&[("mine.toml", USER_LEXICON)]);
    let v = json(
        klartext(dir.path())
            .args(["scan", "--format", "json", "--lexicon", "mine.toml", "-"])
            .write_stdin("We know there are lots of moving parts here."),
    );
    assert_eq!(
        v["documents"][0]["findings"][0]["rule"],
        "en.platitude.moving-parts"
    );
    assert!(v["lexicon_version"].as_str().unwrap().contains("+custom."));
    klartext(dir.path())
        .args(["lexicon", "test", "--lexicon", "mine.toml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(" 0 failed"));
}

#[test]
fn lexicon_test_fails_with_exit_1_on_a_bad_example() {
    let bad = String::from_utf8(USER_LEXICON.to_vec())
        .unwrap()
        .replace("The machine has", "There are lots of");
    let dir = dir_with(&[("mine.toml", bad.as_bytes())]);
    klartext(dir.path())
        .args(["lexicon", "test", "--lexicon", "mine.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "en.platitude.moving-parts: miss example",
        ));
}

#[test]
fn disable_removes_a_category() {
    let dir = TempDir::new().unwrap();
    let v = json(
        klartext(dir.path())
            .args(["scan", "--format", "json", "--disable", "evasion", "-"])
            .write_stdin("Mistakes were made."),
    );
    assert_eq!(v["documents"][0]["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn output_is_identical_at_any_thread_count() {
    let corpora = root().join("corpora");
    let run = |threads: Option<&str>, env: Option<&str>| {
        let mut cmd = klartext(root());
        cmd.args(["scan", "--format", "json"]);
        if let Some(n) = threads {
            cmd.args(["--threads", n]);
        }
        if let Some(n) = env {
            cmd.env("RAYON_NUM_THREADS", n);
        }
        cmd.arg(&corpora);
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let default = run(None, None);
    assert!(default.len() > 1000);
    assert_eq!(default, run(None, Some("1")), "RAYON_NUM_THREADS=1 differs");
    assert_eq!(default, run(Some("1"), None), "--threads 1 differs");
    assert_eq!(default, run(Some("3"), None), "--threads 3 differs");
}

#[test]
fn ndjson_has_one_line_per_document_then_a_summary() {
    let out = klartext(root())
        .args(["scan", "--format", "ndjson", "corpora"])
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let docs = lines.iter().filter(|l| l["type"] == "document").count();
    assert!(docs >= 6);
    let last = lines.last().unwrap();
    assert_eq!(last["type"], "summary");
    assert_eq!(last["documents"], docs);
    assert!(
        lines
            .iter()
            .filter(|l| l["type"] == "document")
            .all(|l| l["score_version"] == "1")
    );
}

#[test]
fn text_output_shows_position_sentence_and_suggestion_without_colour_in_a_pipe() {
    let dir = TempDir::new().unwrap();
    let out = klartext(dir.path())
        .args(["scan", "-"])
        .write_stdin("All good.\nMistakes were made in the rollout.")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2:1  evasion"), "{text}");
    assert!(
        text.contains("Mistakes were made in the rollout."),
        "{text}"
    );
    assert!(text.contains("^^^^^^^^^^^^^^^^^^"), "{text}");
    assert!(text.contains("say instead:"), "{text}");
    assert!(!text.contains('\x1b'), "no colour codes in a pipe");
    let coloured = klartext(dir.path())
        .args(["scan", "--color", "always", "-"])
        .write_stdin("Mistakes were made.")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\x1b'));
}

#[test]
fn explain_tells_why_and_what_instead() {
    let dir = TempDir::new().unwrap();
    let out = json(
        klartext(dir.path())
            .args(["scan", "--format", "json", "-"])
            .write_stdin("Frau Schneider verlässt das Unternehmen auf eigenen Wunsch."),
    );
    let rule = out["documents"][0]["findings"][0]["rule"]
        .as_str()
        .unwrap()
        .to_string();
    klartext(dir.path())
        .args(["explain", &rule])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Why it is hollow:")
                .and(predicate::str::contains("Say instead:"))
                .and(predicate::str::contains("Patterns:")),
        );
    klartext(dir.path())
        .args(["explain", "euphemism"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&rule));
}

#[test]
fn tokens_shows_what_klartext_sees() {
    let dir = dir_with(&[(
        "t.txt",
        "„Auf eigenen Wunsch“ sagt man nicht. KI-gestützt!".as_bytes(),
    )]);
    klartext(dir.path())
        .args(["tokens", "t.txt"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("quotation 0..")
                .and(predicate::str::contains("negation cue"))
                .and(predicate::str::contains("compound part"))
                .and(predicate::str::contains("sentence 2")),
        );
}

#[test]
fn lexicon_list_counts_entries() {
    let dir = TempDir::new().unwrap();
    let v = json(klartext(dir.path()).args([
        "lexicon",
        "list",
        "--format",
        "json",
        "--lang",
        "de",
        "--category",
        "jargon",
    ]));
    let entries = v["entries"].as_array().unwrap();
    assert!(!entries.is_empty());
    assert!(
        entries
            .iter()
            .all(|e| e["category"] == "jargon" && e["lang"] == "de")
    );
}

#[test]
fn the_demo_corpus_is_read_and_ranked() {
    let v = json(klartext(root()).args(["scan", "--format", "json", "corpora"]));
    let docs = v["documents"].as_array().unwrap();
    let score = |name: &str| {
        docs.iter()
            .find(|d| d["id"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} scanned"))["frankness"]
            .as_f64()
            .unwrap()
    };
    assert!(score("statusbericht-klar.txt") > score("abschied-mueller.txt"));
    assert!(score("postmortem-frank.txt") > score("layoff-notice.txt"));
    assert!(score("postmortem-frank.txt") >= 90.0);
    assert_eq!(v["summary"]["errors"], 0);
}

#[test]
fn many_files_stream_in_name_order_at_any_thread_count() {
    let dir = TempDir::new().unwrap();
    for i in 0..300 {
        let text = if i % 7 == 0 {
            "Mistakes were made."
        } else {
            "We shipped the order on time."
        };
        fs::write(dir.path().join(format!("doc-{i:03}.txt")), text).unwrap();
    }
    let run = |threads: &str| {
        klartext(dir.path())
            .args(["scan", "--format", "ndjson", "--threads", threads, "."])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let ids: Vec<String> = String::from_utf8(one)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "document")
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 300);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}

#[test]
fn lexicon_fmt_rewrites_in_place_with_nothing_left_over() {
    let dir = tempfile::TempDir::new().unwrap();
    let canonical = std::fs::read_to_string(root().join("lexicons/en/hedge.toml")).unwrap();
    std::fs::write(dir.path().join("x.toml"), format!("{canonical}\n\n\n")).unwrap();
    let out = klartext(dir.path())
        .args(["lexicon", "fmt", "x.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("x.toml")).unwrap(),
        canonical
    );
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "no temporary file left");
}
