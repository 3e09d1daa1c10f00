//! Dates as found in metadata (mail headers, document properties, corpus
//! columns) come in many spellings; reports group documents by date, so they
//! are normalized to ISO 8601 first.
//!
//! The parser is strict on purpose: an input it does not fully understand
//! yields `None` rather than a plausible but wrong date. The one
//! interpretation it applies is the RFC 2822 rule for two-digit years, which
//! mail software has always applied, and which German `03.03.25` follows too.
//! A weekday name is required to be a weekday name but is not checked against
//! the date: mail clients get it wrong often enough, and the date itself is
//! explicit.

use std::fmt::Write as _;

/// Normalizes a date as found in metadata to ISO 8601: `YYYY-MM-DD` when
/// only a day is known, `YYYY-MM-DDTHH:MM:SS±HH:MM` (or `Z`) when a time and
/// offset are known, `YYYY-MM-DDTHH:MM:SS` for a local time without offset.
/// Returns None for anything it does not understand (never guesses).
///
/// Understood: ISO 8601 (`2025-03-03`, `2025-03-03T09:14:00+01:00`,
/// `2025-03-03 09:14`, also `2025/03/03`), RFC 2822 (`Tue, 3 Mar 2025
/// 09:14:00 +0100 (CET)`, including obsolete zone names such as `PDT`),
/// German (`03.03.2025`, `03.03.25 09:14`, `Montag, 3. März 2025`) and
/// English (`March 3, 2025`, `3 March 2025`). Numeric day-month orders other
/// than the German dotted one are rejected because `3/4/2025` means different
/// days on either side of the Atlantic.
///
/// A zero offset is written as `Z` whatever its spelling (`+0000`, `GMT`,
/// `UTC`), so that equal instants normalize equally; fractional seconds are
/// dropped because the output has whole seconds.
///
/// ```text
/// Mon, 14 May 2001 16:39:00 -0700 (PDT)  →  2001-05-14T16:39:00-07:00
/// 3. März 2025                           →  2025-03-03
/// 3/3/2025                               →  None
/// ```
pub fn normalize(s: &str) -> Option<String> {
    let s = strip_comments(s)?;
    let s = s.trim();
    iso(s)
        .or_else(|| german_numeric(s))
        .or_else(|| textual(s))?
        .render()
}

/// A date, and a time when one was given, before range validation.
#[derive(Debug, Clone, Copy)]
struct Stamp {
    year: u32,
    month: u32,
    day: u32,
    time: Option<Time>,
}

#[derive(Debug, Clone, Copy)]
struct Time {
    hour: u32,
    minute: u32,
    second: u32,
    /// Minutes east of UTC; None for a local time.
    offset: Option<i32>,
}

impl Stamp {
    /// Validates once here so that every parser gets the same ranges.
    fn render(&self) -> Option<String> {
        // Year 0 only ever appears as a placeholder (`0000-00-00`).
        if !(1..=9999).contains(&self.year)
            || !(1..=12).contains(&self.month)
            || self.day == 0
            || self.day > days_in_month(self.year, self.month)
        {
            return None;
        }
        let mut out = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        if let Some(t) = self.time {
            // 60 is a leap second, which RFC 2822 and ISO 8601 allow.
            if t.hour > 23 || t.minute > 59 || t.second > 60 {
                return None;
            }
            let _ = write!(out, "T{:02}:{:02}:{:02}", t.hour, t.minute, t.second);
            match t.offset {
                None => {}
                Some(0) => out.push('Z'),
                Some(minutes) => {
                    let sign = if minutes < 0 { '-' } else { '+' };
                    let abs = minutes.unsigned_abs();
                    if abs >= 24 * 60 {
                        return None;
                    }
                    let _ = write!(out, "{sign}{:02}:{:02}", abs / 60, abs % 60);
                }
            }
        }
        Some(out)
    }
}

fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Removes RFC 2822 comments such as the `(PDT)` mail software appends to
/// the numeric zone. None for unbalanced parentheses: such a header is
/// damaged and its date is not to be trusted.
fn strip_comments(s: &str) -> Option<String> {
    if !s.contains(['(', ')']) {
        return Some(s.to_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                // Keeps `1(x)Mar` from gluing into `1Mar`.
                if depth == 0 {
                    out.push(' ');
                }
            }
            // A quoted pair inside a comment may escape a parenthesis.
            '\\' if depth > 0 => {
                chars.next();
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    (depth == 0).then_some(out)
}

/// A position in the input; every step either consumes what it recognizes
/// or leaves the position where it was.
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { rest: s }
    }

    fn is_done(&self) -> bool {
        self.rest.is_empty()
    }

    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn skip_ws(&mut self) -> bool {
        let trimmed = self.rest.trim_start();
        let moved = trimmed.len() != self.rest.len();
        self.rest = trimmed;
        moved
    }

    /// The whole run of ASCII digits, so that `20251` is never read as a
    /// year followed by a stray `1`.
    fn digits(&mut self) -> &'a str {
        let n = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        let (digits, rest) = self.rest.split_at(n);
        self.rest = rest;
        digits
    }

    /// A number of `min..=max` digits (`max` at most 4, so it fits).
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let saved = self.rest;
        let digits = self.digits();
        if (min..=max).contains(&digits.len()) {
            digits.parse().ok()
        } else {
            self.rest = saved;
            None
        }
    }

    /// The run of letters (any script, for `März`).
    fn word(&mut self) -> &'a str {
        let n = self
            .rest
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(self.rest.len(), |(i, _)| i);
        let (word, rest) = self.rest.split_at(n);
        self.rest = rest;
        word
    }

    /// Consumes the next word if `accept` likes it.
    fn word_if<T>(&mut self, accept: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        let saved = self.rest;
        let found = accept(&self.word().to_lowercase());
        if found.is_none() {
            self.rest = saved;
        }
        found
    }
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, optionally followed by `T` or spaces and a
/// time with an optional zone.
fn iso(s: &str) -> Option<Stamp> {
    let mut c = Cursor::new(s);
    let year = c.number(4, 4)?;
    let sep = if c.eat('-') {
        '-'
    } else if c.eat('/') {
        '/'
    } else {
        return None;
    };
    let month = c.number(1, 2)?;
    if !c.eat(sep) {
        return None;
    }
    let day = c.number(1, 2)?;
    let mut stamp = Stamp {
        year,
        month,
        day,
        time: None,
    };
    if c.is_done() {
        return Some(stamp);
    }
    if !(c.eat('T') || c.eat('t') || c.skip_ws()) {
        return None;
    }
    let (hour, minute, second) = clock(&mut c)?;
    c.skip_ws();
    let offset = if c.is_done() {
        None
    } else {
        Some(zone(&mut c)?)
    };
    if !c.is_done() {
        return None;
    }
    stamp.time = Some(Time {
        hour,
        minute,
        second,
        offset,
    });
    Some(stamp)
}

/// German `D.M.YYYY` or `D.M.YY`, optionally with a time.
fn german_numeric(s: &str) -> Option<Stamp> {
    let mut c = Cursor::new(s);
    let day = c.number(1, 2)?;
    if !c.eat('.') {
        return None;
    }
    let month = c.number(1, 2)?;
    if !c.eat('.') {
        return None;
    }
    let year = year(&mut c, false)?;
    let time = time_tail(&mut c)?;
    Some(Stamp {
        year,
        month,
        day,
        time,
    })
}

/// Dates with a month name: RFC 2822 (`Tue, 3 Mar 2025 09:14:00 +0100`),
/// German (`Montag, 3. März 2025`) and English (`March 3, 2025`).
fn textual(s: &str) -> Option<Stamp> {
    let mut c = Cursor::new(s);
    if c.word_if(|w| is_weekday(w).then_some(())).is_some() {
        c.eat('.');
        c.skip_ws();
        c.eat(',');
        c.skip_ws();
    }
    // Three-digit years are the Y2K bug of mail software (`100` for 2000),
    // which RFC 2822 repairs; in other forms they are just damage.
    let (day, month, mail) = if let Some(month) = c.word_if(month_number) {
        // English: month first.
        c.eat('.');
        c.skip_ws();
        let day = c.number(1, 2)?;
        ordinal(&mut c);
        (day, month, false)
    } else {
        // RFC 2822, German and British: day first.
        let day = c.number(1, 2)?;
        ordinal(&mut c);
        let german = c.eat('.');
        c.skip_ws();
        let month = c.word_if(month_number)?;
        c.eat('.');
        (day, month, !german)
    };
    c.skip_ws();
    c.eat(',');
    c.skip_ws();
    let year = year(&mut c, mail)?;
    let time = time_tail(&mut c)?;
    Some(Stamp {
        year,
        month,
        day,
        time,
    })
}

