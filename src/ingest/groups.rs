//! Authors mapped to groups (departments, teams), so that reports can compare
//! groups rather than single people, who are few documents each and whom a
//! report should not single out.

use std::collections::HashMap;

/// Maps e-mail addresses (authors) to groups such as departments, read from
/// a CSV file of `address,group` lines.
///
/// ```text
/// address,group
/// # Exact addresses win over wildcards, wherever they are in the file.
/// anna.berg@example.com,Vorstand
/// *@sales.example.com,Vertrieb
/// anna.*@example.com,"Marketing, Nord"
/// *,Sonstige
/// ```
///
/// Blank lines and lines starting with `#` are ignored, as is a first line
/// `address,group`. Fields are trimmed; a field in double quotes may contain
/// commas, and `""` inside it stands for one quote. `*` in an address stands
/// for any run of characters. Addresses compare case-insensitively.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// Lowercased exact addresses: a hash lookup keeps address lists of
    /// thousands of people fast, which a scan of all rules would not.
    exact: HashMap<String, String>,
    /// Wildcard rules in file order, because the first match wins.
    wildcards: Vec<Wildcard>,
    /// All rules, duplicates included, as the user counts lines.
    rules: usize,
}

#[derive(Debug, Clone)]
struct Wildcard {
    /// The lowercased address split at `*`: matching is then a prefix, a
    /// suffix and substrings in order, linear in the address.
    parts: Vec<String>,
    group: String,
}

impl Wildcard {
    fn matches(&self, address: &str) -> bool {
        let (first, last) = match self.parts.as_slice() {
            [first, .., last] => (first.as_str(), last.as_str()),
            // A wildcard has at least one `*`, so at least two parts.
            _ => return false,
        };
        if address.len() < first.len() + last.len()
            || !address.starts_with(first)
            || !address.ends_with(last)
        {
            return false;
        }
        // Prefix and suffix matched whole characters and do not overlap, so
        // these are character boundaries.
        let Some(mut middle) = address.get(first.len()..address.len() - last.len()) else {
            return false;
        };
        // Taking the leftmost occurrence of each part leaves the most room
        // for the parts after it, so it never misses a match.
        for part in &self.parts[1..self.parts.len() - 1] {
            match middle.find(part.as_str()) {
                Some(at) => middle = &middle[at + part.len()..],
                None => return false,
            }
        }
        true
    }
}

impl Groups {
    /// Parses the file's text; `name` is used in error messages, which look
    /// like `groups.csv:7: expected address,group`.
    ///
    /// When an exact address appears twice, its first group counts, as with
    /// wildcards.
    ///
    /// # Errors
    ///
    /// The first bad line, as `name:line: message`: a line without a comma
    /// or with a third field (an unquoted group containing a comma), an empty
    /// address or group, an unterminated quote or text after a closing
    /// quote.
    pub fn parse(name: &str, text: &str) -> Result<Groups, String> {
        // Spreadsheet programs on Windows write a byte order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut groups = Groups::default();
        let mut first = true;
        for (index, line) in text.lines().enumerate() {
            let error = |message: &str| format!("{name}:{}: {message}", index + 1);
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (address, group) = split_line(line).map_err(error)?;
            let header = first
                && address.eq_ignore_ascii_case("address")
                && group.eq_ignore_ascii_case("group");
            first = false;
            if header {
                continue;
            }
            if address.is_empty() {
                return Err(error("empty address"));
            }
            if group.is_empty() {
                return Err(error("empty group"));
            }
            groups.insert(&address, group);
        }
        Ok(groups)
    }

    fn insert(&mut self, address: &str, group: String) {
        let address = address.to_lowercase();
        if address.contains('*') {
            self.wildcards.push(Wildcard {
                parts: address.split('*').map(str::to_owned).collect(),
                group,
            });
        } else {
            self.exact.entry(address).or_insert(group);
        }
        self.rules += 1;
    }

