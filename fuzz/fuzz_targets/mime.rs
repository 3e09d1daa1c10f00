//! One e-mail message (`.eml`) → `Document`: MIME structure, transfer
//! encodings, charsets, HTML-only bodies, quoted replies and signatures.
#![no_main]

use klartext::ingest::{Format, from_bytes};
use klartext_fuzz::check_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = from_bytes("m.eml".into(), "m.eml".into(), data.to_vec(), Format::Email) {
        check_document(&doc);
        let seg = klartext::Segmented::of(&doc);
        klartext_fuzz::check_segmented(&doc.text, &doc.mask_ranges(), &seg);
    }
});
