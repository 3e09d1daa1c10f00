//! Markdown → masks (code, HTML, link targets, front matter), block quotes
//! and front-matter metadata (`ingest::from_bytes` with `Format::Markdown`).
#![no_main]

use klartext::ingest::{Format, from_bytes};
use klartext_fuzz::{check_document, check_segmented};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = from_bytes(
        "m.md".into(),
        "m.md".into(),
        data.to_vec(),
        Format::Markdown,
    ) {
        check_document(&doc);
        let seg = klartext::Segmented::of(&doc);
        check_segmented(&doc.text, &doc.mask_ranges(), &seg);
    }
});