    /// The group of an address: an exact match (case-insensitive) first,
    /// then the first wildcard rule in file order that matches.
    ///
    /// `address` may be a bare address or a display form such as
    /// `Anna Berg <anna@example.com>`, whose part in angle brackets is used.
    pub fn group_of(&self, address: &str) -> Option<&str> {
        let address = bare_address(address)?.to_lowercase();
        if let Some(group) = self.exact.get(&address) {
            return Some(group);
        }
        self.wildcards
            .iter()
            .find(|rule| rule.matches(&address))
            .map(|rule| rule.group.as_str())
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules == 0
    }
}

/// The address proper of `Anna Berg <anna@example.com>` or of the older
/// `anna@example.com (Anna Berg)`; None when nothing is left.
fn bare_address(s: &str) -> Option<&str> {
    let s = s.trim();
    // The last `<`: a display name may itself contain one in quotes.
    let address = match s.rfind('<') {
        Some(open) => {
            let inner = &s[open + 1..];
            inner.find('>').map_or(inner, |close| &inner[..close])
        }
        None => s.find('(').map_or(s, |open| &s[..open]),
    };
    Some(address.trim()).filter(|a| !a.is_empty())
}

/// The two fields of a rule line, trimmed and unquoted.
fn split_line(line: &str) -> Result<(String, String), &'static str> {
    let mut fields = Vec::with_capacity(2);
    let mut rest = line;
    loop {
        let (field, after) = field(rest)?;
        fields.push(field);
        match after.strip_prefix(',') {
            Some(next) => rest = next,
            None => break,
        }
    }
    match <[String; 2]>::try_from(fields) {
        Ok([address, group]) => Ok((address, group)),
        Err(fields) if fields.len() < 2 => Err("expected address,group"),
        Err(_) => Err("expected address,group (quote a group that contains a comma)"),
    }
}

