//! Compiles the built-in lexicons (`lexicons/<lang>/<category>.toml`) into
//! static data, so that start-up parses no TOML: parsing the 14 files took
//! a third of the instructions of a one-kilobyte scan.
//!
//! Writes two Rust expressions into `OUT_DIR`, included by
//! `src/lexicon/builtin.rs`: `files.rs`, every file's path and text, and
//! `records.rs`, every file's entries as [`raw::Record`]s (or its TOML error,
//! which the run then reports as it would have reported it at run time).
//! The records come from the same code that reads a user's file, and a test
//! holds them equal to what parsing the text gives.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

#[path = "src/lexicon/raw.rs"]
#[allow(dead_code)]
mod raw;

fn main() {
    println!("cargo:rerun-if-changed=lexicons");
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    let files = lexicon_files(&root);
    let mut texts = String::from("&[\n");
    let mut records = String::from("&[\n");
    for name in &files {
        let path = root.join(name);
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let path = path.to_str().expect("a UTF-8 path");
        writeln!(texts, "    ({name:?}, include_str!({path:?})),").unwrap();
        match raw::parse(&text) {
            Ok(file) => {
                records.push_str("    Ok(&[\n");
                for r in raw::records(&file, &text) {
                    write_record(&mut records, &r);
                }
                records.push_str("    ]),\n");
            }
            Err(e) => {
                // Reported by the run (and the test suite), as before.
                println!("cargo:warning={name}: {e:?}");
                writeln!(records, "    Err(({:?}, {:?})),", e.line, e.message).unwrap();
            }
        }
    }
    texts.push(']');
    records.push(']');
    write_if_changed(&out.join("files.rs"), &texts);
    write_if_changed(&out.join("records.rs"), &records);
}

/// `lexicons/<lang>/<category>.toml` relative to `root`, sorted: the order
/// of the files is the order in which their errors are reported.
fn lexicon_files(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let dir = root.join("lexicons");
    for lang in fs::read_dir(&dir).expect("lexicons/ exists") {
        let lang = lang.expect("readable lexicons/");
        if !lang.file_type().expect("file type").is_dir() {
            continue;
        }
        let lang_name = lang.file_name().into_string().expect("a UTF-8 name");
        for file in fs::read_dir(lang.path()).expect("readable language folder") {
            let file = file.expect("readable language folder");
            let file_name = file.file_name().into_string().expect("a UTF-8 name");
            if file_name.ends_with(".toml") {
                files.push(format!("lexicons/{lang_name}/{file_name}"));
            }
        }
    }
    files.sort();
    files
}

/// One `Record { … }` literal. Strings are written with `{:?}`, which is a
/// valid Rust string literal; the weight as its bits, so that it is the same
/// `f64` whatever it is.
fn write_record(out: &mut String, r: &raw::Record) {
    let w = &mut *out;
    writeln!(w, "        Record {{").unwrap();
    writeln!(w, "            line: {},", r.line).unwrap();
    writeln!(w, "            id: {:?},", r.id).unwrap();
    writeln!(w, "            id_line: {},", r.id_line).unwrap();
    write!(w, "            patterns: Cow::Borrowed(&[").unwrap();
    for (p, line) in r.patterns.iter() {
        write!(w, "({p:?}, {line}), ").unwrap();
    }
    writeln!(w, "]),").unwrap();
    writeln!(
        w,
        "            weight: f64::from_bits({:#x}),",
        r.weight.to_bits()
    )
    .unwrap();
    writeln!(w, "            weight_line: {},", r.weight_line).unwrap();
    writeln!(w, "            message: {:?},", r.message).unwrap();
    writeln!(w, "            suggestion: {:?},", r.suggestion).unwrap();
    writeln!(w, "            hit: Cow::Borrowed(&{:?}),", r.hit).unwrap();
    writeln!(w, "            miss: Cow::Borrowed(&{:?}),", r.miss).unwrap();
    writeln!(w, "            source: {:?},", r.source).unwrap();
    writeln!(w, "        }},").unwrap();
}

/// Writes `text` unless the file holds it already, so that an unchanged
/// lexicon does not recompile the crate.
fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