/// A year of four digits, or of two (and, for mail, three) digits read as
/// RFC 2822 section 4.3 says: 00–49 → 20xx, 50–99 and three digits → +1900.
fn year(c: &mut Cursor, three_digits: bool) -> Option<u32> {
    let saved = c.rest;
    let digits = c.digits();
    let value: u32 = match digits.len() {
        4 => digits.parse().ok()?,
        2 => match digits.parse().ok()? {
            y @ 0..=49 => 2000 + y,
            y => 1900 + y,
        },
        3 if three_digits => 1900 + digits.parse::<u32>().ok()?,
        _ => {
            c.rest = saved;
            return None;
        }
    };
    Some(value)
}

/// `1st`, `2nd`, `3rd`, `4th` in English dates.
fn ordinal(c: &mut Cursor) {
    c.word_if(|w| matches!(w, "st" | "nd" | "rd" | "th").then_some(()));
}

/// What may follow a date that is not ISO: nothing, or a time with an
/// optional `am`/`pm` or `Uhr` and an optional zone. Outer None: garbage.
fn time_tail(c: &mut Cursor) -> Option<Option<Time>> {
    if c.is_done() {
        return Some(None);
    }
    let spaced = c.skip_ws();
    if !(c.eat(',') || spaced) {
        return None;
    }
    c.skip_ws();
    if c.word_if(|w| matches!(w, "um" | "at").then_some(()))
        .is_some()
    {
        c.skip_ws();
    }
    let (mut hour, minute, second) = clock(c)?;
    c.skip_ws();
    let pm = c.word_if(|w| match w {
        "am" => Some(false),
        "pm" => Some(true),
        _ => None,
    });
    if let Some(pm) = pm {
        // `0:30 am` and `13:00 pm` are contradictions, not times.
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
    } else {
        // German `Uhr` only confirms the 24-hour clock the hour is on.
        c.word_if(|w| (w == "uhr").then_some(()));
    }
    c.skip_ws();
    let offset = if c.is_done() { None } else { Some(zone(c)?) };
    c.skip_ws();
    c.is_done().then_some(Some(Time {
        hour,
        minute,
        second,
        offset,
    }))
}

/// `H:MM`, `HH:MM:SS`, with an optional fraction of a second (dropped).
fn clock(c: &mut Cursor) -> Option<(u32, u32, u32)> {
    let hour = c.number(1, 2)?;
    if !c.eat(':') {
        return None;
    }
    let minute = c.number(2, 2)?;
    let mut second = 0;
    if c.eat(':') {
        second = c.number(2, 2)?;
        if (c.eat('.') || c.eat(',')) && c.digits().is_empty() {
            return None;
        }
    }
    Some((hour, minute, second))
}

/// A zone as minutes east of UTC: `Z`, `+01:00`, `+0100`, `+01`, or a name
/// whose offset is fixed (RFC 2822's obsolete US zones, and the central
/// European ones German mail uses). Ambiguous names such as `IST` are not
/// accepted.
fn zone(c: &mut Cursor) -> Option<i32> {
    let sign = if c.eat('+') {
        1
    } else if c.eat('-') || c.eat('\u{2212}') {
        -1
    } else {
        return c.word_if(|w| {
            Some(match w {
                "z" | "ut" | "utc" | "gmt" => 0,
                "edt" => -4 * 60,
                "est" | "cdt" => -5 * 60,
                "cst" | "mdt" => -6 * 60,
                "mst" | "pdt" => -7 * 60,
                "pst" => -8 * 60,
                "cet" | "mez" => 60,
                "cest" | "mesz" => 2 * 60,
                _ => return None,
            })
        });
    };
    let digits = c.digits();
    let (hours, minutes): (i32, i32) = match digits.len() {
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        2 => {
            let minutes = if c.eat(':') { c.number(2, 2)? } else { 0 };
            (digits.parse().ok()?, i32::try_from(minutes).ok()?)
        }
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 60 + minutes))
}