/// One field and the text after it, which is empty or starts with `,`.
fn field(text: &str) -> Result<(String, &str), &'static str> {
    let text = text.trim_start();
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find(',').unwrap_or(text.len());
        return Ok((text[..end].trim().to_owned(), &text[end..]));
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((at, c)) = chars.next() {
        if c != '"' {
            value.push(c);
        } else if quoted[at + 1..].starts_with('"') {
            value.push('"');
            chars.next();
        } else {
            let after = quoted[at + 1..].trim_start();
            if !(after.is_empty() || after.starts_with(',')) {
                return Err("unexpected text after closing quote");
            }
            // Trimmed like unquoted fields: ` Sales` and `Sales` in one
            // report would look like the same group twice.
            return Ok((value.trim().to_owned(), after));
        }
    }
    Err("unterminated quote")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Groups {
        Groups::parse("groups.csv", text).unwrap()
    }

    fn error(text: &str) -> String {
        Groups::parse("groups.csv", text).unwrap_err()
    }

    #[test]
    fn exact_addresses() {
        let groups = parse("anna@example.com,Sales\nbob@example.com,Legal\n");
        assert_eq!(groups.group_of("anna@example.com"), Some("Sales"));
        assert_eq!(groups.group_of("bob@example.com"), Some("Legal"));
        assert_eq!(groups.group_of("carl@example.com"), None);
        assert_eq!(groups.len(), 2);
        assert!(!groups.is_empty());
    }

    #[test]
    fn case_insensitive_both_ways() {
        let groups = parse("Anna@Example.COM,Sales\n*@LEGAL.example.com,Legal");
        assert_eq!(groups.group_of("ANNA@example.com"), Some("Sales"));
        assert_eq!(groups.group_of("bob@legal.EXAMPLE.com"), Some("Legal"));
        // Non-ASCII letters fold too.
        let groups = parse("JÖRG@example.com,Einkauf");
        assert_eq!(groups.group_of("jörg@example.com"), Some("Einkauf"));
    }

    #[test]
    fn group_keeps_its_case() {
        let groups = parse("anna@example.com,Vertrieb Nord");
        assert_eq!(groups.group_of("anna@example.com"), Some("Vertrieb Nord"));
    }

    #[test]
    fn blank_lines_comments_and_crlf() {
        let groups =
            parse("\n# departments\r\n  # indented comment\r\n\r\nanna@example.com,Sales\r\n   \n");
        assert_eq!(groups.len(), 1);
        assert_eq!(groups.group_of("anna@example.com"), Some("Sales"));
    }

    #[test]
    fn header_is_skipped() {
        let groups = parse("Address, Group\nanna@example.com,Sales");
        assert_eq!(groups.len(), 1);
        let groups = parse("# exported\nADDRESS,GROUP\nanna@example.com,Sales");
        assert_eq!(groups.len(), 1);
        let groups = parse("\u{feff}address,group\nanna@example.com,Sales");
        assert_eq!(groups.len(), 1);
    }

    #[test]
    fn header_only_on_the_first_line() {
        let groups = parse("anna@example.com,Sales\naddress,group");
        assert_eq!(groups.len(), 2);
        assert_eq!(groups.group_of("address"), Some("group"));
    }

    #[test]
    fn fields_are_trimmed() {
        let groups = parse("  anna@example.com  ,   Sales  \t");
        assert_eq!(groups.group_of("anna@example.com"), Some("Sales"));
    }

    #[test]
    fn quoted_group() {
        let groups = parse(
            "anna@example.com, \"Sales, North\" \nbob@example.com,\"The \"\"A\"\" Team\"\n\"carl@example.com\",Legal",
        );
        assert_eq!(groups.group_of("anna@example.com"), Some("Sales, North"));
        assert_eq!(groups.group_of("bob@example.com"), Some("The \"A\" Team"));
        assert_eq!(groups.group_of("carl@example.com"), Some("Legal"));
    }

    #[test]
    fn wildcard_domain() {
        let groups = parse("*@sales.example.com,Sales");
        assert_eq!(groups.group_of("anna@sales.example.com"), Some("Sales"));
        assert_eq!(groups.group_of("anna@example.com"), None);
        assert_eq!(groups.group_of("anna@sales.example.com.evil"), None);
    }

    #[test]
    fn wildcard_local_part() {
        let groups = parse("anna.*@example.com,Family Anna");
        assert_eq!(
            groups.group_of("anna.berg@example.com"),
            Some("Family Anna")
        );
        assert_eq!(groups.group_of("anna.@example.com"), Some("Family Anna"));
        assert_eq!(groups.group_of("annab@example.com"), None);
        assert_eq!(groups.group_of("anna.berg@example.org"), None);
    }

    #[test]
    fn wildcard_catch_all() {
        let groups = parse("*,Everyone");
        assert_eq!(groups.group_of("anyone@anywhere.example"), Some("Everyone"));
        assert_eq!(groups.group_of("x"), Some("Everyone"));
    }

    #[test]
    fn wildcard_several_stars() {
        let groups = parse("a*b*c,G\n**x**,X");
        assert_eq!(groups.group_of("abc"), Some("G"));
        assert_eq!(groups.group_of("a-b-b-c"), Some("G"));
        assert_eq!(groups.group_of("acb"), None);
        assert_eq!(groups.group_of("abcx"), Some("X"));
        // The prefix and suffix must not share characters.
        let groups = parse("ab*ba,G");
        assert_eq!(groups.group_of("aba"), None);
        assert_eq!(groups.group_of("abba"), Some("G"));
    }

    #[test]
    fn exact_beats_earlier_wildcard() {
        let groups = parse("*@example.com,All\nanna@example.com,Sales");
        assert_eq!(groups.group_of("anna@example.com"), Some("Sales"));
        assert_eq!(groups.group_of("bob@example.com"), Some("All"));
    }

    #[test]
    fn first_wildcard_in_file_order_wins() {
        let groups = parse("anna.*@example.com,Anna\n*@example.com,All\n*,Rest");
        assert_eq!(groups.group_of("anna.berg@example.com"), Some("Anna"));
        assert_eq!(groups.group_of("bob@example.com"), Some("All"));
        assert_eq!(groups.group_of("bob@example.org"), Some("Rest"));
        let groups = parse("*@example.com,All\nanna.*@example.com,Anna");
        assert_eq!(groups.group_of("anna.berg@example.com"), Some("All"));
    }

    #[test]
    fn duplicate_exact_address_first_wins() {
        let groups = parse("anna@example.com,Sales\nANNA@example.com,Legal");
        assert_eq!(groups.group_of("anna@example.com"), Some("Sales"));
        assert_eq!(groups.len(), 2);
    }

    #[test]
    fn display_forms() {
        let groups = parse("anna@example.com,Sales\n*@legal.example.com,Legal");
        assert_eq!(
            groups.group_of("Anna Berg <anna@example.com>"),
            Some("Sales")
        );
        assert_eq!(
            groups.group_of("\"Berg, Anna\" <ANNA@example.com>"),
            Some("Sales")
        );
        assert_eq!(
            groups.group_of("\"a <b>\" <anna@example.com>"),
            Some("Sales")
        );
        assert_eq!(groups.group_of("<anna@example.com>"), Some("Sales"));
        assert_eq!(groups.group_of("  anna@example.com  "), Some("Sales"));
        assert_eq!(
            groups.group_of("anna@example.com (Anna Berg)"),
            Some("Sales")
        );
        assert_eq!(
            groups.group_of("Bob <bob@legal.example.com>"),
            Some("Legal")
        );
        assert_eq!(
            groups.group_of("Anna Berg <anna@example.com"),
            Some("Sales")
        );
    }

    #[test]
    fn empty_addresses_match_nothing() {
        let groups = parse("*,Everyone");
        assert_eq!(groups.group_of(""), None);
        assert_eq!(groups.group_of("   "), None);
        assert_eq!(groups.group_of("Nobody <>"), None);
    }

    #[test]
    fn empty_file() {
        for text in ["", "\n\n", "# nothing\n", "address,group\n"] {
            let groups = parse(text);
            assert!(groups.is_empty());
            assert_eq!(groups.len(), 0);
            assert_eq!(groups.group_of("anna@example.com"), None);
        }
        assert!(Groups::default().is_empty());
    }

    #[test]
    fn error_without_comma() {
        assert_eq!(
            error("anna@example.com,Sales\n\n# x\n\n\n\nbob@example.com Legal"),
            "groups.csv:7: expected address,group"
        );
    }

    #[test]
    fn error_empty_fields() {
        assert_eq!(error(",Sales"), "groups.csv:1: empty address");
        assert_eq!(error("  \"\" ,Sales"), "groups.csv:1: empty address");
        assert_eq!(error("x\n\na@b,"), "groups.csv:1: expected address,group");
        assert_eq!(error("a@b,\n"), "groups.csv:1: empty group");
        assert_eq!(error("a@b,\"  \""), "groups.csv:1: empty group");
        assert_eq!(error("a@b,G\n,"), "groups.csv:2: empty address");
    }

    #[test]
    fn error_third_field() {
        assert_eq!(
            error("a@b,Sales,North"),
            "groups.csv:1: expected address,group (quote a group that contains a comma)"
        );
    }

    #[test]
    fn error_quotes() {
        assert_eq!(error("a@b,\"Sales"), "groups.csv:1: unterminated quote");
        assert_eq!(
            error("a@b,\"Sales\" North"),
            "groups.csv:1: unexpected text after closing quote"
        );
    }

    #[test]
    fn error_uses_the_name() {
        let err = Groups::parse("/etc/klartext/teams.csv", "oops").unwrap_err();
        assert_eq!(err, "/etc/klartext/teams.csv:1: expected address,group");
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let long = "*".repeat(10_000);
        let texts = [
            "\"".to_owned(),
            "\"\"".to_owned(),
            ",".to_owned(),
            ",,,,".to_owned(),
            "\",\"".to_owned(),
            "\"a\"\"".to_owned(),
            "a,\"é".to_owned(),
            "🎉,\"🎉\"\"🎉\"".to_owned(),
            "\u{0},\u{0}".to_owned(),
            "\r\r\n\r".to_owned(),
            format!("{long},G"),
            format!("{},G", "a*".repeat(5_000)),
        ];
        for text in &texts {
            if let Ok(groups) = Groups::parse("g", text) {
                for address in ["", "<", ">", "<>", "><", "(", "a@b", "🎉", "ß@ẞ.de", &long] {
                    let _ = groups.group_of(address);
                }
            }
        }
        let groups = parse(&format!("{},G", "a*".repeat(5_000)));
        assert_eq!(groups.group_of(&"a".repeat(5_000)), Some("G"));
        assert_eq!(groups.group_of(&"a".repeat(4_999)), None);
    }
}
