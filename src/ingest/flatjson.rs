//! A JSON Lines record of plain fields, read without `serde_json`.
//!
//! Most corpus records are one flat object of strings (`{"id": "…",
//! "text": "…"}`). Building a `serde_json::Value` for them scanned the text
//! byte by byte for its quotes and escapes (about five instructions a byte,
//! a tenth of a JSON Lines run). Here a string's quotes and backslashes are
//! found by `memchr` and the pieces between them copied whole. Anything
//! else (a nested value, a number with a fraction, anything not valid
//! JSON) gives `None`, and the record is parsed by `serde_json` as before,
//! which also words the error: both readers give the same fields for every
//! record this one reads (a property test checks it).

/// The fields of a JSON object, in the order written, each with its text
/// as a record field: a string as it is, `null` as none, `true`, `false`
/// and integers as written (as `serde_json` writes them back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FlatObject(pub(super) Vec<(String, Option<String>)>);

impl FlatObject {
    /// The value of field `name`: the last one written, as a
    /// `serde_json::Map` keeps it.
    pub(super) fn get(&self, name: &str) -> Option<&Option<String>> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// [`FlatObject::get`], handed over rather than copied; like a map, it
    /// leaves no other value of `name` behind.
    pub(super) fn take(&mut self, name: &str) -> Option<Option<String>> {
        let at = self.0.iter().rposition(|(k, _)| k == name)?;
        let (_, value) = self.0.swap_remove(at);
        self.0.retain(|(k, _)| k != name);
        Some(value)
    }
}

/// Reads `line` as a flat object (see the module), or `None`.
pub(super) fn flat_object(line: &str) -> Option<FlatObject> {
    let mut r = Reader { line, at: 0 };
    r.expect(b'{')?;
    let mut fields = Vec::new();
    if r.peek() != Some(b'}') {
        loop {
            let key = r.string()?;
            r.expect(b':')?;
            let value = match r.peek()? {
                b'"' => Some(r.string()?),
                b'-' | b'0'..=b'9' => Some(r.integer()?),
                _ => r.word()?,
            };
            fields.push((key, value));
            if r.peek()? != b',' {
                break;
            }
            r.at += 1;
        }
    }
    r.expect(b'}')?;
    r.skip_space();
    (r.at == line.len()).then_some(FlatObject(fields))
}

struct Reader<'l> {
    line: &'l str,
    at: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        let rest = &self.line.as_bytes()[self.at..];
        self.at += rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .count();
    }

    /// The next byte after white space.
    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.line.as_bytes().get(self.at).copied()
    }

    /// Passes `b` after white space.
    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.at += 1)
    }

    /// A string, after white space.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let bytes = self.line.as_bytes();
        let start = self.at;
        // The closing quote: the first after an even run of backslashes.
        // Quotes in text are rare, line breaks (`\n`) are not: this finds
        // the end in a call or two, and sizes the string.
        let mut end = start;
        loop {
            end += memchr::memchr(b'"', &bytes[end..])?;
            let backslashes = bytes[start..end]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count();
            if backslashes % 2 == 0 {
                break;
            }
            end += 1;
        }
        let raw = &self.line[start..end];
        // Control characters must be escaped (a fold, not a search, so
        // that it is compiled to whole vectors).
        if raw.bytes().fold(false, |c, b| c | (b < 0x20)) {
            return None;
        }
        self.at = end + 1;
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(k) = memchr::memchr(b'\\', rest.as_bytes()) {
            out.push_str(&rest[..k]);
            let (c, len) = unescape(&rest[k + 1..])?;
            out.push(c);
            rest = &rest[k + 1 + len..];
        }
        out.push_str(rest);
        Some(out)
    }

    /// An integer as JSON writes it (no fraction, no exponent, within 64
    /// bits), as its text.
    fn integer(&mut self) -> Option<String> {
        let bytes = self.line.as_bytes();
        let start = self.at;
        let minus = usize::from(bytes[start] == b'-');
        let digits = bytes[start + minus..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = start + minus + digits;
        let text = &self.line[start..end];
        // No leading zero; nothing that makes it a fraction.
        let leading_zero = digits > 1 && bytes[start + minus] == b'0';
        let fraction = matches!(bytes.get(end), Some(b'.' | b'e' | b'E'));
        // `-0`, which serde_json reads as a float.
        if digits == 0 || leading_zero || fraction || text == "-0" {
            return None;
        }
        if minus == 1 {
            text.parse::<i64>().ok()?;
        } else {
            text.parse::<u64>().ok()?;
        }
        self.at = end;
        Some(text.to_string())
    }

    /// `null` (none), `true` or `false`.
    fn word(&mut self) -> Option<Option<String>> {
        let rest = &self.line[self.at..];
        let (value, len) = if rest.starts_with("null") {
            (None, 4)
        } else if rest.starts_with("true") {
            (Some("true".to_string()), 4)
        } else if rest.starts_with("false") {
            (Some("false".to_string()), 5)
        } else {
            return None;
        };
        self.at += len;
        Some(value)
    }
}

