//! Issue #5: trends over time and groups, statistics, privacy, merging.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::util::klartext;

/// Sentences that are hollow; a sender's months use more of them over time.
pub(crate) const HOLLOW: [&str; 3] = [
    "Going forward, we will leverage our platform to unlock synergies.",
    "Mistakes were made in the rollout.",
    "We have parted ways with our supplier by mutual agreement.",
];

/// Frank sentences that pad every message.
pub(crate) const FRANK: [&str; 6] = [
    "The lathe order for Leeds ships on Tuesday.",
    "I checked the invoice and it is correct.",
    "We lost the Hamburg contract because our price was too high.",
    "Maria fixed the broken conveyor belt this morning.",
    "The audit found two errors in the March report and I corrected them.",
    "Our team hired two welders last week.",
];

pub(crate) fn message(out: &mut String, from: &str, year: i32, month: u32, day: u32, body: &str) {
    writeln!(out, "From {from} Mon Jan  1 00:00:00 2024").unwrap();
    writeln!(out, "From: {from}").unwrap();
    writeln!(out, "Subject: Update {year}-{month:02}").unwrap();
    writeln!(
        out,
        "Date: {day} {} {year} 09:00:00 +0100",
        MONTHS[month as usize - 1]
    )
    .unwrap();
    writeln!(out, "Content-Type: text/plain; charset=utf-8\n\n{body}\n").unwrap();
}

/// Monthly series, one per author, every author shown.
pub(crate) const MONTHLY_BY_AUTHOR: [&str; 6] = [
    "--by",
    "month",
    "--group-by",
    "author",
    "--min-group-size",
    "1",
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// 24 months, two messages per sender and month: alice grows hollow, bob stays frank.
pub(crate) fn archive(months: std::ops::Range<usize>) -> String {
    let mut out = String::new();
    for i in months {
        let (year, month) = (2023 + (i / 12) as i32, (i % 12) as u32 + 1);
        for day in [5, 19] {
            let mut alice: Vec<&str> = FRANK.to_vec();
            // One more hollow sentence every four months.
            for k in 0..i / 4 {
                alice.push(HOLLOW[k % HOLLOW.len()]);
            }
            message(
                &mut out,
                "alice@example.com",
                year,
                month,
                day,
                &alice.join(" "),
            );
            message(
                &mut out,
                "bob@example.com",
                year,
                month,
                day + 1,
                &FRANK.join(" "),
            );
        }
    }
    out
}

fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = klartext(dir).args(args).output().unwrap();
    assert!(out.status.code().is_some());
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn a_sender_growing_hollow_shows_a_falling_trend_and_emerging_phrases() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("all.mbox"), archive(0..24)).unwrap();
    let mut args = vec!["trends", "all.mbox"];
    args.extend(MONTHLY_BY_AUTHOR);
    args.extend(["--format", "json"]);
    let (out, code) = run(dir.path(), &args);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let series = v["trends"]["series"].as_array().unwrap();
    let by_name = |name: &str| {
        series
            .iter()
            .find(|s| s["group"] == name)
            .unwrap_or_else(|| panic!("{name}: {out}"))
    };
    let alice = by_name("alice@example.com");
    assert_eq!(alice["rows"].as_array().unwrap().len(), 24);
    assert!(
        alice["trend"]["p_value"].as_f64().unwrap() < 0.05,
        "{}",
        alice["trend"]
    );
    assert!(alice["trend"]["mann_kendall_s"].as_i64().unwrap() < 0);
    assert!(alice["trend"]["slope"].as_f64().unwrap() < 0.0);
    assert!(alice["trend"]["p_value"].as_f64().unwrap() < 0.001);
    let verdict = alice["trend"]["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with("frankness falling, p < 0.001, -")
            && verdict.ends_with(" points per month"),
        "{verdict}"
    );
    let emerging: Vec<&str> = alice["emerging"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert!(
        emerging.contains(&"en.evasion.mistakes-were-made"),
        "{emerging:?}"
    );
    let bob = by_name("bob@example.com");
    assert!(
        bob["trend"]["verdict"]
            .as_str()
            .unwrap()
            .starts_with("no clear trend"),
        "{}",
        bob["trend"]
    );
    assert!(bob["emerging"].as_array().unwrap().is_empty());
    assert!(v["score_version"].is_string() && v["lexicon_version"].is_string());

    let (text, _) = run(
        dir.path(),
        &[
            "trends",
            "all.mbox",
            "--group-by",
            "author",
            "--min-group-size",
            "1",
        ],
    );
    assert!(
        text.contains("alice@example.com  ") && text.contains("frankness falling"),
        "{text}"
    );
    assert!(
        text.chars().any(|c| ('▁'..='█').contains(&c)),
        "sparkline: {text}"
    );
}

