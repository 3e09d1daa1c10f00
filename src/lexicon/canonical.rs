//! The canonical form of a lexicon file, so that files stay tidy and diffs
//! stay small: the leading comment block, then the entries sorted by id,
//! keys in a fixed order, white space in strings normalized, one array item
//! per line. `klartext lexicon fmt` writes it; a test holds the built-in files
//! to it.

use std::fmt::Write;

use super::{LexiconError, RawFile, parse_raw};

/// The canonical text of the lexicon file `text` (named `name` in errors).
pub fn canonical(name: &str, text: &str) -> Result<String, LexiconError> {
    let raw: RawFile = parse_raw(name, text)?;
    let mut out = String::new();
    let header: Vec<&str> = text
        .lines()
        .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect();
    for line in &header {
        out.push_str(line);
        out.push('\n');
    }
    let mut entries: Vec<_> = raw.entry.into_iter().map(|e| e.into_inner()).collect();
    entries.sort_by(|a, b| a.id.get_ref().cmp(b.id.get_ref()));
    for e in entries {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str("[[entry]]\n");
        key(&mut out, "id", e.id.get_ref());
        list(
            &mut out,
            "patterns",
            e.patterns.iter().map(|p| p.get_ref().as_str()),
        );
        let weight = *e.weight.get_ref();
        if weight.is_nan() {
            // `{:?}` writes `NaN`, which is no TOML: the canonical form of a
            // file with `weight = nan` must read back (the fixed-point check of
            // the fuzz/lexicon target).
            out.push_str("weight = nan\n");
        } else {
            let _ = writeln!(out, "weight = {weight:?}");
        }
        key(&mut out, "message", &e.message);
        key(&mut out, "suggestion", &e.suggestion);
        list(&mut out, "hit", e.hit.iter().map(String::as_str));
        list(&mut out, "miss", e.miss.iter().map(String::as_str));
        if let Some(source) = &e.source {
            key(&mut out, "source", source);
        }
    }
    Ok(out)
}

fn key(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "{name} = {}", quote(value));
}

fn list<'a>(out: &mut String, name: &str, items: impl Iterator<Item = &'a str>) {
    let _ = writeln!(out, "{name} = [");
    for item in items {
        let _ = writeln!(out, "  {},", quote(item));
    }
    out.push_str("]\n");
}

/// A TOML basic string of `s` with white space runs collapsed to one space.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => {
                    let _ = write!(out, "\\u{:04X}", c as u32);
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn sorts_entries_orders_keys_and_normalizes_strings() {
        let text = "# Kopf\n\n[[entry]]\nmiss = [\"m\"]\nid = \"en.hedge.b\"\npatterns = [\"b  b\"]\nweight = 1\nhit = [\"h\"]\nmessage = \" Say \\\"why\\\" \"\nsuggestion = \"s\"\n\n[[entry]]\nid = \"en.hedge.a\"\npatterns = ['a']\nweight = 2.5\nmessage = \"m\"\nsuggestion = \"s\"\nhit = [\"h\"]\nmiss = [\"m\"]\nsource = \"x\"\n";
        let out = canonical("t.toml", text).unwrap();
        assert_eq!(
            out,
            "# Kopf\n\n[[entry]]\nid = \"en.hedge.a\"\npatterns = [\n  \"a\",\n]\nweight = 2.5\nmessage = \"m\"\nsuggestion = \"s\"\nhit = [\n  \"h\",\n]\nmiss = [\n  \"m\",\n]\nsource = \"x\"\n\n[[entry]]\nid = \"en.hedge.b\"\npatterns = [\n  \"b b\",\n]\nweight = 1.0\nmessage = \"Say \\\"why\\\"\"\nsuggestion = \"s\"\nhit = [\n  \"h\",\n]\nmiss = [\n  \"m\",\n]\n"
        );
        assert_eq!(
            canonical("t.toml", &out).unwrap(),
            out,
            "canonical form is a fixed point"
        );
    }
}
