//! Pattern syntax: the first line is a pattern (`lexicon::Pattern::parse`);
//! a pattern that compiles becomes the one entry of a lexicon, and the rest
//! of the input (or, without one, the pattern itself) is matched with the
//! prefilter on and off, which must find exactly the same.
#![no_main]

use klartext::lexicon::{Lexicon, Pattern, pattern::seq_span};
use klartext::segment::Segmented;
use klartext::{Lang, LexiconBuilder, MatcherBuilder};
use libfuzzer_sys::fuzz_target;

fn lexicon(pattern: &str) -> Lexicon {
    // serde_json's escapes are TOML escapes too; DEL is a control character
    // TOML wants escaped and JSON does not.
    let quoted = serde_json::to_string(pattern)
        .expect("a string serializes")
        .replace('\u{7f}', "\\u007F");
    let toml = format!(
        "[[entry]]\nid = \"de.hedge.fuzz\"\npatterns = [{quoted}]\nweight = 1.0\n\
         message = \"m\"\nsuggestion = \"s\"\nhit = [\"h\"]\nmiss = [\"m\"]\n"
    );
    LexiconBuilder::new()
        .without_builtin()
        .add_source("fuzz.toml", toml)
        .build()
        .expect("a pattern that parses builds a one-entry lexicon")
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (source, text) = input.split_once('\n').unwrap_or((input, input));
    let Ok(pattern) = Pattern::parse(source) else {
        return;
    };
    assert!(
        seq_span(&pattern.nodes).0 >= 1,
        "a pattern must need a word"
    );
    let lexicon = lexicon(source);
    assert_eq!(lexicon.entries()[0].patterns[0].nodes, pattern.nodes);
    let with = MatcherBuilder::new().build(lexicon.clone());
    let without = MatcherBuilder::new().prefilter(false).build(lexicon);
    let seg = Segmented::new(text, &[]);
    for lang in Lang::ALL {
        let found = with.find(&seg, lang);
        assert_eq!(
            found,
            without.find(&seg, lang),
            "the prefilter changed the findings"
        );
        for m in &found {
            assert!(m.tokens.start < m.tokens.end && m.tokens.end <= seg.tokens.len());
            assert!(m.span.start <= m.span.end && m.span.end <= text.len());
        }
    }
});
