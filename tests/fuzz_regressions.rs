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
