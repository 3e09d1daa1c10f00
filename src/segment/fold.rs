//! Case folding for matching.
//!
//! aho-corasick folds ASCII case only, and German needs more: `Ä` must meet
//! `ä`, `ß` must meet `ss`, and a decomposed `a` + U+0308 must meet `ä`. Text
//! and patterns go through the same function, so a pattern written in any case
//! or spelling finds every spelling in the text. Offsets are never taken from
//! folded text: tokens keep their spans into the original.

/// Appends the folded form of `c` to `out`.
///
/// Soft hyphens vanish, typographic apostrophes become `'`, `ß`/`ẞ` become
/// `ss`, combining diaeresis after a/o/u composes to the umlaut, everything
/// else is lowercased with Unicode rules.
pub fn push_folded(c: char, out: &mut String) {
    match c {
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        '\u{00AD}' => {}
        'ß' | 'ẞ' => out.push_str("ss"),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
        // Latin-1 (umlauts, accents): its capitals are 0x20 below their small
        // letters, and the rest is lowercase already.
        'À'..='Þ' if c != '×' => out.push(char::from(c as u8 + 0x20)),
        'ß'..='ÿ' | '×' => out.push(c),
        '\u{0308}' => match out.pop() {
            Some('a') => out.push('ä'),
            Some('o') => out.push('ö'),
            Some('u') => out.push('ü'),
            Some(other) => {
                out.push(other);
                out.push(c);
            }
            None => out.push(c),
        },
        _ => out.extend(c.to_lowercase()),
    }
}

/// The folded form of `s`.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
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
