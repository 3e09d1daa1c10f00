//! Case folding for matching.
//!
//! aho-corasick folds ASCII case only, and German needs more: `Ä` must meet
//! `ä`, `ß` must meet `ss`, and a decomposed `a` + U+0308 must meet `ä`. Text
//! and patterns go through the same function, so a pattern written in any case
//! or spelling finds every spelling in the text. Offsets are never taken from
//! folded text: tokens keep their spans into the original.

/// Appends the folded form of `c` to `out` (UTF-8 bytes: the segmenter
/// builds its folded text as bytes, see [`Segmented::new`]).
///
/// Soft hyphens vanish, typographic apostrophes become `'`, `ß`/`ẞ` become
/// `ss`, combining diaeresis after a/o/u composes to the umlaut, everything
/// else is lowercased with Unicode rules.
///
/// [`Segmented::new`]: super::Segmented::new
pub fn push_folded(c: char, out: &mut Vec<u8>) {
    match c {
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase() as u8),
        '\u{00AD}' => {}
        'ß' | 'ẞ' => push_str(out, "ss"),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push(b'\''),
        // Latin-1 (umlauts, accents): its capitals are 0x20 below their small
        // letters, and the rest is lowercase already.
        'À'..='Þ' if c != '×' => push_char(out, char::from(c as u8 + 0x20)),
        'ß'..='ÿ' | '×' => push_char(out, c),
        '\u{0308}' => {
            let umlaut = match out.last() {
                Some(b'a') => Some("ä"),
                Some(b'o') => Some("ö"),
                Some(b'u') => Some("ü"),
                _ => None,
            };
            match umlaut {
                Some(u) => {
                    out.pop();
                    push_str(out, u);
                }
                None => push_char(out, c),
            }
        }
        _ => c.to_lowercase().for_each(|c| push_char(out, c)),
    }
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
}

fn push_char(out: &mut Vec<u8>, c: char) {
    push_str(out, c.encode_utf8(&mut [0; 4]));
}

/// The folded form of `s`.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    String::from_utf8(out).expect("folding keeps UTF-8")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn german_case_and_sharp_s() {
        assert_eq!(fold("GRÜẞE"), "grüsse");
        assert_eq!(fold("Grüße"), "grüsse");
        assert_eq!(fold("ÄÖÜ"), "äöü");
    }

    #[test]
    fn latin1_shortcut_agrees_with_unicode_lowercase() {
        for c in '\u{C0}'..='\u{FF}' {
            let mut want = String::new();
            if c == 'ß' {
                want.push_str("ss");
            } else {
                want.extend(c.to_lowercase());
            }
            assert_eq!(fold(&c.to_string()), want, "{c}");
        }
    }

    #[test]
    fn soft_hyphen_apostrophe_and_decomposed_umlaut() {
        assert_eq!(fold("Digi\u{00AD}talisierung"), "digitalisierung");
        assert_eq!(fold("isn\u{2019}t"), "isn't");
        assert_eq!(fold("Gru\u{0308}n"), "grün");
    }
}
