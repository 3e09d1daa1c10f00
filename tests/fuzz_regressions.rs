//! Inputs the fuzz targets (`fuzz/`) found to break an invariant, as exact
//! bytes, with the behaviour that is right for them. One test per input,
//! named after the target that found it.

use klartext::LexiconBuilder;
use klartext::lexicon::canonical;

/// `lexicon`: `klartext lexicon fmt` wrote `weight = NaN` for a file with
/// `weight = nan`, which TOML does not read back.
#[test]
fn lexicon_canonical_form_of_a_nan_weight_reads_back() {
    let text = "[[entry]]\nid = \"en.hedge.x\"\npatterns = [\"x\"]\nweight = nan\nmessage = \"m\"\nsuggestion = \"s\"\nhit = [\"h\"]\nmiss = [\"m\"]\n";
    let canon = canonical("fuzz.toml", text).unwrap();
    assert!(canon.contains("\nweight = nan\n"), "{canon}");
    assert_eq!(canonical("fuzz.toml", &canon).unwrap(), canon);
    // Reading back is all the canonical form owes; the lexicon is still
    // invalid, and says where.
    let e = LexiconBuilder::new()
        .without_builtin()
        .add_source("fuzz.toml", canon)
        .build()
        .unwrap_err();
    assert_eq!(e.line, Some(6));
    assert!(e.message.contains("between 0.5 and 5.0"), "{e}");
}

/// `lexicon`: a lexicon with an entry copied further down. Not a library
/// bug: the target wrongly expected every error's `file` to be the bare file
/// name, while a duplicate id names the later entry's `file:line` (and the
/// earlier one's in the message). This holds the behaviour the target now
/// accepts, on the exact input (a built-in file, mutated).
#[test]
fn lexicon_duplicate_id_names_both_entries() {
    let text = std::fs::read_to_string(
        crate::util::root().join("tests/fuzz_inputs/lexicon-duplicate-id.toml"),
    )
    .unwrap();
    let e = LexiconBuilder::new()
        .without_builtin()
        .add_source("fuzz.toml", text.as_str())
        .build()
        .unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("fuzz.toml:349", None));
    assert_eq!(
        e.message,
        "duplicate id `de.jargon.human-resources` (also at fuzz.toml:119)"
    );
    assert_eq!(e.to_string(), format!("fuzz.toml:349: {}", e.message));
    let canon = canonical("fuzz.toml", &text).unwrap();
    assert_eq!(canonical("fuzz.toml", &canon).unwrap(), canon);
}
