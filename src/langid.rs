//! Language detection: German or English, from function words.
//!
//! Corporate text is long enough that counting the commonest function words
//! of each language decides reliably; no model file is needed. Words that are
//! common to both languages ("in", "so") are left out of both lists.

use crate::document::Lang;
use crate::segment::Segmented;

/// German function words. A `match` on strings compiles into a switch on
/// length and a few comparisons: this runs on every word of every document,
/// and a linear search through a list was the largest cost of a run.
fn is_german(word: &str) -> bool {
    matches!(
        word,
        "aber"
            | "als"
            | "auch"
            | "auf"
            | "aus"
            | "bei"
            | "das"
            | "dass"
            | "dem"
            | "den"
            | "der"
            | "des"
            | "die"
            | "du"
            | "ein"
            | "eine"
            | "einem"
            | "einen"
            | "einer"
            | "es"
            | "für"
            | "haben"
            | "hat"
            | "ich"
            | "ihr"
            | "im"
            | "ist"
            | "mit"
            | "nach"
            | "nicht"
            | "noch"
            | "oder"
            | "sich"
            | "sie"
            | "sind"
            | "uns"
            | "und"
            | "unser"
            | "unsere"
            | "von"
            | "war"
            | "weil"
            | "werden"
            | "wie"
            | "wir"
            | "wird"
            | "wurde"
            | "wurden"
            | "zu"
            | "zum"
            | "zur"
            | "über"
    )
}

/// English function words.
fn is_english(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "but"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "he"
            | "i"
            | "is"
            | "it"
            | "its"
            | "not"
            | "of"
            | "on"
            | "or"
            | "our"
            | "she"
            | "that"
            | "the"
            | "their"
            | "they"
            | "this"
            | "to"
            | "was"
            | "we"
            | "were"
            | "will"
            | "with"
            | "would"
            | "you"
    )
}

/// How many words are read at most: the start of a long document decides.
const SAMPLE: usize = 2000;

/// The counts of German and English function words in the first words.
pub fn evidence(seg: &Segmented) -> (usize, usize) {
    let (mut de, mut en) = (0, 0);
    for i in 0..seg.tokens.len().min(SAMPLE) {
        let word = seg.norm_of(i);
        de += usize::from(is_german(word) || word.contains(['ä', 'ö', 'ü']));
        en += usize::from(is_english(word));
    }
    (de, en)
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

    fn lang(text: &str) -> Lang {
        detect(&Segmented::new(text, &[]))
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
