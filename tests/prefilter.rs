//! The prefilter only proposes: with it off, every pattern is tried on every
//! sentence, and the findings must be identical.

use std::fs;

use klartext::ingest::{self, IngestOptions};
use klartext::{Lang, Lexicon, MatcherBuilder, Segmented};

use crate::util::root;

#[test]
fn examples_and_corpus_give_identical_findings_with_and_without_prefilter() {
    let with = MatcherBuilder::new()
        .prefilter(true)
        .build(Lexicon::builtin());
    let without = MatcherBuilder::new()
        .prefilter(false)
        .build(Lexicon::builtin());
    let mut texts: Vec<(String, String, Vec<std::ops::Range<usize>>)> = Vec::new();
    for e in with.lexicon().entries() {
        for s in e.hit.iter().chain(&e.miss) {
            texts.push((e.id.clone(), s.clone(), Vec::new()));
        }
    }
    let opts = IngestOptions::default();
    let mut files = 0;
    for unit in ingest::units(&[root().join("corpora")], &opts) {
        {
            let doc = ingest::load(unit, &opts).unwrap();
            let masks = doc.mask_ranges();
            texts.push((doc.id, doc.text, masks));
            files += 1;
        }
    }
    assert!(files >= 6, "the demo corpus is read ({files} files)");
    let mut total = 0;
    for (name, text, masks) in &texts {
        let seg = Segmented::new(text, masks);
        for lang in Lang::ALL {
            let a = with.find(&seg, lang);
            let b = without.find(&seg, lang);
            assert_eq!(a, b, "{name} ({lang}): {text:?}");
            total += a.len();
        }
    }
    assert!(
        total > texts.len() / 2,
        "the comparison saw findings ({total})"
    );
    // The corpus files exist on disk too (the comparison read real files).
    assert!(fs::metadata(root().join("corpora/README.md")).is_ok());
}
