//! Language detection: German or English, from function words.
//!
//! Corporate text is long enough that counting the commonest function words
//! of each language decides reliably; no model file is needed. Words that are
//! common to both languages ("in", "so") are left out of both lists.

use std::sync::OnceLock;

use crate::document::Lang;
use crate::segment::Segmented;
use crate::wordtable::WordTable;

/// German function words.
const GERMAN: &[&str] = &[
    "aber", "als", "auch", "auf", "aus", "bei", "das", "dass", "dem", "den", "der", "des", "die",
    "du", "ein", "eine", "einem", "einen", "einer", "es", "für", "haben", "hat", "ich", "ihr",
    "im", "ist", "mit", "nach", "nicht", "noch", "oder", "sich", "sie", "sind", "uns", "und",
    "unser", "unsere", "von", "war", "weil", "werden", "wie", "wir", "wird", "wurde", "wurden",
    "zu", "zum", "zur", "über",
];

/// English function words.
const ENGLISH: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have",
    "he", "i", "is", "it", "its", "not", "of", "on", "or", "our", "she", "that", "the", "their",
    "they", "this", "to", "was", "we", "were", "will", "with", "would", "you",
];

/// Slots of the table of function words.
const SLOTS: usize = 1024;

/// The function words of both lists, with their language.
pub(crate) type FunctionWords = WordTable<Lang, SLOTS>;

/// Both lists as one table, built once. This runs on every one of the first
/// words of every document.
pub(crate) fn table() -> &'static FunctionWords {
    static TABLE: OnceLock<FunctionWords> = OnceLock::new();
    TABLE.get_or_init(|| {
        let words = GERMAN
            .iter()
            .map(|&w| (w, Lang::De))
            .chain(ENGLISH.iter().map(|&w| (w, Lang::En)));
        WordTable::new(words, Lang::En)
    })
}

/// The language whose function word `word` (folded) is, if it is one.
fn function_word(word: impl AsRef<[u8]>) -> Option<Lang> {
    table().get(word.as_ref())
}

/// How many words are read at most: the start of a long document decides.
pub(crate) const SAMPLE: usize = 2000;

/// Whether `word` (folded) is one of the function words of either language:
/// the commonest words of a text, poor anchors for the matcher's prefilter.
pub(crate) fn is_function_word(word: &str) -> bool {
    function_word(word).is_some()
}

/// Whether a folded word has ä, ö or ü (all three are 0xC3 then one byte
/// in UTF-8: a byte scan, not a char search).
fn has_umlaut(word: &[u8]) -> bool {
    word.windows(2)
        .any(|w| w[0] == 0xC3 && matches!(w[1], 0xA4 | 0xB6 | 0xBC))
}

/// What one folded word adds to the (German, English) evidence: one for a
/// function word of that language (`found`, from [`table`]), one German for
/// a word with an umlaut. `ascii`: the word is plain ASCII (it has no
/// umlaut). The segmenter asks for each of the first [`SAMPLE`] words while
/// it folds them ([`Segmented::evidence`]).
#[inline]
pub(crate) fn word_evidence(found: Option<Lang>, word: &[u8], ascii: bool) -> (usize, usize) {
    match found {
        Some(Lang::De) => (1, 0),
        Some(Lang::En) => (0, 1),
        None => (usize::from(!ascii && has_umlaut(word)), 0),
    }
}

/// The counts of German and English function words (and German umlaut
/// words) among the first words, as the segmenter counted them.
pub fn evidence(seg: &Segmented) -> (usize, usize) {
    seg.evidence
}

/// The language of a segmented text: German when German function words (or
/// umlauts) outnumber English ones, English otherwise (also for empty text).
pub fn detect(seg: &Segmented) -> Lang {
    let (de, en) = evidence(seg);
    if de > en { Lang::De } else { Lang::En }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wordtable::key;

    fn lang(text: &str) -> Lang {
        detect(&Segmented::new(text, &[]))
    }

    #[test]
    fn function_words_are_found_in_both_lists() {
        assert_eq!(function_word("über"), Some(Lang::De));
        assert_eq!(function_word("wurden"), Some(Lang::De));
        assert_eq!(function_word("would"), Some(Lang::En));
        assert_eq!(function_word("a"), Some(Lang::En));
        assert_eq!(function_word("synergien"), None);
        assert_eq!(function_word("wi"), None);
        let mut keys: Vec<u128> = GERMAN
            .iter()
            .chain(ENGLISH)
            .filter_map(|w| key(w.as_bytes()))
            .collect();
        let all = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all, "a word is in both lists, or twice in one");
        assert_eq!(all, GERMAN.len() + ENGLISH.len(), "every word fits a key");
        assert!(all * 4 <= SLOTS, "the table is sparse");
    }

    #[test]
    fn detects_short_sentences() {
        assert_eq!(lang("Es wurden Fehler gemacht."), Lang::De);
        assert_eq!(lang("Wir haben uns einvernehmlich getrennt."), Lang::De);
        assert_eq!(lang("We have parted ways with our CFO."), Lang::En);
        assert_eq!(lang("Mistakes were made."), Lang::En);
        assert_eq!(
            lang("Unsere Headcount-Planung sieht 40 FTE weniger vor."),
            Lang::De
        );
        assert_eq!(lang(""), Lang::En);
    }

    #[test]
    fn english_buzzwords_in_german_text_stay_german() {
        assert_eq!(
            lang("Wir müssen das Mindset shiften und die Learnings teilen."),
            Lang::De
        );
    }
}
