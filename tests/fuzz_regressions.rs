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

/// `mbox`: with a size limit shorter than the first line, the line was cut
/// before its `From ` could be seen, and the file was called "not an mbox".
/// Every message is too large for the limit; the split must still be found.
#[test]
fn mbox_with_a_limit_shorter_than_the_separator_line() {
    use klartext::ingest::Mbox;
    let text = b"From tom@example.com Sun Dec\xffFrom juergen@example.com Sun Dec  1 08:00:01 )024\nSubject: x\n\nbody\n\nFrom anna@example.com Mon Dec  2 08:00:01 2024\nSubject: y\n\nmore\n";
    for limit in [0, 3, 64] {
        let messages: Vec<_> = Mbox::new(&text[..], limit).collect();
        assert_eq!(messages.len(), 2, "limit {limit}: {messages:?}");
        for m in messages {
            let m = m.expect("a message, not an error");
            assert!(m.bytes.len() as u64 <= limit, "limit {limit}");
        }
    }
}

/// `csv`: a character split by a delimiter (`J"\xc3,\xbc…`) gave a record
/// whose bytes were UTF-8 as a whole, and reading a field panicked on a
/// non-boundary. The record is now malformed (not UTF-8), named by line, and
/// the next record is read.
#[test]
fn csv_field_boundary_inside_a_character() {
    use klartext::ingest::{self, Format, IngestOptions};
    let bytes = b"id,date,author,text\n1,2025-03-03,J\"\xc3,\xbcrgen\n2,2025-03-04,anna,Mistakes were made.\n";
    let opts = IngestOptions::default();
    let loaded: Vec<_> = ingest::container_units("c.csv".into(), &bytes[..], Format::Csv, &opts)
        .map(|u| ingest::load(u, &opts))
        .collect();
    assert_eq!(loaded.len(), 2);
    let skipped = loaded[0].as_ref().unwrap_err();
    assert!(skipped.source.ends_with(":2"), "{}", skipped.source);
    assert!(skipped.error);
    assert_eq!(loaded[1].as_ref().unwrap().text, "Mistakes were made.");
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