#[test]
fn partial_results_merge_to_the_same_report_as_one_run() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("all.mbox"), archive(0..24)).unwrap();
    fs::write(dir.path().join("a.mbox"), archive(0..7)).unwrap();
    fs::write(dir.path().join("b.mbox"), archive(7..15)).unwrap();
    fs::write(dir.path().join("c.mbox"), archive(15..24)).unwrap();
    let common = ["--group-by", "author", "--min-group-size", "1"];
    for part in ["a", "b", "c"] {
        let args: Vec<String> = ["trends", &format!("{part}.mbox"), "--emit", "partial"]
            .into_iter()
            .map(String::from)
            .chain(common.iter().map(|s| s.to_string()))
            .collect();
        let (out, code) = run(
            dir.path(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        assert_eq!(code, 0);
        fs::write(dir.path().join(format!("{part}.json")), out).unwrap();
    }
    for format in ["json", "text", "csv"] {
        let mut whole = vec!["trends", "all.mbox", "--format", format];
        whole.extend(common);
        let (one, _) = run(dir.path(), &whole);
        let merge = vec![
            "merge",
            "c.json",
            "a.json",
            "b.json",
            "--format",
            format,
            "--min-group-size",
            "1",
        ];
        let (merged, code) = run(dir.path(), &merge);
        assert_eq!(code, 0);
        assert_eq!(one, merged, "{format}");
        let single = klartext(dir.path())
            .args(&whole)
            .env("RAYON_NUM_THREADS", "1")
            .output()
            .unwrap();
        assert_eq!(one.as_bytes(), single.stdout, "{format} with one thread");
    }
}

#[test]
fn small_groups_never_show_by_name_and_no_text_hides_every_sentence() {
    let dir = TempDir::new().unwrap();
    let mut mbox = String::new();
    let legal = [
        "l1@law.example.com",
        "l2@law.example.com",
        "l3@law.example.com",
    ];
    let sales: Vec<String> = (1..=6).map(|i| format!("s{i}@sales.example.com")).collect();
    for month in 1..=3 {
        for from in legal
            .iter()
            .map(|s| s.to_string())
            .chain(sales.iter().cloned())
        {
            let body = format!(
                "{} {}",
                FRANK[month % FRANK.len()],
                HOLLOW[month % HOLLOW.len()]
            );
            message(&mut mbox, &from, 2025, month as u32, 3, &body);
        }
    }
    fs::write(dir.path().join("dept.mbox"), &mbox).unwrap();
    fs::write(
        dir.path().join("groups.csv"),
        "*@law.example.com,LegalDept\n*@sales.example.com,SalesDept\n",
    )
    .unwrap();
    for format in ["text", "json", "csv", "html"] {
        let (out, _) = run(
            dir.path(),
            &[
                "trends",
                "dept.mbox",
                "--groups",
                "groups.csv",
                "--group-by",
                "group",
                "--format",
                format,
                "--no-text",
            ],
        );
        assert!(out.contains("SalesDept"), "{format}: {out}");
        assert!(out.contains("other"), "{format}: {out}");
        assert!(!out.contains("LegalDept"), "{format}: {out}");
        for sentence in FRANK.iter().chain(HOLLOW.iter()) {
            assert!(!out.contains(sentence), "{format}");
        }
    }
    for format in ["text", "json", "ndjson", "html"] {
        let (out, _) = run(
            dir.path(),
            &["scan", "dept.mbox", "--format", format, "--no-text"],
        );
        assert!(
            out.contains("en.evasion.mistakes-were-made") || out.contains("en.buzzword"),
            "{format}: {out}"
        );
        for sentence in FRANK.iter().chain(HOLLOW.iter()) {
            assert!(!out.contains(sentence), "{format}: {sentence}");
        }
        for phrase in [
            "Mistakes were made",
            "parted ways",
            "leverage our platform",
            "Update 2025",
        ] {
            assert!(!out.contains(phrase), "{format}: {phrase}");
        }
    }
}

#[test]
fn pseudonyms_are_stable_per_key_and_hide_every_address() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("all.mbox"), archive(0..3)).unwrap();
    fs::write(dir.path().join("key"), "works council key 2026\n").unwrap();
    let pseudonymized = |key_args: &[&str], cmd: &str, format: &str| {
        let mut args = vec![cmd, "all.mbox", "--pseudonymize", "--format", format];
        if cmd == "trends" {
            args.extend(["--group-by", "author", "--min-group-size", "1"]);
        }
        args.extend(key_args);
        run(dir.path(), &args).0
    };
    for (cmd, format) in [
        ("scan", "json"),
        ("scan", "text"),
        ("scan", "html"),
        ("trends", "json"),
        ("trends", "csv"),
        ("trends", "html"),
    ] {
        let a = pseudonymized(&["--pseudonym-key-file", "key"], cmd, format);
        let b = pseudonymized(&["--pseudonym-key-file", "key"], cmd, format);
        let c = pseudonymized(&["--pseudonym-key", "another key"], cmd, format);
        assert_eq!(a, b, "{cmd} {format}: same key, same output");
        assert!(a.contains("person-"), "{cmd} {format}: {a}");
        assert_ne!(a, c, "{cmd} {format}: another key, other pseudonyms");
        for out in [&a, &c] {
            assert!(
                !out.contains("alice") && !out.contains("bob@") && !out.contains("example.com"),
                "{cmd} {format}: {out}"
            );
        }
    }
    let out = klartext(dir.path())
        .args(["scan", "all.mbox", "--pseudonymize"])
        .env_remove("KLARTEXT_PSEUDONYM_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a key is required");
}

