//! CSV corpus records: the CSV container as the CLI streams it
//! (`ingest::container_units`), then `ingest::load` per record. The first
//! byte picks the dialect and fields, so headerless files, column numbers,
//! other delimiters and quote characters and mail bodies are all reached.
#![no_main]

use klartext::ingest::{self, CorpusOptions, Field, Format, IngestOptions};
use klartext_fuzz::check_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let header = mode & 1 == 0;
    let corpus = CorpusOptions {
        text: if header {
            Field::Name("text".into())
        } else {
            Field::Index(usize::from(mode >> 6) + 1)
        },
        id: header.then(|| Field::Name("id".into())),
        date: Some(if header {
            Field::Name("date".into())
        } else {
            Field::Index(1)
        }),
        author: header.then(|| Field::Name("author".into())),
        delimiter: [b',', b';', b'\t', b'|'][usize::from(mode >> 1) & 3],
        quote: if mode & 8 == 0 { b'"' } else { b'\'' },
        header,
        mail_bodies: mode & 16 != 0,
        ..CorpusOptions::default()
    };
    let opts = IngestOptions {
        corpus,
        ..IngestOptions::default()
    };
    for unit in ingest::container_units("c.csv".into(), bytes, Format::Csv, &opts) {
        if let Ok(doc) = ingest::load(unit, &opts) {
            check_document(&doc);
            assert!(
                !doc.text.trim().is_empty(),
                "a record without text is skipped"
            );
        }
    }
});
