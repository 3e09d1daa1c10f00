//! JSON Lines corpus records: the container as the CLI streams it
//! (`ingest::container_units`), then `ingest::load` parses each record. The
//! first byte picks the fields and whether texts are mail bodies.
#![no_main]

use klartext::ingest::{self, CorpusOptions, Field, Format, IngestOptions};
use klartext_fuzz::check_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let name = |n: &str| Some(Field::Name(n.into()));
    let corpus = CorpusOptions {
        text: Field::Name(if mode & 1 == 0 { "text" } else { "body" }.into()),
        id: name("id"),
        date: name("date"),
        author: name("author"),
        group: name("group"),
        mail_bodies: mode & 2 != 0,
        keep: vec![("x".into(), Field::Name("x".into()))],
        ..CorpusOptions::default()
    };
    let opts = IngestOptions {
        corpus,
        ..IngestOptions::default()
    };
    for unit in ingest::container_units("c.jsonl".into(), bytes, Format::JsonLines, &opts) {
        if let Ok(doc) = ingest::load(unit, &opts) {
            check_document(&doc);
            assert!(
                !doc.text.trim().is_empty(),
                "a record without text is skipped"
            );
        }
    }
});