#[test]
fn undated_documents_are_counted_not_dropped() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("a.txt"), "Mistakes were made.").unwrap();
    fs::write(
        dir.path().join("b.md"),
        "---\ndate: 2025-03-03\n---\n\nWe ship on Monday.\n",
    )
    .unwrap();
    let (out, _) = run(dir.path(), &["trends", ".", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["trends"]["documents"], 2);
    assert_eq!(v["trends"]["undated"], 1);
    assert_eq!(v["trends"]["series"][0]["rows"][0]["bucket"], "2025-03");
}

#[test]
fn compare_two_periods_for_emerging_phrases() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("all.mbox"), archive(0..24)).unwrap();
    let (out, code) = run(
        dir.path(),
        &[
            "trends",
            "all.mbox",
            "--group-by",
            "author",
            "--min-group-size",
            "1",
            "--format",
            "json",
            "--compare",
            "2023-01..2023-03",
            "2024-10..2024-12",
        ],
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["trends"]["compared"],
        serde_json::json!(["2023-01..2023-03", "2024-10..2024-12"])
    );
    let alice = &v["trends"]["series"][0];
    assert_eq!(alice["group"], "alice@example.com");
    let first = &alice["emerging"][0];
    assert_eq!(first["before"], 0, "alice was frank in early 2023: {first}");
    assert!(first["after"].as_u64().unwrap() >= 6);
    let (_, code) = run(
        dir.path(),
        &[
            "trends",
            "all.mbox",
            "--compare",
            "2023-13..2023-14",
            "2024-01..2024-02",
        ],
    );
    assert_eq!(code, 2, "a bad label is a usage error");
}
