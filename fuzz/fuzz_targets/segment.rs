//! Segmentation of arbitrary UTF-8: tokens, sentences, clauses, quotations,
//! language detection. The first byte picks the masks: none, the URL masks
//! of plain text, or the masks and block quotes of Markdown.
#![no_main]

use klartext::ingest::{self, Format};
use klartext::segment::{Segmented, quote_regions};
use klartext::{Document, langid};
use klartext_fuzz::{check_document, check_range, check_segmented};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let doc = match mode % 3 {
        0 => Document::plain("s", text),
        1 => ingest::document("s".into(), text.into(), Format::Text, None),
        _ => ingest::document("s".into(), text.into(), Format::Markdown, None),
    };
    check_document(&doc);
    let masks = doc.mask_ranges();
    let seg = Segmented::of(&doc);
    check_segmented(text, &masks, &seg);
    for q in quote_regions(text, &masks) {
        check_range(text, &q, "quotation");
        assert!(!q.is_empty());
    }
    for i in 0..seg.tokens.len() {
        assert!(!seg.norm_of(i).is_empty());
    }
    let _ = langid::detect(&seg);
});
