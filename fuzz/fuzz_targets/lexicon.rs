//! A lexicon file's text → `LexiconBuilder` (TOML, entry validation, pattern
//! compilation) and `lexicon::canonical` (what `klartext lexicon fmt` writes).
#![no_main]

use klartext::LexiconBuilder;
use klartext::lexicon::{Lexicon, LexiconError, canonical};
use libfuzzer_sys::fuzz_target;

fn build(text: &str) -> Result<Lexicon, LexiconError> {
    LexiconBuilder::new()
        .without_builtin()
        .add_source("fuzz.toml", text)
        .build()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let built = build(text);
    if let Err(e) = &built {
        // A duplicate id names the entry's `file:line` as its file.
        assert!(e.file.starts_with("fuzz.toml"), "{e}");
        assert!(
            e.line
                .is_none_or(|l| l >= 1 && l <= text.matches('\n').count() + 1)
        );
    }
    let Ok(canon) = canonical("fuzz.toml", text) else {
        return;
    };
    // The canonical form is a fixed point and means the same lexicon.
    let again = canonical("fuzz.toml", &canon).expect("the canonical form parses");
    assert_eq!(again, canon, "the canonical form is not a fixed point");
    if let Ok(lex) = built {
        let canon_lex = build(&canon).expect("the canonical form of a valid lexicon is valid");
        let key = |l: &Lexicon| {
            l.entries()
                .iter()
                .map(|e| {
                    let nodes: Vec<_> = e.patterns.iter().map(|p| p.nodes.clone()).collect();
                    (e.id.clone(), e.weight, nodes)
                })
                .collect::<Vec<_>>()
        };
        assert!(
            key(&lex) == key(&canon_lex),
            "the canonical form changed an entry"
        );
    }
});
