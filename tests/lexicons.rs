//! The built-in lexicons: every example of every entry, and the invariants
//! every entry must keep.

use std::collections::BTreeMap;
use std::fs;

use klartext::lexicon::builtin;
use klartext::{Category, Lang, Lexicon, examples};

use crate::util::{matcher, root};

#[test]
fn every_example_of_every_entry_holds() {
    let (failures, count) = examples::run(matcher());
    assert!(count > 0);
    let report: Vec<String> = failures
        .iter()
        .map(|f| {
            format!(
                "{}: {} {} {:?}: {}",
                f.origin, f.id, f.kind, f.sentence, f.problem
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "{} of {count} examples fail:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn every_lexicon_file_on_disk_is_built_in() {
    let mut on_disk = Vec::new();
    for lang in Lang::ALL {
        for entry in fs::read_dir(root().join("lexicons").join(lang.code())).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            on_disk.push(format!("lexicons/{lang}/{name}"));
        }
    }
    on_disk.sort();
    let mut built_in: Vec<String> = builtin::FILES.iter().map(|(p, _)| p.to_string()).collect();
    built_in.sort();
    assert_eq!(on_disk, built_in);
    for (path, text) in builtin::FILES {
        assert_eq!(
            &fs::read_to_string(root().join(path)).unwrap(),
            text,
            "{path} is stale"
        );
    }
}

/// Rewrites the built-in files in canonical form when KLARTEXT_BLESS=1.
#[test]
fn lexicon_files_are_in_canonical_form() {
    let bless = std::env::var_os("KLARTEXT_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (path, text) in builtin::FILES {
        let canonical = klartext::lexicon::canonical(path, text).unwrap();
        if canonical != *text {
            if bless {
                fs::write(root().join(path), canonical).unwrap();
            }
            stale.push(*path);
        }
    }
    assert!(
        stale.is_empty() || bless,
        "not in canonical form (run `KLARTEXT_BLESS=1 cargo test canonical` or `klartext lexicon fmt`): {stale:?}"
    );
}

#[test]
fn both_languages_cover_every_category_with_enough_entries() {
    let lexicon = Lexicon::builtin();
    let counts = klartext::lexicon::counts(&lexicon);
    for lang in Lang::ALL {
        let total: usize = Category::ALL
            .iter()
            .map(|c| counts.get(&(lang, *c)).copied().unwrap_or(0))
            .sum();
        assert!(total >= 300, "{lang}: only {total} entries");
        for c in Category::ALL {
            assert!(
                counts.get(&(lang, c)).copied().unwrap_or(0) >= 2,
                "{lang}/{c} has fewer than two entries"
            );
        }
    }
}

#[test]
fn entries_are_sorted_and_no_pattern_is_listed_twice() {
    for (path, text) in builtin::FILES {
        let ids: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("id = \""))
            .map(|l| l.trim_end_matches('"'))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "{path}: entries are not sorted by id");
    }
    let mut seen: BTreeMap<(Lang, String), String> = BTreeMap::new();
    for e in Lexicon::builtin().entries() {
        for p in &e.patterns {
            let key = (e.lang, p.source.to_lowercase());
            if let Some(other) = seen.insert(key, e.id.clone()) {
                panic!("pattern {:?} is in both {other} and {}", p.source, e.id);
            }
        }
    }
}

#[test]
fn entries_have_text_and_examples() {
    for e in Lexicon::builtin().entries() {
        assert!(e.message.trim().len() >= 15, "{}: message too short", e.id);
        assert!(
            e.suggestion.trim().len() >= 10,
            "{}: suggestion too short",
            e.id
        );
        assert!(
            e.hit.len() >= 2 && !e.miss.is_empty(),
            "{}: at least two hits and one miss",
            e.id
        );
        assert!(
            klartext::lexicon::WEIGHT_RANGE.contains(&e.weight),
            "{}",
            e.id
        );
    }
}

#[test]
fn the_version_is_a_calendar_version_with_a_fingerprint() {
    let v = builtin::VERSION;
    let parts: Vec<&str> = v.split('.').collect();
    assert_eq!(parts.len(), 3, "{v}");
    assert!(parts.iter().all(|p| p.parse::<u32>().is_ok()), "{v}");
    let full = Lexicon::builtin().version().to_string();
    let (release, hash) = full.split_once('+').unwrap();
    assert_eq!(release, v);
    assert!(
        hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{full}"
    );
}

/// Any change to an entry changes the version, so results never mix.
#[test]
fn changing_an_entry_changes_the_version() {
    let (path, text) = builtin::FILES[0];
    let heavier = text.replacen("weight = 1.0", "weight = 1.5", 1).replacen(
        "weight = 2.0",
        "weight = 2.5",
        1,
    );
    let versions: Vec<String> = [text, heavier.as_str()]
        .iter()
        .map(|t| {
            klartext::LexiconBuilder::new()
                .without_builtin()
                .add_source(path, *t)
                .build()
                .unwrap()
                .version()
                .to_string()
        })
        .collect();
    assert_ne!(versions[0], versions[1]);
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<klartext::Matcher>();
    check::<klartext::Lexicon>();
    check::<klartext::Summary>();
    check::<klartext::pipeline::Analysis>();
}
