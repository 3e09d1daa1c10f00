//! The whole pipeline on arbitrary bytes: the first byte picks the input
//! format (and a forced language), the rest is read as `klartext scan` reads
//! a file of that format (`ingest::from_bytes`, or for containers
//! `ingest::container_units` + `ingest::load`), and every document is
//! analyzed with the built-in lexicons (`pipeline::analyze`).
#![no_main]

use klartext::ingest::{self, Format, IngestOptions, Unit};
use klartext::pipeline::{self, Options};
use klartext::{Document, Lang};
use klartext_fuzz::{check_analysis, check_document, matcher};
use libfuzzer_sys::fuzz_target;

const FORMATS: [Format; 7] = [
    Format::Text,
    Format::Markdown,
    Format::Html,
    Format::Email,
    Format::Mbox,
    Format::JsonLines,
    Format::Csv,
];

fn analyze(doc: &Document, options: &Options) {
    check_document(doc);
    let a = pipeline::analyze(doc, matcher(), options);
    check_analysis(doc, &a, matcher());
}

// The built-in matcher is built before the first input, so that its
// build (seconds under AddressSanitizer on a loaded machine) never counts
// against an input's timeout.
fuzz_target!(init: { matcher(); }, |data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(mode & 7) % FORMATS.len()];
    let options = Options {
        lang: [None, Some(Lang::De), Some(Lang::En), None][usize::from(mode >> 3) & 3],
        keep_text: mode & 0x20 != 0,
    };
    let opts = IngestOptions {
        max_size: 1 << 20,
        ..IngestOptions::default()
    };
    if matches!(format, Format::Mbox | Format::JsonLines | Format::Csv) {
        for unit in ingest::container_units("f".into(), bytes, format, &opts) {
            if let Ok(doc) = ingest::load(unit, &opts) {
                analyze(&doc, &options);
            }
        }
    } else {
        let unit = Unit::Bytes {
            id: "f".into(),
            source: "f".into(),
            bytes: bytes.to_vec(),
            format,
        };
        if let Ok(doc) = ingest::load(unit, &opts) {
            analyze(&doc, &options);
        }
    }
});