fn month_number(word: &str) -> Option<u32> {
    Some(match word {
        "jan" | "january" | "januar" | "jän" | "jänner" => 1,
        "feb" | "february" | "februar" => 2,
        "mar" | "march" | "mär" | "märz" | "mrz" | "maerz" => 3,
        "apr" | "april" => 4,
        "may" | "mai" => 5,
        "jun" | "june" | "juni" => 6,
        "jul" | "july" | "juli" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" | "okt" | "oktober" => 10,
        "nov" | "november" => 11,
        "dec" | "december" | "dez" | "dezember" => 12,
        _ => return None,
    })
}

fn is_weekday(word: &str) -> bool {
    matches!(
        word,
        "mon"
            | "monday"
            | "tue"
            | "tues"
            | "tuesday"
            | "wed"
            | "wednesday"
            | "thu"
            | "thur"
            | "thurs"
            | "thursday"
            | "fri"
            | "friday"
            | "sat"
            | "saturday"
            | "sun"
            | "sunday"
            | "mo"
            | "montag"
            | "di"
            | "dienstag"
            | "mi"
            | "mittwoch"
            | "do"
            | "donnerstag"
            | "fr"
            | "freitag"
            | "sa"
            | "samstag"
            | "sonnabend"
            | "so"
            | "sonntag"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        normalize(s)
    }

    fn ok(input: &str, expected: &str) {
        assert_eq!(n(input).as_deref(), Some(expected), "input {input:?}");
    }

    fn none(input: &str) {
        assert_eq!(n(input), None, "input {input:?}");
    }

    #[test]
    fn iso_date() {
        ok("2025-03-03", "2025-03-03");
    }

    #[test]
    fn iso_utc() {
        ok("2025-03-03T09:14:00Z", "2025-03-03T09:14:00Z");
        ok("2025-03-03t09:14:00z", "2025-03-03T09:14:00Z");
    }

    #[test]
    fn iso_offset() {
        ok("2025-03-03T09:14:00+01:00", "2025-03-03T09:14:00+01:00");
        ok("2025-03-03T09:14:00-05:30", "2025-03-03T09:14:00-05:30");
        ok("2025-03-03T09:14:00+01", "2025-03-03T09:14:00+01:00");
    }

    #[test]
    fn iso_zero_offset_is_z() {
        ok("2025-03-03T09:14:00+00:00", "2025-03-03T09:14:00Z");
        ok("2025-03-03T09:14:00-0000", "2025-03-03T09:14:00Z");
        ok("2025-03-03 09:14 UTC", "2025-03-03T09:14:00Z");
    }

    #[test]
    fn iso_space_without_seconds_is_local() {
        ok("2025-03-03 09:14", "2025-03-03T09:14:00");
        ok("2025-03-03T09:14:00", "2025-03-03T09:14:00");
    }

    #[test]
    fn iso_fraction_and_basic_offset() {
        ok("2025-03-03T09:14:00.123+0100", "2025-03-03T09:14:00+01:00");
        ok("2025-03-03T09:14:00,5Z", "2025-03-03T09:14:00Z");
        none("2025-03-03T09:14:00.+0100");
    }

    #[test]
    fn iso_slashes_only_year_first() {
        ok("2025/03/03", "2025-03-03");
        ok("2025/3/3 09:14", "2025-03-03T09:14:00");
        none("3/3/2025");
        none("03/03/2025");
        none("3/3/25");
        none("2025-03/03");
    }

    #[test]
    fn iso_rejects_trailing_garbage() {
        none("2025-03-03x");
        none("2025-03-03T");
        none("2025-03-03T09:14:00+01:00 later");
        none("2025-03-03T09:14:00+1");
        none("20250-03-03");
        none("2025-003-03");
    }

    #[test]
    fn rfc2822_full() {
        ok(
            "Tue, 3 Mar 2025 09:14:00 +0100",
            "2025-03-03T09:14:00+01:00",
        );
        ok(
            "Mon, 03 Mar 2025 09:14:00 +0100",
            "2025-03-03T09:14:00+01:00",
        );
    }

    #[test]
    fn rfc2822_without_weekday() {
        ok("3 Mar 2025 09:14:00 +0100", "2025-03-03T09:14:00+01:00");
    }

    #[test]
    fn rfc2822_comment() {
        ok(
            "Tue, 3 Mar 2025 09:14:00 +0100 (CET)",
            "2025-03-03T09:14:00+01:00",
        );
        ok(
            "Tue, 3 Mar 2025 09:14:00 +0100 (Central (European) Time)",
            "2025-03-03T09:14:00+01:00",
        );
        none("Tue, 3 Mar 2025 09:14:00 +0100 (CET");
        none("Tue, 3 Mar 2025 09:14:00 +0100 CET)");
    }

    #[test]
    fn rfc2822_enron() {
        ok(
            "Mon, 14 May 2001 16:39:00 -0700 (PDT)",
            "2001-05-14T16:39:00-07:00",
        );
        ok(
            "Wed, 7 Feb 2001 05:51:00 -0800 (PST)",
            "2001-02-07T05:51:00-08:00",
        );
    }

    #[test]
    fn rfc2822_two_and_three_digit_years() {
        ok("Tue, 3 Mar 25 09:14:00 +0100", "2025-03-03T09:14:00+01:00");
        ok("1 Jan 49 00:00:00 +0000", "2049-01-01T00:00:00Z");
        ok("1 Jan 50 00:00:00 +0000", "1950-01-01T00:00:00Z");
        ok("Fri, 1 Jan 99 12:00:00 GMT", "1999-01-01T12:00:00Z");
        ok("1 Jan 101 00:00:00 GMT", "2001-01-01T00:00:00Z");
        none("1. Januar 101");
        none("January 1, 101");
        ok("3. März 25", "2025-03-03");
        none("1 Jan 5 00:00:00 GMT");
    }

    #[test]
    fn rfc2822_obsolete_zones() {
        let cases = [
            ("GMT", "Z"),
            ("UT", "Z"),
            ("EST", "-05:00"),
            ("EDT", "-04:00"),
            ("CST", "-06:00"),
            ("CDT", "-05:00"),
            ("MST", "-07:00"),
            ("MDT", "-06:00"),
            ("PST", "-08:00"),
            ("PDT", "-07:00"),
        ];
        for (zone, offset) in cases {
            ok(
                &format!("Mon, 14 May 2001 16:39:00 {zone}"),
                &format!("2001-05-14T16:39:00{offset}"),
            );
        }
    }

    #[test]
    fn rfc2822_unknown_zone_is_rejected() {
        none("Mon, 14 May 2001 16:39:00 IST");
        none("Mon, 14 May 2001 16:39:00 A");
        none("Mon, 14 May 2001 16:39:00 +2500");
        none("Mon, 14 May 2001 16:39:00 +0160");
    }

    #[test]
    fn rfc2822_without_seconds_or_zone() {
        ok("Mon, 14 May 2001 16:39 -0700", "2001-05-14T16:39:00-07:00");
        ok("Mon, 14 May 2001 16:39:00", "2001-05-14T16:39:00");
    }

    #[test]
    fn weekday_is_not_checked_against_the_date() {
        // 3 March 2025 was a Monday; the date wins over the weekday.
        ok("Sun, 3 Mar 2025", "2025-03-03");
        none("Xyz, 3 Mar 2025");
    }

    #[test]
    fn german_numeric() {
        ok("03.03.2025", "2025-03-03");
        ok("3.3.2025", "2025-03-03");
        ok("03.03.25", "2025-03-03");
        ok("31.12.99", "1999-12-31");
    }

    #[test]
    fn german_numeric_with_time() {
        ok("03.03.2025 09:14", "2025-03-03T09:14:00");
        ok("03.03.2025, 9:14 Uhr", "2025-03-03T09:14:00");
        ok("03.03.2025 um 09:14:30", "2025-03-03T09:14:30");
        none("03.03.2025 09");
        none("03.03.202");
        none("03.03.2025x");
        none("03.03.");
    }

    #[test]
    fn german_month_names() {
        ok("3. März 2025", "2025-03-03");
        ok("3. Mär. 2025", "2025-03-03");
        ok("03. MÄRZ 2025", "2025-03-03");
        ok("1. Jänner 2025", "2025-01-01");
        ok("24. Dez. 2024", "2024-12-24");
        ok("1. Oktober 2024 um 14:00 Uhr", "2024-10-01T14:00:00");
    }

    #[test]
    fn german_weekday() {
        ok("Montag, 3. März 2025", "2025-03-03");
        ok("Mo., 3. März 2025", "2025-03-03");
        ok("Montag, 3. März 2025, 09:14", "2025-03-03T09:14:00");
    }

    #[test]
    fn english_forms() {
        ok("March 3, 2025", "2025-03-03");
        ok("3 March 2025", "2025-03-03");
        ok("Mar 3, 2025", "2025-03-03");
        ok("Monday, March 3rd, 2025", "2025-03-03");
        ok("March 3, 2025 9:14 pm", "2025-03-03T21:14:00");
        ok("March 3, 2025 12:05 am", "2025-03-03T00:05:00");
        ok("March 3, 2025 12:05 pm", "2025-03-03T12:05:00");
        none("March 3, 2025 13:05 pm");
        none("March 2025");
        none("March");
    }

    #[test]
    fn ranges_are_validated() {
        none("2025-13-01");
        none("2025-00-01");
        none("2025-04-31");
        none("2025-02-29");
        ok("2024-02-29", "2024-02-29");
        ok("2000-02-29", "2000-02-29");
        none("1900-02-29");
        none("0000-00-00");
        none("2025-03-00");
        none("31.04.2025");
        none("30. Februar 2024");
        none("2025-03-03T24:00:00");
        none("2025-03-03T23:60:00");
        none("2025-03-03T23:59:61");
        ok("2016-12-31T23:59:60Z", "2016-12-31T23:59:60Z");
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        ok("  2025-03-03\n", "2025-03-03");
        ok(
            "\t Tue, 3 Mar 2025 09:14:00 +0100 \r\n",
            "2025-03-03T09:14:00+01:00",
        );
        ok("\u{a0}3.\u{a0}März 2025", "2025-03-03");
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let long_digits = "9".repeat(10_000);
        let parens = "(".repeat(10_000);
        let closing = ")".repeat(10_000);
        let nested = format!("{parens}{closing}");
        let inputs = [
            "",
            " ",
            "-",
            "T",
            ":",
            "+",
            "()",
            "\\",
            "(\\",
            "2025-",
            "2025-03-",
            "2025-03-03T09:",
            "2025-03-03T09:14:",
            "2025-03-03T09:14:00+",
            "2025-03-03T09:14:00+01:",
            "99999999999999999999-01-01",
            "01.01.99999999999999999999",
            "1 Jan 2025 99999999999:00",
            "Mon,",
            "Mon, 3",
            "3.",
            "3. März",
            "März 3,",
            "🎉, 3 Mar 2025",
            "3 Mär\u{301} 2025",
            "ǅ 3 2025",
            "\u{0}",
            &long_digits,
            &parens,
            &closing,
            &nested,
        ];
        for input in inputs {
            assert_eq!(n(input), None, "input {input:?}");
        }
    }

    #[test]
    fn normalized_dates_normalize_to_themselves() {
        for input in [
            "2025-03-03",
            "Tue, 3 Mar 2025 09:14:00 +0100",
            "Mon, 14 May 2001 16:39:00 -0700 (PDT)",
            "3. März 2025 09:14",
            "2025-03-03T09:14:00+00:00",
        ] {
            let normalized = n(input).unwrap();
            ok(&normalized, &normalized);
        }
    }
}