/// The character of the escape that `after` (what follows a backslash)
/// starts, and the bytes the escape takes there.
fn unescape(after: &str) -> Option<(char, usize)> {
    let c = match *after.as_bytes().first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(after.get(1..5)?)?;
            return match unit {
                // A pair of surrogates, or nothing valid.
                0xD800..0xDC00 => {
                    let low = after
                        .get(5..7)
                        .filter(|&u| u == "\\u")
                        .and_then(|_| hex4(after.get(7..11)?))
                        .filter(|low| (0xDC00..0xE000).contains(low))?;
                    let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    Some((char::from_u32(code)?, 11))
                }
                _ => Some((char::from_u32(unit)?, 5)),
            };
        }
        _ => return None,
    };
    Some((c, 1))
}

/// Four hex digits as a number.
fn hex4(digits: &str) -> Option<u32> {
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fields as the `serde_json` reader gives them, or `None` where it
    /// fails or the line is not an object.
    fn by_serde(line: &str) -> Option<Vec<(String, Option<String>)>> {
        let serde_json::Value::Object(map) = serde_json::from_str(line).ok()? else {
            return None;
        };
        Some(
            map.into_iter()
                .map(|(k, v)| (k, super::super::corpus::json_string(v)))
                .collect(),
        )
    }

    /// [`flat_object`]'s fields as `serde_json` keeps them: by key, the last
    /// of each.
    fn flat(line: &str) -> Option<Vec<(String, Option<String>)>> {
        let object = flat_object(line)?;
        let mut keys: Vec<&String> = object.0.iter().map(|(k, _)| k).collect();
        keys.sort();
        keys.dedup();
        Some(
            keys.into_iter()
                .map(|k| (k.clone(), object.get(k).cloned().flatten()))
                .collect(),
        )
    }

    #[test]
    fn reads_strings_escapes_and_plain_values() {
        let line = r#" {"id": 17, "text":"Zeile\neins \"x\" \u00e4\ud83d\ude00\/", "n": null, "ok": true, "text": "zwei", "neg": -3} "#;
        let object = flat_object(line).expect("a flat object");
        assert_eq!(object.get("id"), Some(&Some("17".to_string())));
        assert_eq!(
            object.get("text"),
            Some(&Some("zwei".to_string())),
            "the last one"
        );
        assert_eq!(object.0[1].1.as_deref(), Some("Zeile\neins \"x\" ä😀/"));
        assert_eq!(object.get("n"), Some(&None));
        assert_eq!(object.get("missing"), None);
        let mut taken = object.clone();
        assert_eq!(taken.take("text"), Some(Some("zwei".to_string())));
        assert_eq!(taken.get("text"), None, "neither of the two is left");
        assert_eq!(taken.get("id"), Some(&Some("17".to_string())));
        assert_eq!(flat(line), by_serde(line));
        assert_eq!(flat_object("{}"), Some(FlatObject(Vec::new())));
    }

    #[test]
    fn leaves_other_records_to_serde() {
        for line in [
            r#"{"a": {"b": 1}}"#,
            r#"{"a": [1]}"#,
            r#"{"a": 1.5}"#,
            r#"{"a": 1e3}"#,
            r#"{"a": 01}"#,
            r#"{"a": 99999999999999999999}"#,
            r#"{"a": "tab	inside"}"#,
            r#"{"a": "\x"}"#,
            r#"{"a": "\ud800"}"#,
            r#"{"a": "\udc00"}"#,
            r#"{"a": "b",}"#,
            r#"{"a": "b"} x"#,
            r#"{"a" "b"}"#,
            r#"["a"]"#,
            r#"{"a": nul}"#,
            r#"{"a": "b""#,
        ] {
            assert_eq!(flat_object(line), None, "{line}");
        }
    }

    /// Pieces of JSON, valid and not, to build lines from.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zäß ]{0,6}".prop_map(|s| format!("\"{s}\"")),
            Just(r#""a\"b\\c\/\n\t\u00fc\ud83d\ude00""#.to_string()),
            Just(r#""x\\""#.to_string()),
            Just(r#""\\\"\\""#.to_string()),
            Just(r#""\u00""#.to_string()),
            Just("\"\u{1}\"".to_string()),
            Just("\"\\q\"".to_string()),
            "-?[0-9]{1,21}(\\.[0-9])?",
            Just("null".to_string()),
            Just("true".to_string()),
            Just("false".to_string()),
            Just("{\"x\": [1, \"y\"]}".to_string()),
            Just(" ".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn reads_what_serde_reads(
            fields in proptest::collection::vec(("[a-c]{1,2}", piece()), 0..5),
            broken in 0usize..12,
        ) {
            let mut line = format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(k, v)| format!("\"{k}\": {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            // Now and then a line cut short or with a byte too many.
            match broken {
                0 => { line.pop(); }
                1 => line.push(','),
                2 => line.insert(0, '['),
                _ => {}
            }
            if let Some(fields) = flat(&line) {
                prop_assert_eq!(Some(fields), by_serde(&line), "{}", line);
            }
            // Every line of strings only is read here, not left to serde.
            let plain = fields.iter().all(|(_, v)| v.starts_with('"') && !v.contains('\\') && !v.contains('\u{1}'));
            if plain && broken > 2 {
                prop_assert!(flat_object(&line).is_some(), "{}", line);
            }
        }
    }
}
