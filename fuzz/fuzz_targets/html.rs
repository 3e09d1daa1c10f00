//! HTML → visible text with masks and quotations (`ingest::from_bytes` with
//! `Format::Html`: decoding, then the HTML converter and URL masks).
#![no_main]

use klartext::ingest::{Format, from_bytes};
use klartext_fuzz::{check_document, check_segmented};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = from_bytes(
        "p.html".into(),
        "p.html".into(),
        data.to_vec(),
        Format::Html,
    ) {
        check_document(&doc);
        assert!(
            doc.quotes.windows(2).all(|w| w[0].end <= w[1].start),
            "quoted ranges are documented sorted and non-overlapping: {:?}",
            doc.quotes
        );
        let seg = klartext::Segmented::of(&doc);
        check_segmented(&doc.text, &doc.mask_ranges(), &seg);
    }
});
