//! Plain-text e-mail: which lines are not the author's own words.
//!
//! A reply carries a lot of text its sender did not write: the quoted earlier
//! message, the line that introduces it, forwarded mail, the signature and the
//! legal disclaimer the mail server appends. Scoring those would blame the
//! author for someone else's phrases (the quoted "Synergien") or for
//! boilerplate nobody reads, so they are masked.
//!
//! The detection works on whole lines in two passes, both linear in the length
//! of the body:
//!
//! 1. Hard markers, scanned top to bottom: `>` lines, reply headers
//!    ("On … wrote:", "Am … schrieb …:"), Outlook original-message blocks and
//!    forwarding markers. The last two mean "the rest of the body is someone
//!    else's", so the scan stops there.
//! 2. Soft markers inside the runs of lines that pass 1 left alone (the
//!    author's parts): the signature (`-- ` or a sign-off such as "Viele
//!    Grüße") and the disclaimer. These are only looked for where a message
//!    ends: in the first run (top-posting), the last run, and a run followed
//!    by a reply header or forwarded message. A run between two quotes is an
//!    inline answer, where a "Thanks!" is the author's word, not a sign-off.
//!
//! Every mask reaches from some marker onwards, and each line belongs to the
//! mask that started first, so the author's text above the first marker is
//! never masked (except `>` lines, which are quotations wherever they are).

use std::ops::Range;

use crate::document::MaskKind;

/// Longest line (in bytes) considered as a reply header. Real headers are
/// well below this; the cap keeps the per-line work constant on hostile input.
const MAX_HEADER_LEN: usize = 300;

/// Longest line (in bytes) considered as a sign-off ("Mit freundlichen
/// Grüßen aus dem Homeoffice, Anna" is about 50).
const MAX_CLOSING_LEN: usize = 80;

/// A sign-off is a signature only if at most this many non-empty lines follow
/// it; otherwise it is a "Thanks," that opens a long message.
const MAX_SIGNATURE_LINES: usize = 12;

/// A disclaimer sits at the end: at most this many non-empty lines from its
/// start to the end of the author's part (bilingual notices run to ~30).
const MAX_DISCLAIMER_LINES: usize = 40;

/// How far into a header's date part the first digit may be ("Donnerstag,
/// 3." needs 15 bytes). Prose that merely starts with "Am" or "On" and
/// mentions a time later does not qualify.
const MAX_DATE_OFFSET: usize = 30;

/// Sign-offs, lower case, "ß" spelled "ss" (see [`match_prefix`]). Every
/// entry is tried, so "best" does not hide "best regards".
static CLOSINGS: Patterns = Patterns::new(&[
    // German
    "mit freundlichen grüssen",
    "mit freundlichem gruss",
    "mit besten grüssen",
    "mit herzlichen grüssen",
    "mit lieben grüssen",
    "mit kollegialen grüssen",
    "freundliche grüsse",
    "viele grüsse",
    "beste grüsse",
    "liebe grüsse",
    "herzliche grüsse",
    "schöne grüsse",
    "sonnige grüsse",
    "besten gruss",
    "lieben gruss",
    "gruss",
    "grüsse",
    "mfg",
    "lg",
    "vg",
    "bg",
    "danke",
    "vielen dank",
    "besten dank",
    "danke schön",
    "dankeschön",
    // English
    "best regards",
    "kind regards",
    "warm regards",
    "warmest regards",
    "many thanks",
    "thanks again",
    "thanks and regards",
    "thanks & regards",
    "thank you",
    "thanks",
    "thx",
    "regards",
    "best wishes",
    "all the best",
    "best",
    "cheers",
    "sincerely",
    "yours sincerely",
    "sincerely yours",
    "yours faithfully",
    "yours truly",
    "yours",
    "take care",
    "greetings",
]);

/// Openings of legal notices, lower case, "ß" spelled "ss", hyphens and
/// brackets left out (they are skipped in the text: "E-Mail" matches
/// "email", "email (and any" matches "email and any").
static DISCLAIMERS: Patterns = Patterns::new(&[
    // German
    "diese email enthält vertrauliche",
    "diese email kann vertrauliche",
    "diese email ist vertraulich",
    "diese nachricht enthält vertrauliche",
    "diese nachricht kann vertrauliche",
    "diese nachricht ist vertraulich",
    "der inhalt dieser email ist vertraulich",
    "der inhalt dieser nachricht ist vertraulich",
    "wenn sie nicht der richtige adressat sind",
    "falls sie nicht der richtige adressat sind",
    "sollten sie nicht der richtige adressat sein",
    "sollten sie diese email irrtümlich erhalten haben",
    "sollten sie diese nachricht irrtümlich erhalten haben",
    "wenn sie diese email irrtümlich erhalten haben",
    "falls sie diese email irrtümlich erhalten haben",
    "vertraulichkeitshinweis",
    "haftungsausschluss",
    // English
    "this email and any attachments",
    "this email and any files",
    "this email is confidential",
    "this email is intended only for",
    "this email is intended solely",
    "this message and any attachments",
    "this message is confidential",
    "this message is intended only for",
    "this message is intended solely",
    "this communication is confidential",
    "the information contained in this email",
    "the information contained in this message",
    "the information contained in this communication",
    "the information in this email",
    "the information in this message",
    "if you are not the intended recipient",
    "if you have received this email in error",
    "if you have received this message in error",
    "confidentiality notice",
    "disclaimer:",
]);

/// German imprint lines (Pflichtangaben), which Outlook signatures append;
/// only counted when a colon or a register number follows (see
/// [`is_imprint`]), so "Geschäftsführer Meier hat entschieden" is prose.
static IMPRINTS: Patterns = Patterns::new(&[
    "geschäftsführer",
    "geschäftsführung",
    "geschäftsführende",
    "sitz der gesellschaft",
    "registergericht",
    "handelsregister",
    "vorstand",
    "aufsichtsrat",
    "amtsgericht",
    "sitz",
]);

/// Header fields of an Outlook original-message block.
const HEADER_FIELDS: &[&str] = &[
    "von",
    "from",
    "gesendet",
    "sent",
    "an",
    "to",
    "cc",
    "bcc",
    "betreff",
    "subject",
    "datum",
    "date",
    "wichtigkeit",
    "importance",
    "anlagen",
    "attachments",
    "reply-to",
    "antwort an",
];

/// The parts of a plain-text e-mail body that are not the author's own words:
/// sorted, non-overlapping byte ranges with the reason, covering whole lines.
///
/// Detected are `>` quotations ([`MaskKind::QuotedReply`]), the lines that
/// introduce them ([`MaskKind::ReplyHeader`]; an Outlook original-message
/// block is a header followed by a quotation to the end), forwarded messages
/// ([`MaskKind::Forwarded`]), signatures ([`MaskKind::Signature`]) and legal
/// notices ([`MaskKind::Disclaimer`]). Each range covers whole lines including
/// their line break (`\n` or `\r\n`). A body without any of these returns an
/// empty `Vec`.
pub fn non_author(body: &str) -> Vec<(Range<usize>, MaskKind)> {
    let lines = split_lines(body);
    let mut label: Vec<Option<MaskKind>> = vec![None; lines.len()];
    mark_hard(&lines, &mut label);
    mark_soft(&lines, &mut label);
    fill_blank_gaps(&lines, &mut label);
    to_ranges(&lines, &label)
}

/// One line of the body.
struct Line<'a> {
    /// Byte offset of its first character.
    start: usize,
    /// Byte offset after its line break (or the end of the body).
    end: usize,
    /// Its text without the line break.
    text: &'a str,
    /// `text` without white space around it: most tests of a line want it
    /// so, and trimming once saves each of them doing it again.
    trimmed: &'a str,
}

impl Line<'_> {
    /// Empty or only white space.
    fn blank(&self) -> bool {
        self.trimmed.is_empty()
    }
}

/// Splits at `\n`; a `\r` before it belongs to the break. A lone `\r`
/// elsewhere is kept as text: old Mac line endings do not occur in mail.
fn split_lines(body: &str) -> Vec<Line<'_>> {
    // One search over the whole body: searching again from each line's
    // start cost more than the line's tests.
    let mut ends = memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1);
    let mut out = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let end = ends.next().unwrap_or(body.len());
        let raw = &body[start..end];
        let raw = raw.strip_suffix('\n').unwrap_or(raw);
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        out.push(Line {
            start,
            end,
            text,
            trimmed: text.trim(),
        });
        start = end;
    }
    out
}

/// Pass 1: quotations, reply headers, Outlook blocks and forwarded mail.
fn mark_hard(lines: &[Line<'_>], label: &mut [Option<MaskKind>]) {
    let n = lines.len();
    let mut i = 0;
    while i < n {
        let text = lines[i].text;
        if is_quote(text) {
            label[i] = Some(MaskKind::QuotedReply);
            i += 1;
            continue;
        }
        if lines[i].blank() {
            i += 1;
            continue;
        }
        match block_marker(lines[i].trimmed) {
            Some(Marker::Forwarded) => {
                fill(label, i..n, MaskKind::Forwarded);
                return;
            }
            Some(Marker::Original) => {
                // "-----Original Message-----" is usually followed by the
                // From/Sent/To/Subject fields, which belong to the header.
                let end = header_fields_end(lines, i + 1);
                fill(label, i..end, MaskKind::ReplyHeader);
                fill(label, end..n, MaskKind::QuotedReply);
                return;
            }
            None => {}
        }
        if let Some(end) = outlook_block(lines, i) {
            // Outlook's HTML-to-text conversion draws a rule of underscores
            // above the block; it is part of the header, not the author's.
            let start = if i > 0 && label[i - 1].is_none() && is_rule(lines[i - 1].trimmed) {
                i - 1
            } else {
                i
            };
            fill(label, start..end, MaskKind::ReplyHeader);
            fill(label, end..n, MaskKind::QuotedReply);
            return;
        }
        if let Some((end, strong)) = reply_header(lines, i) {
            let quoted_next = next_non_blank(lines, end).is_some_and(|j| is_quote(lines[j].text));
            if quoted_next {
                fill(label, i..end, MaskKind::ReplyHeader);
                i = end;
                continue;
            }
            if strong {
                // A dated header without `>` lines after it: the client
                // quoted without prefixes (top-posting), so the rest is the
                // earlier message.
                fill(label, i..end, MaskKind::ReplyHeader);
                fill(label, end..n, MaskKind::QuotedReply);
                return;
            }
        }
        i += 1;
    }
}

/// Pass 2: signatures and disclaimers in the runs of lines pass 1 left.
fn mark_soft(lines: &[Line<'_>], label: &mut [Option<MaskKind>]) {
    let n = lines.len();
    // non_blank[i]: non-empty lines before line i, so that "how many lines
    // follow" is a subtraction instead of a scan (keeps the pass linear even
    // when every line looks like a sign-off).
    let mut non_blank = Vec::with_capacity(n + 1);
    non_blank.push(0usize);
    for line in lines {
        let last = non_blank.last().copied().unwrap_or(0);
        non_blank.push(last + usize::from(!line.blank()));
    }
    let mut gs = 0;
    while gs < n {
        if label[gs].is_some() {
            gs += 1;
            continue;
        }
        let mut ge = gs;
        while ge < n && label[ge].is_none() {
            ge += 1;
        }
        // Only where a message ends (see the module docs).
        let at_end = gs == 0
            || ge == n
            || matches!(label[ge], Some(MaskKind::ReplyHeader | MaskKind::Forwarded));
        mark_gap(lines, label, &non_blank, gs..ge, at_end);
        gs = ge;
    }
}

/// Signature and disclaimer within one run of unmasked lines.
fn mark_gap(
    lines: &[Line<'_>],
    label: &mut [Option<MaskKind>],
    non_blank: &[usize],
    gap: Range<usize>,
    at_end: bool,
) {
    let disclaimer = if at_end {
        find_disclaimer(lines, non_blank, gap.clone())
    } else {
        None
    };
    let before_disclaimer = gap.start..disclaimer.unwrap_or(gap.end);
    let separator = before_disclaimer
        .clone()
        .find(|&i| lines[i].text.trim_end() == "--");
    let sign_off = if at_end {
        let upto = separator.unwrap_or(before_disclaimer.end);
        find_sign_off(lines, non_blank, gap.start..upto)
    } else {
        None
    };
    let signature = match (sign_off, separator) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if let Some(s) = signature {
        fill(label, s..before_disclaimer.end, MaskKind::Signature);
    }
    if let Some(d) = disclaimer {
        fill(label, d..gap.end, MaskKind::Disclaimer);
    }
}

/// The first sign-off in `range` that has at most [`MAX_SIGNATURE_LINES`]
/// non-empty lines after it up to the range's end, and is not followed by a
/// sentence ("Thanks!\n\nI'll send it tomorrow." is a message, not a
/// signature).
fn find_sign_off(lines: &[Line<'_>], non_blank: &[usize], range: Range<usize>) -> Option<usize> {
    let end = range.end;
    // The count first: it rules out all but the last lines of a long gap
    // at once, where the sign-off list costs some fifty comparisons a line.
    range.clone().find(|&c| {
        non_blank[end] - non_blank[c + 1] <= MAX_SIGNATURE_LINES
            && is_closing(lines[c].trimmed)
            && next_non_blank(&lines[..end], c + 1).is_none_or(|j| !is_prose(lines[j].trimmed))
    })
}

/// Where the disclaimer in `gap` starts (including a rule line drawn above
/// it), if there is one near the end of the gap and not in the body's first
/// paragraph.
fn find_disclaimer(lines: &[Line<'_>], non_blank: &[usize], gap: Range<usize>) -> Option<usize> {
    let start = gap.clone().find(|&d| {
        if lines[d].blank() || non_blank[d] == 0 {
            return false;
        }
        if non_blank[gap.end] - non_blank[d] > MAX_DISCLAIMER_LINES {
            return false;
        }
        let text = strip_decoration(lines[d].text);
        if is_imprint(text) {
            return true;
        }
        // A notice opens a paragraph (or follows a short signature line
        // directly); the phrase at the start of a wrapped prose line is the
        // author's. (Asked first: most lines of a mail open no paragraph.)
        let opens = d == gap.start || {
            let above = lines[d - 1].trimmed;
            // At most 40 characters; no need to count them in a short line.
            above.len() <= 40 || above.chars().count() <= 40
        };
        opens && is_disclaimer_start(text)
    })?;
    // Include a rule ("_____", "*****") drawn above the notice.
    let mut above = start;
    while above > gap.start && lines[above - 1].blank() {
        above -= 1;
    }
    if above > gap.start && is_rule(lines[above - 1].trimmed) {
        Some(above - 1)
    } else {
        Some(start)
    }
}

/// Blank lines between two lines of the same kind take that kind, so that a
/// quotation with empty lines in it is one range rather than many.
fn fill_blank_gaps(lines: &[Line<'_>], label: &mut [Option<MaskKind>]) {
    let n = lines.len();
    let mut i = 0;
    while i < n {
        if label[i].is_some() || !lines[i].blank() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && label[j].is_none() && lines[j].blank() {
            j += 1;
        }
        if i > 0 && j < n && label[i - 1].is_some() && label[i - 1] == label[j] {
            let kind = label[j];
            label[i..j].iter_mut().for_each(|l| *l = kind);
        }
        i = j;
    }
}

/// Consecutive lines of the same kind become one range.
fn to_ranges(lines: &[Line<'_>], label: &[Option<MaskKind>]) -> Vec<(Range<usize>, MaskKind)> {
    let mut out: Vec<(Range<usize>, MaskKind)> = Vec::new();
    for (line, kind) in lines.iter().zip(label) {
        let Some(kind) = *kind else { continue };
        match out.last_mut() {
            Some((range, last)) if *last == kind && range.end == line.start => {
                range.end = line.end;
            }
            _ => out.push((line.start..line.end, kind)),
        }
    }
    out
}

/// Labels the lines of `range` that have no label yet: what started first
/// keeps its lines.
fn fill(label: &mut [Option<MaskKind>], range: Range<usize>, kind: MaskKind) {
    for l in &mut label[range] {
        if l.is_none() {
            *l = Some(kind);
        }
    }
}

/// `>` at the start, after optional indentation. `> >` and `>>` nest.
fn is_quote(text: &str) -> bool {
    text.trim_start_matches([' ', '\t']).starts_with('>')
}

/// The first non-blank line at or after `from`.
fn next_non_blank(lines: &[Line<'_>], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&j| !lines[j].blank())
}

/// A horizontal rule made of one of `_ - = * ~ #` (at least five, so the
/// signature separator "--" is not one); `t` is a trimmed line.
fn is_rule(t: &str) -> bool {
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '_' | '-' | '=' | '*' | '~' | '#') && t.len() >= 5 && chars.all(|c| c == first)
}

/// What a separator line opens.
enum Marker {
    /// A forwarded message.
    Forwarded,
    /// An Outlook-style original message (a quotation).
    Original,
}

/// "---------- Forwarded message ---------", "-----Original Message-----",
/// "Begin forwarded message:", the Lotus Notes "----- Forwarded by … -----"
/// and their German forms; `t` is a trimmed line.
fn block_marker(t: &str) -> Option<Marker> {
    let plain = t.trim_end_matches(':').trim_end();
    if eq_ci(plain, "begin forwarded message")
        || eq_ci(plain, "anfang der weitergeleiteten nachricht")
    {
        return Some(Marker::Forwarded);
    }
    let inner = t.trim_start_matches('-');
    if t.len() - inner.len() < 3 {
        return None;
    }
    let inner = inner.trim_end_matches('-').trim();
    // Lotus Notes: "Forwarded by Jane Doe/HOU/ECT on 10/05/2000 10:14 AM".
    if match_prefix(inner, "forwarded by ").is_some() {
        return Some(Marker::Forwarded);
    }
    let inner = inner.trim_end_matches(':').trim_end();
    if [
        "forwarded message",
        "weitergeleitete nachricht",
        "forwarded email",
    ]
    .iter()
    .any(|p| eq_ci(inner, p))
    {
        return Some(Marker::Forwarded);
    }
    if [
        "original message",
        "ursprüngliche nachricht",
        "originalnachricht",
        "original nachricht",
        "ursprüngliche mitteilung",
    ]
    .iter()
    .any(|p| eq_ci(inner, p))
    {
        return Some(Marker::Original);
    }
    None
}

/// The name of a mail header field at the start of the line ("From", "An"),
/// also in the bold form "*From:*" of HTML-to-text conversions; `text` is a
/// trimmed line.
fn field_name(text: &str) -> Option<&str> {
    let t = text.trim_start_matches('*');
    let colon = memchr::memchr(b':', &t.as_bytes()[..t.len().min(24)])?;
    let name = t[..colon].trim();
    HEADER_FIELDS
        .iter()
        .any(|f| name.eq_ignore_ascii_case(f))
        .then_some(name)
}

/// A header field with one of `names` (ASCII, any case).
fn is_field(text: &str, names: &[&str]) -> bool {
    field_name(text).is_some_and(|name| names.iter().any(|n| name.eq_ignore_ascii_case(n)))
}

/// An Outlook header block at line `i`: "Von:"/"From:" followed within the
/// next four lines by "Gesendet:"/"Sent:". Outlook for Mac writes
/// "Datum:"/"Date:" instead; as "Von: Hamburg / Datum: 3.3." may also be the
/// author's shipping details, that form also needs a "Betreff:"/"Subject:".
/// Returns the end of the block.
fn outlook_block(lines: &[Line<'_>], i: usize) -> Option<usize> {
    if !is_field(lines[i].trimmed, &["von", "from"]) {
        return None;
    }
    // Bounded look-ahead, so that many "From:" lines stay linear.
    let block = |len: usize| {
        lines
            .iter()
            .skip(i + 1)
            .take(len)
            .take_while(|l| !l.blank() && !is_quote(l.text))
    };
    let sent = block(4).any(|l| is_field(l.trimmed, &["gesendet", "sent"]));
    let dated = || {
        block(4).any(|l| is_field(l.trimmed, &["datum", "date"]))
            && block(12).any(|l| is_field(l.trimmed, &["betreff", "subject"]))
    };
    (sent || dated()).then(|| header_fields_end(lines, i))
}

/// The end of a run of header fields starting at `from`. Outlook wraps long
/// recipient lists, so up to two lines that are not fields may sit between
/// fields; a blank line ends the block.
fn header_fields_end(lines: &[Line<'_>], from: usize) -> usize {
    let mut end = from;
    let mut j = from;
    while j < lines.len() {
        if lines[j].blank() || is_quote(lines[j].text) {
            break;
        }
        if field_name(lines[j].trimmed).is_some() {
            end = j + 1;
        } else if j >= end + 2 {
            break;
        }
        j += 1;
    }
    end
}

/// A reply header at line `i`, on one line or wrapped over two. Returns the
/// end line and whether it is a dated ("strong") header; an undated one
/// ("Tom wrote:") only counts when `>` lines follow.
fn reply_header(lines: &[Line<'_>], i: usize) -> Option<(usize, bool)> {
    let Line { text, trimmed, .. } = lines[i];
    if text.len() > MAX_HEADER_LEN {
        return None;
    }
    if is_strong_header(trimmed) {
        return Some((i + 1, true));
    }
    // Gmail wraps at ~76 characters: "… Anna Berg <anna@example.com>\nwrote:".
    // The joined line must end in a colon, so the next line must: that
    // rules out nearly every line before the searches of `may_start_header`.
    if let Some(next) = lines.get(i + 1)
        && next.trimmed.ends_with(':')
        && !is_quote(next.text)
        && next.text.len() <= MAX_HEADER_LEN
        && !trimmed.ends_with(['.', '!', '?'])
        && may_start_header(text)
    {
        let joined = format!("{trimmed} {}", next.trimmed);
        if is_strong_header(&joined) {
            return Some((i + 2, true));
        }
    }
    is_weak_header(trimmed).then_some((i + 1, false))
}

/// Cheap test before joining two lines.
fn may_start_header(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("Am ")
        || t.starts_with("On ")
        || ["schrieb", "wrote", " hat am "]
            .iter()
            .any(|k| find_ci(t, k).is_some())
}

/// A dated reply header:
/// - "Am 3. März 2025 um 09:14 schrieb Anna Berg <anna@example.com>:" (and
///   "Am Mo., 3. März 2025 um 09:14 Uhr schrieb …:", "Am 03.03.2025 09:14,
///   schrieb …:"),
/// - "On Tue, Mar 3, 2025 at 9:14 AM Anna Berg <anna@example.com> wrote:",
/// - "Anna Berg <anna@example.com> schrieb am 03.03.2025 09:14:" (and
///   "… wrote on …:", "… hat am … geschrieben:").
///
/// The date and time (or address) requirements keep "Am Montag schrieb er:"
/// and "On Monday I wrote:" in the author's prose. `t` is trimmed.
fn is_strong_header(t: &str) -> bool {
    let Some(head) = t.strip_suffix(':') else {
        return false;
    };
    let head = head.trim_end();
    if let Some(rest) = t.strip_prefix("Am ")
        && let Some(p) = find_ci(rest, " schrieb")
    {
        let pre = &rest[..p];
        return dated(pre) && (has_time(pre) || rest.contains('@'));
    }
    if let Some(rest) = head.strip_prefix("On ")
        && let Some(pre) = strip_suffix_ci(rest, "wrote")
    {
        return dated(pre) && (has_time(pre) || pre.contains('@'));
    }
    for kw in [" schrieb am ", " wrote on ", " hat am "] {
        if let Some(p) = find_ci(head, kw)
            && p <= 150
        {
            let when = &head[p + kw.len()..];
            let ok = has_date(when)
                && (kw != " hat am " || strip_suffix_ci(head, "geschrieben").is_some());
            if ok {
                return true;
            }
        }
    }
    false
}

/// "Tom wrote:", "Zitat von Anna <anna@example.com>:" — only a header when
/// quoted lines follow (checked by the caller). `t` is trimmed.
fn is_weak_header(t: &str) -> bool {
    if t.len() > 200 || !t.ends_with(':') {
        return false;
    }
    ["wrote", "schrieb", "writes", "schreibt", "geschrieben"]
        .iter()
        .any(|k| find_ci(t, k).is_some())
        || match_prefix(t, "zitat von ").is_some()
        || match_prefix(t, "quoting ").is_some()
}

/// A date near the start of a header's date part.
fn dated(pre: &str) -> bool {
    pre.bytes()
        .take(MAX_DATE_OFFSET)
        .any(|b| b.is_ascii_digit())
        && has_date(pre)
}

/// A year 1900–2099 or a numeric date like 03.03.25 or 3/3/2025.
fn has_date(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = digit_run(b, i);
        if run == 4 && (b[i..].starts_with(b"19") || b[i..].starts_with(b"20")) {
            return true;
        }
        // d{1,2} sep d{1,2} sep d{2,4}
        let j = i + run;
        if (1..=2).contains(&run)
            && let Some(&sep) = b.get(j)
            && (sep == b'.' || sep == b'/')
        {
            let m = digit_run(b, j + 1);
            let k = j + 1 + m;
            if (1..=2).contains(&m)
                && b.get(k) == Some(&sep)
                && (2..=4).contains(&digit_run(b, k + 1))
            {
                return true;
            }
        }
        i = j;
    }
    false
}

/// A clock time like 9:14 or 09:14.
fn has_time(s: &str) -> bool {
    let b = s.as_bytes();
    (1..b.len()).any(|i| b[i] == b':' && b[i - 1].is_ascii_digit() && digit_run(b, i + 1) == 2)
}

/// How many ASCII digits start at `from` (0 past the end).
fn digit_run(b: &[u8], from: usize) -> usize {
    b.get(from..).map_or(0, |rest| {
        rest.iter().take_while(|c| c.is_ascii_digit()).count()
    })
}

/// A line that is only a sign-off: "Viele Grüße", "Best regards,", "Thanks!",
/// also with a name ("LG Anna", "Best, Anna") or a place ("Grüße aus
/// Hamburg"). `t` is trimmed.
fn is_closing(t: &str) -> bool {
    if t.is_empty() || t.len() > MAX_CLOSING_LEN {
        return false;
    }
    CLOSINGS
        .matches(t)
        .any(|(c, n)| closing_rest(&t[n..], matches!(c, "best" | "yours")))
}

/// What may follow a sign-off on its line: nothing, "," or "!", a place, or
/// a name. `comma_for_name`: "Best Practices" is a heading, "Best, Anna" a
/// sign-off.
fn closing_rest(rest: &str, comma_for_name: bool) -> bool {
    if rest.is_empty() {
        return true;
    }
    // A word boundary: "Bester Mann" does not start with "best".
    if !rest.starts_with([',', '!', '.', ' ', '\t']) {
        return false;
    }
    let had_comma = rest.starts_with(',');
    let r = rest.trim_start_matches([',', '!', '.']).trim();
    if r.is_empty() {
        return true;
    }
    // "Grüße aus Hamburg", "Viele Grüße aus dem Norden", "Cheers from Berlin".
    for via in ["aus ", "from ", "vom ", "von "] {
        if let Some(n) = match_prefix(r, via) {
            let place = r[n..].trim_end_matches(['!', '.', ',']);
            return place.split_whitespace().count() <= 5
                && !place.contains(['.', '?', '!', ':', ';']);
        }
    }
    if comma_for_name && !had_comma {
        return false;
    }
    // A name: up to three capitalised words ("Anna", "Anna Berg", "Dr. Berg").
    let name = r.trim_end_matches(['!', '.', ',']);
    let mut words = 0;
    for word in name.split_whitespace() {
        words += 1;
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        let letters = word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''));
        if words > 3 || !capital || !letters {
            return false;
        }
    }
    true
}

/// A sentence: ends like one and has at least four words; `t` is trimmed.
fn is_prose(t: &str) -> bool {
    t.ends_with(['.', '!', '?']) && t.split_whitespace().nth(3).is_some()
}

/// The start of a legal notice (see [`DISCLAIMERS`]) in a line without its
/// decoration ([`strip_decoration`]).
fn is_disclaimer_start(t: &str) -> bool {
    DISCLAIMERS.matches(t).next().is_some()
}

/// A German imprint line: "Geschäftsführer: …", "Sitz der Gesellschaft: …",
/// "Amtsgericht Hamburg HRB 12345"; `t` is without its decoration
/// ([`strip_decoration`]).
fn is_imprint(t: &str) -> bool {
    // The opening word first: it fails on the first byte of nearly every
    // line, where the register number would be searched for in all of it.
    IMPRINTS.matches(t).any(|(p, n)| {
        // Whole word, then a colon or a register number.
        !t[n..].starts_with(char::is_alphabetic) || p.starts_with("geschäftsführ")
    }) && (t.bytes().take(40).any(|b| b == b':')
        || find_ci(t, "hrb ").is_some()
        || find_ci(t, "hra ").is_some())
}

/// Leading bullets and bold markers around a notice ("*** CONFIDENTIALITY
/// NOTICE ***", "[Disclaimer]").
fn strip_decoration(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | '#' | '=' | '~' | '[' | '(' | '-')
    })
}

/// A list of patterns for [`match_prefix`], with the first bytes a text
/// must start with to match one of them: most lines of a mail start with
/// none, and are done with in one look-up instead of a test per pattern.
struct Patterns {
    list: &'static [&'static str],
    /// `first[b]`: a text starting with byte `b` may match a pattern.
    first: [bool; 256],
}

impl Patterns {
    const fn new(list: &'static [&'static str]) -> Patterns {
        // What `match_prefix` does not decide on the first byte: a text
        // starting with a non-ASCII character or a skipped `-`, `(`, `)`,
        // and a pattern starting with a space or a non-ASCII character.
        let mut first = [false; 256];
        let mut b = 0x80;
        while b < 256 {
            first[b] = true;
            b += 1;
        }
        first[b'-' as usize] = true;
        first[b'(' as usize] = true;
        first[b')' as usize] = true;
        let mut i = 0;
        while i < list.len() {
            match list[i].as_bytes().first() {
                Some(&p) if p != b' ' && p.is_ascii() => {
                    first[p as usize] = true;
                    first[p.to_ascii_uppercase() as usize] = true;
                }
                _ => {
                    return Patterns {
                        list,
                        first: [true; 256],
                    };
                }
            }
            i += 1;
        }
        Patterns { list, first }
    }

    /// The patterns `text` starts with, each with the length it matched
    /// (see [`match_prefix`]), in list order.
    fn matches<'t>(&self, text: &'t str) -> impl Iterator<Item = (&'static str, usize)> + 't {
        let list = match text.as_bytes().first() {
            Some(&b) if !self.first[usize::from(b)] => &[],
            _ => self.list,
        };
        list.iter()
            .filter_map(move |&p| match_prefix(text, p).map(|n| (p, n)))
    }
}

/// If `text` starts with `pattern`, the byte length of the matched part of
/// `text`. `pattern` is lower case. In `text`, case is ignored, "ß" matches
/// "ss", a run of white space matches one space, and a hyphen or bracket is
/// skipped where the pattern has none ("E-Mail" matches "email").
#[inline]
fn match_prefix(text: &str, pattern: &str) -> Option<usize> {
    // Nearly every call fails on the first character: decide that on bytes,
    // inlined into the loops over the pattern lists (this runs for every
    // line of every mail against every list).
    if let (Some(&tb), Some(&pb)) = (text.as_bytes().first(), pattern.as_bytes().first())
        && tb.is_ascii()
        && pb.is_ascii()
        && pb != b' '
        && !matches!(tb, b'-' | b'(' | b')')
        && tb.to_ascii_lowercase() != pb
    {
        return None;
    }
    match_rest(text, pattern)
}

/// [`match_prefix`] past its test of the first byte: ASCII letters and
/// digits, which match one for one, are compared as bytes; the rules of
/// [`match_from`] take over at the first other character.
#[inline(never)]
fn match_rest(text: &str, pattern: &str) -> Option<usize> {
    let mut same = 0;
    for (t, p) in text.bytes().zip(pattern.bytes()) {
        if !t.is_ascii_alphanumeric() || !p.is_ascii_alphanumeric() {
            break;
        }
        if t.to_ascii_lowercase() != p {
            return None;
        }
        same += 1;
    }
    match_from(text, pattern, same)
}

/// [`match_prefix`] character by character, from byte `same` of both
/// `text` and `pattern` (which match up to there).
fn match_from(text: &str, pattern: &str, same: usize) -> Option<usize> {
    let mut t = text[same..]
        .char_indices()
        .map(|(i, c)| (same + i, c))
        .peekable();
    let mut p = pattern[same..].chars().peekable();
    while let Some(pc) = p.next() {
        let (_, mut tc) = t.next()?;
        if matches!(tc, '-' | '(' | ')') && pc != tc {
            tc = t.next()?.1;
        }
        if pc == ' ' {
            if !tc.is_whitespace() {
                return None;
            }
            while t.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
            continue;
        }
        if matches!(tc, 'ß' | 'ẞ') {
            if pc == 's' && p.next_if_eq(&'s').is_some() {
                continue;
            }
            if pc == 'ß' {
                continue;
            }
            return None;
        }
        let mut lower = tc.to_lowercase();
        if lower.next() != Some(pc) || lower.next().is_some() {
            return None;
        }
    }
    Some(t.peek().map_or(text.len(), |&(i, _)| i))
}

/// `text` equals `pattern` in the sense of [`match_prefix`].
fn eq_ci(text: &str, pattern: &str) -> bool {
    match_prefix(text, pattern) == Some(text.len())
}

/// Byte offset of the ASCII `needle` in `hay`, ignoring ASCII case. The
/// offset is a char boundary because the match starts with an ASCII byte.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    // This runs on every line of every mail: jump between occurrences of the
    // needle's first byte (either case) instead of comparing at every byte.
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let first = needle.first()?;
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let last_start = hay.len().checked_sub(needle.len())?;
    let mut from = 0;
    while from <= last_start {
        let at = from
            + hay[from..=last_start]
                .iter()
                .position(|&b| b == lower || b == upper)?;
        if hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `hay` without the ASCII suffix `needle` (ignoring case).
fn strip_suffix_ci<'a>(hay: &'a str, needle: &str) -> Option<&'a str> {
    let cut = hay.len().checked_sub(needle.len())?;
    let tail = hay.as_bytes().get(cut..)?;
    (tail.eq_ignore_ascii_case(needle.as_bytes()) && hay.is_char_boundary(cut)).then(|| &hay[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;
    use MaskKind::*;

    /// The masked pieces of `body`, after checking the shape guarantees:
    /// sorted, non-overlapping, non-empty, whole lines.
    fn masked(body: &str) -> Vec<(&str, MaskKind)> {
        let ranges = non_author(body);
        let mut last_end = 0;
        for (range, kind) in &ranges {
            assert!(range.start < range.end, "empty {kind:?} range");
            assert!(range.start >= last_end, "overlap or unsorted at {range:?}");
            assert!(range.end <= body.len());
            let bytes = body.as_bytes();
            assert!(
                range.start == 0 || bytes[range.start - 1] == b'\n',
                "{range:?} does not start a line"
            );
            assert!(
                range.end == body.len() || bytes[range.end - 1] == b'\n',
                "{range:?} does not end a line"
            );
            last_end = range.end;
        }
        ranges
            .into_iter()
            .map(|(range, kind)| (&body[range], kind))
            .collect()
    }

    /// What is left for scoring.
    fn unmasked(body: &str) -> String {
        let mut out = String::new();
        let mut from = 0;
        for (range, _) in non_author(body) {
            out.push_str(&body[from..range.start]);
            from = range.end;
        }
        out.push_str(&body[from..]);
        out
    }

    fn kinds(body: &str) -> Vec<MaskKind> {
        masked(body).into_iter().map(|(_, kind)| kind).collect()
    }

    const GERMAN_REPLY: &str = "\
Ich habe den Liefertermin falsch berechnet. Die Lieferung kommt am Freitag.

Viele Grüße
Anna Berg
Leiterin Einkauf
Nordlicht GmbH

Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen. Wenn Sie nicht der richtige Adressat sind oder diese E-Mail irrtümlich erhalten haben, informieren Sie bitte sofort den Absender und vernichten Sie diese E-Mail.

Am 03.03.2025 um 09:14 schrieb Tom Weber <tom@example.com>:

> Hallo Anna,
>
> Wir heben Synergien und trennen uns einvernehmlich.
> Lass uns das zeitnah und proaktiv angehen, damit wir gut aufgestellt sind.
>
> Beste Grüße
> Tom
";

    #[test]
    fn acceptance_german_reply_keeps_only_the_frank_sentences() {
        assert_eq!(
            unmasked(GERMAN_REPLY).trim(),
            "Ich habe den Liefertermin falsch berechnet. Die Lieferung kommt am Freitag."
        );
        let pieces = masked(GERMAN_REPLY);
        let kinds: Vec<MaskKind> = pieces.iter().map(|(_, k)| *k).collect();
        assert_eq!(kinds, [Signature, Disclaimer, ReplyHeader, QuotedReply]);
        assert_eq!(
            pieces[0].0,
            "Viele Grüße\nAnna Berg\nLeiterin Einkauf\nNordlicht GmbH\n\n"
        );
        assert!(pieces[1].0.starts_with("Diese E-Mail enthält vertrauliche"));
        assert_eq!(
            pieces[2].0,
            "Am 03.03.2025 um 09:14 schrieb Tom Weber <tom@example.com>:\n"
        );
        assert!(pieces[3].0.starts_with("> Hallo Anna,\n"));
        assert!(pieces[3].0.ends_with("> Tom\n"));
    }

    /// A variant of [`GERMAN_REPLY`] is read as the original is.
    fn assert_read_as_the_german_reply(body: &str) {
        assert_eq!(
            unmasked(body).trim(),
            "Ich habe den Liefertermin falsch berechnet. Die Lieferung kommt am Freitag."
        );
        assert_eq!(
            kinds(body),
            [Signature, Disclaimer, ReplyHeader, QuotedReply]
        );
    }

    #[test]
    fn acceptance_german_reply_with_crlf() {
        let body = GERMAN_REPLY.replace('\n', "\r\n");
        assert_read_as_the_german_reply(&body);
        // The last range ends after the final "\r\n".
        assert_eq!(
            non_author(&body).last().map(|(r, _)| r.end),
            Some(body.len())
        );
    }

    #[test]
    fn lines_of_white_space_are_blank_lines() {
        // Mail clients leave spaces and tabs on empty lines: the paragraph
        // breaks before the disclaimer and the header, and the line between
        // the header and the quotation, are still breaks.
        assert_read_as_the_german_reply(&GERMAN_REPLY.replace("\n\n", "\n \t\n"));
        // A quotation with such a line in it is one quotation.
        let body = "Siehe unten.\n\n> Erste Frage?\n \t\n> Zweite Frage?\n\nMeine Antwort.\n";
        assert_eq!(
            masked(body),
            [("> Erste Frage?\n \t\n> Zweite Frage?\n", QuotedReply)]
        );
    }

    #[test]
    fn acceptance_english_outlook_top_post() {
        let body = "\
I got the invoice total wrong. The correct amount is 4,200 euros.

Best regards,
Anna Berg
Head of Purchasing
Nordlicht GmbH | +49 40 1234567

This e-mail and any attachments are confidential and may be privileged. If you are not the intended recipient, please notify the sender immediately and delete this e-mail.

________________________________
From: Tom Weber <tom@example.com>
Sent: Tuesday, March 3, 2025 9:14 AM
To: Anna Berg <anna@example.com>
Cc: Purchasing <purchasing@example.com>
Subject: Invoice 2025-031

Hi Anna,

Going forward, we should leverage our synergies and circle back offline.
Let's take this to the next level.

Best,
Tom
";
        assert_eq!(
            unmasked(body).trim(),
            "I got the invoice total wrong. The correct amount is 4,200 euros."
        );
        let pieces = masked(body);
        assert_eq!(
            pieces.iter().map(|(_, k)| *k).collect::<Vec<_>>(),
            [Signature, Disclaimer, ReplyHeader, QuotedReply]
        );
        assert!(
            pieces[2]
                .0
                .starts_with("________________________________\nFrom: Tom")
        );
        assert!(pieces[2].0.ends_with("Subject: Invoice 2025-031\n"));
        assert!(pieces[3].0.contains("leverage our synergies"));
    }

    #[test]
    fn acceptance_english_gmail_reply_with_wrapped_header() {
        let body = "\
I forgot to attach the contract. It is attached now.

Cheers,
Anna

-- 
Anna Berg | Nordlicht GmbH | anna@example.com

On Tue, Mar 3, 2025 at 9:14 AM Tom Weber <tom@example.com>
wrote:

> Hi Anna,
>
> let's circle back and leverage our synergies to move the needle.
>
> Best,
> Tom
";
        assert_eq!(
            unmasked(body).trim(),
            "I forgot to attach the contract. It is attached now."
        );
        let pieces = masked(body);
        assert_eq!(
            pieces.iter().map(|(_, k)| *k).collect::<Vec<_>>(),
            [Signature, ReplyHeader, QuotedReply]
        );
        assert_eq!(
            pieces[1].0,
            "On Tue, Mar 3, 2025 at 9:14 AM Tom Weber <tom@example.com>\nwrote:\n"
        );
    }

    #[test]
    fn no_markers_no_masks() {
        let body = "Hallo Team,\n\ndie Zahlen für März sind fertig. Wir liegen 3 % unter Plan,\nweil zwei Kunden abgesprungen sind.\n\nAnna\n";
        assert!(non_author(body).is_empty());
        assert!(non_author("Short note without anything.").is_empty());
    }

    #[test]
    fn quoted_lines_indented_and_nested() {
        let body = "Siehe unten.\n\n> Erste Frage?\n  > eingerückt\n> > ältere Ebene\n>> noch älter\n>\n\nMeine Antwort steht hier.\n";
        let pieces = masked(body);
        assert_eq!(
            pieces,
            [(
                "> Erste Frage?\n  > eingerückt\n> > ältere Ebene\n>> noch älter\n>\n",
                QuotedReply
            )]
        );
        assert!(unmasked(body).contains("Meine Antwort steht hier."));
    }

    #[test]
    fn gt_inside_a_line_is_not_a_quote() {
        let body = "If a > b, the new price wins.\nUmsatz 2025 > Umsatz 2024, also gut.\n-> siehe Anhang\n";
        assert!(non_author(body).is_empty());
    }

    #[test]
    fn german_reply_header_variants() {
        let headers = [
            "Am 3. März 2025 um 09:14 schrieb Anna Berg <anna@example.com>:",
            "Am Mo., 3. März 2025 um 09:14 Uhr schrieb Anna Berg <anna@example.com>:",
            "Am 03.03.2025 um 09:14 schrieb Anna Berg:",
            "Am 03.03.25 09:14, schrieb Anna Berg:",
            "Am Donnerstag, 6. März 2025 um 17:40 schrieb Anna Berg <anna@example.com>:",
            "Am Di., 4. März 2025 um 10:02 Uhr schrieb Anna Berg <\nanna@example.com>:",
            "Am 03.03.2025 um 09:14 schrieb Anna Berg\n<anna@example.com>:",
            "Anna Berg <anna@example.com> schrieb am 03.03.2025 09:14:",
            "\"Anna Berg\" <anna@example.com> hat am 03.03.2025 um 09:14 geschrieben:",
        ];
        for header in headers {
            let body = format!(
                "Passt, ich bestelle morgen.\n\n{header}\n> Können wir das zeitnah abstimmen?\n"
            );
            assert_eq!(
                masked(&body),
                [
                    (format!("{header}\n").as_str(), ReplyHeader),
                    ("> Können wir das zeitnah abstimmen?\n", QuotedReply)
                ],
                "{header}"
            );
        }
    }

    #[test]
    fn english_reply_header_variants() {
        let headers = [
            "On Tue, Mar 3, 2025 at 9:14 AM Anna Berg <anna@example.com> wrote:",
            "On Mar 3, 2025, at 09:14, Anna Berg <anna@example.com> wrote:",
            "On 03/03/2025 09:14, Anna Berg wrote:",
            "On 3/3/25, Anna Berg <anna@example.com> wrote:",
            "On Wednesday, September 24, 2025 at 4:05 PM, Anna Berg wrote:",
            "On Tue, Mar 3, 2025 at 9:14 AM Anna Berg <\nanna@example.com> wrote:",
            "Anna Berg <anna@example.com> wrote on 3/3/2025 9:14 AM:",
            "Tom wrote:",
            "Quoting Anna Berg <anna@example.com>:",
        ];
        for header in headers {
            let body =
                format!("Done, see the updated file.\n\n{header}\n\n> Can we sync on this?\n");
            assert_eq!(
                masked(&body),
                [
                    (format!("{header}\n").as_str(), ReplyHeader),
                    ("> Can we sync on this?\n", QuotedReply)
                ],
                "{header}"
            );
        }
    }

    #[test]
    fn header_like_prose_stays() {
        for body in [
            "On Monday I wrote:\nthe budget is gone.\n",
            "Am Montag schrieb er mir:\nDas Budget ist weg.\n",
            "Am Montag ist das Meeting um 10:00. Tom schrieb dazu:\nIch komme später.\n",
            "Tom wrote:\nthe numbers are fine.\n",
            "As I wrote:\nWe are late.\n",
        ] {
            assert!(non_author(body).is_empty(), "{body}");
        }
    }

    #[test]
    fn dated_header_without_quote_prefix_masks_the_rest() {
        let body = "Ja, das war mein Fehler.\n\nAm 03.03.2025 um 09:14 schrieb Tom Weber <tom@example.com>:\n\nHallo Anna,\nwir müssen Synergien heben.\n";
        assert_eq!(
            masked(body),
            [
                (
                    "Am 03.03.2025 um 09:14 schrieb Tom Weber <tom@example.com>:\n",
                    ReplyHeader
                ),
                ("\nHallo Anna,\nwir müssen Synergien heben.\n", QuotedReply),
            ]
        );
    }

    #[test]
    fn inline_reply_keeps_the_answers() {
        let body = "\
On Tue, Mar 3, 2025 at 9:14 AM Tom Weber <tom@example.com> wrote:
> Is the order on time?
No, it is two days late.
> Can you send the invoice?
Thanks!
> Anything else?

No.

Best,
Anna
";
        assert_eq!(
            unmasked(body),
            "No, it is two days late.\nThanks!\n\nNo.\n\n"
        );
        assert_eq!(kinds(body).last(), Some(&Signature));
    }

    #[test]
    fn outlook_original_message_separator() {
        for sep in [
            "-----Ursprüngliche Nachricht-----",
            "-----Original Message-----",
            "----- Original Message -----",
            "---original message---",
            "-------- Original-Nachricht --------",
        ] {
            let body = format!(
                "Die Zahlen stimmen nicht, ich korrigiere sie.\n\n{sep}\nVon: Tom Weber [mailto:tom@example.com]\nGesendet: Dienstag, 3. März 2025 09:14\nAn: Anna Berg\nBetreff: Zahlen\n\nHallo Anna,\nbitte proaktiv nachsteuern.\n"
            );
            let pieces = masked(&body);
            assert_eq!(
                pieces.iter().map(|(_, k)| *k).collect::<Vec<_>>(),
                [ReplyHeader, QuotedReply],
                "{sep}"
            );
            assert!(pieces[0].0.starts_with(sep));
            assert!(pieces[0].0.ends_with("Betreff: Zahlen\n"));
            assert_eq!(
                unmasked(&body).trim(),
                "Die Zahlen stimmen nicht, ich korrigiere sie."
            );
        }
    }

    #[test]
    fn enron_style_original_message_and_lotus_forward() {
        let reply = "Jeff,\n\nPlease review the attached and let me know.\n\nThanks,\nKay\n\n -----Original Message-----\nFrom: \tDoe, Jane  \nSent:\tTuesday, October 10, 2000 10:14 AM\nTo:\tMann, Kay\nSubject:\tRE: contract\n\nKay, we need to leverage this.\n";
        assert_eq!(
            masked(reply),
            [
                ("Thanks,\nKay\n\n", Signature),
                (
                    " -----Original Message-----\nFrom: \tDoe, Jane  \nSent:\tTuesday, October 10, 2000 10:14 AM\nTo:\tMann, Kay\nSubject:\tRE: contract\n",
                    ReplyHeader
                ),
                ("\nKay, we need to leverage this.\n", QuotedReply),
            ]
        );
        let forward = "Kay,\n\nsee below.\n\n---------------------- Forwarded by Kay Mann/Corp/Enron on 10/05/2000 10:14 AM ---------------------------\n\n\nJane Doe@ECT\n10/05/2000 09:00 AM\nTo: Kay Mann/Corp/Enron@Enron\ncc:  \nSubject: Re: contract\n\nLet's touch base.\n";
        assert_eq!(kinds(forward), [Forwarded]);
        assert_eq!(unmasked(forward), "Kay,\n\nsee below.\n\n");
    }

    #[test]
    fn outlook_header_block_german() {
        let body = "\
Der Termin platzt, weil ich die Freigabe vergessen habe.

Von: Tom Weber <tom@example.com>
Gesendet: Dienstag, 3. März 2025 09:14
An: Anna Berg <anna@example.com>; Einkauf <einkauf@example.com>;
Lieferanten <lieferanten@example.com>
Cc: Jan Kurz <jan@example.com>
Betreff: AW: Termin

Hallo Anna,
wir sollten das zeitnah und ganzheitlich angehen.
> alter Text
";
        let pieces = masked(body);
        assert_eq!(
            pieces.iter().map(|(_, k)| *k).collect::<Vec<_>>(),
            [ReplyHeader, QuotedReply]
        );
        assert!(pieces[0].0.starts_with("Von: Tom Weber"));
        assert!(pieces[0].0.ends_with("Betreff: AW: Termin\n"));
        assert!(pieces[1].0.ends_with("> alter Text\n"));
    }

    #[test]
    fn outlook_mac_date_block_needs_a_subject() {
        let shipping = "Hier die Daten für die Spedition:\n\nVon: Hamburg\nAn: Berlin\nDatum: 3.3.2025\n\nBitte bis Freitag bestätigen.\n";
        assert!(non_author(shipping).is_empty());
        let mac = "Erledigt.\n\nVon: Tom Weber <tom@example.com>\nDatum: Dienstag, 3. März 2025 um 09:14\nAn: Anna Berg <anna@example.com>\nBetreff: Termin\n\nHallo Anna, …\n";
        assert_eq!(kinds(mac), [ReplyHeader, QuotedReply]);
    }

    #[test]
    fn forwarded_markers_mask_to_the_end() {
        for marker in [
            "---------- Forwarded message ---------",
            "-------- Weitergeleitete Nachricht --------",
            "Begin forwarded message:",
            "Anfang der weitergeleiteten Nachricht:",
            "---------------------- Forwarded by Jane Doe/HOU/ECT on 10/05/2000 10:14 AM ---------------------------",
        ] {
            let body = format!(
                "Please check the numbers below, they look wrong to me.\n\n{marker}\nFrom: Jane Doe <jane@example.com>\nDate: Tue, Mar 3, 2025\nSubject: Q3\n\nWe will leverage best-in-class synergies.\n> old\n\nBest regards,\nJane\n"
            );
            let pieces = masked(&body);
            assert_eq!(pieces.len(), 1, "{marker}");
            assert_eq!(pieces[0].1, Forwarded);
            assert!(pieces[0].0.starts_with(marker));
            assert!(pieces[0].0.ends_with("Jane\n"));
            assert_eq!(
                unmasked(&body).trim(),
                "Please check the numbers below, they look wrong to me."
            );
        }
    }

    #[test]
    fn signature_separator_up_to_the_next_block() {
        let body = "Ich bin ab Montag zurück.\r\n\r\n-- \r\nAnna Berg\r\nNordlicht GmbH\r\n> Wann bist du zurück?\r\n";
        assert_eq!(
            masked(body),
            [
                ("-- \r\nAnna Berg\r\nNordlicht GmbH\r\n", Signature),
                ("> Wann bist du zurück?\r\n", QuotedReply)
            ]
        );
        let bare = "Kurz: ja.\n--\nAnna\n";
        assert_eq!(masked(bare), [("--\nAnna\n", Signature)]);
        // "---" or "-- x" are not the separator.
        assert!(non_author("Liste:\n---\n-- x\nEnde.\n").is_empty());
    }

    #[test]
    fn sign_off_variants() {
        for closing in [
            "Viele Grüße",
            "Viele Grüsse,",
            "Beste Grüße",
            "Freundliche Grüße",
            "Mit freundlichen Grüßen",
            "MfG",
            "LG",
            "LG Anna",
            "Liebe Grüße!",
            "Gruß",
            "Grüße aus Hamburg",
            "Viele Grüße aus dem Norden",
            "Best regards,",
            "Kind regards",
            "Regards,",
            "Best,",
            "Best, Anna",
            "Cheers!",
            "Thanks",
            "Thanks,",
            "Thank you!",
            "Sincerely,",
            "Yours",
        ] {
            let body = format!(
                "Die Rechnung ist falsch, ich schicke morgen eine neue.\n\n{closing}\nAnna Berg\n+49 40 1234567\n"
            );
            assert_eq!(
                masked(&body),
                [(
                    format!("{closing}\nAnna Berg\n+49 40 1234567\n").as_str(),
                    Signature
                )],
                "{closing}"
            );
        }
    }

    #[test]
    fn thanks_in_the_first_line_of_a_long_message_is_not_a_signature() {
        let mut body = String::from("Thanks,\n\n");
        for i in 1..=20 {
            body.push_str(&format!(
                "Line {i} of the report: we missed the target by {i} units.\n"
            ));
        }
        assert!(non_author(&body).is_empty());
        // A real sign-off at the end is still found.
        body.push_str("\nBest regards,\nAnna\n");
        assert_eq!(masked(&body), [("Best regards,\nAnna\n", Signature)]);
    }

    #[test]
    fn closing_words_inside_sentences_are_not_sign_offs() {
        let body = "\
Hallo zusammen,

die Präsentation ist fertig.
Grüße an das Team und danke für die Geduld.
Richtet bitte viele Grüße an das Team aus, wir sind spät dran.
Thanks for the quick turnaround, it helped a lot.
Best Practices
Bester Mann im Team ist Tom, ehrlich gesagt.
Wir liefern am Freitag.
";
        assert!(non_author(body).is_empty());
    }

    #[test]
    fn sign_off_followed_by_a_sentence_is_the_message() {
        let body = "Thanks!\n\nI'll send the signed contract tomorrow morning.\n";
        assert!(non_author(body).is_empty());
    }

    #[test]
    fn german_disclaimer_variants() {
        for notice in [
            "Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen.",
            "Diese Nachricht ist vertraulich und nur für den Adressaten bestimmt.",
            "Der Inhalt dieser E-Mail ist vertraulich.",
            "Wenn Sie nicht der richtige Adressat sind, löschen Sie bitte diese Nachricht.",
            "Sollten Sie diese E-Mail irrtümlich erhalten haben, benachrichtigen Sie uns bitte.",
        ] {
            let body = format!(
                "Der Preis steigt um 4 %, weil unser Lieferant teurer wird.\n\n{notice}\nDas unerlaubte Kopieren ist nicht gestattet.\n"
            );
            assert_eq!(
                masked(&body),
                [(
                    format!("{notice}\nDas unerlaubte Kopieren ist nicht gestattet.\n").as_str(),
                    Disclaimer
                )],
                "{notice}"
            );
        }
    }

    #[test]
    fn english_disclaimer_variants() {
        for notice in [
            "This e-mail and any attachments are confidential.",
            "This email (and any attachments) is confidential.",
            "The information contained in this message is confidential and intended only for the addressee.",
            "The information contained in this communication is intended solely for the recipient.",
            "If you are not the intended recipient, please delete this message.",
            "This message is intended only for the use of the addressee.",
            "CONFIDENTIALITY NOTICE: This e-mail may contain privileged information.",
            "*** CONFIDENTIALITY NOTICE ***",
        ] {
            let body = format!("We lost the customer because we were late.\n\n{notice}\n");
            assert_eq!(
                masked(&body),
                [(format!("{notice}\n").as_str(), Disclaimer)],
                "{notice}"
            );
        }
    }

    #[test]
    fn disclaimer_after_the_quote_at_the_very_end() {
        let body = "Agreed, we cancel the project.\n\nOn 3/3/25, Tom <tom@example.com> wrote:\n> Shall we pivot?\n\n________________________________\nThis email and any files transmitted with it are confidential.\n";
        assert_eq!(
            masked(body),
            [
                ("On 3/3/25, Tom <tom@example.com> wrote:\n", ReplyHeader),
                ("> Shall we pivot?\n", QuotedReply),
                (
                    "________________________________\nThis email and any files transmitted with it are confidential.\n",
                    Disclaimer
                ),
            ]
        );
    }

    #[test]
    fn disclaimer_phrase_in_the_first_paragraph_is_prose() {
        let body = "If you are not the intended recipient of the parcel, please send it back.\n\nBest,\nAnna\n";
        assert_eq!(masked(body), [("Best,\nAnna\n", Signature)]);
    }

    #[test]
    fn german_imprint_lines_are_disclaimer() {
        let body = "\
Wir haben den Auftrag verloren.

Anna Berg
Nordlicht GmbH
Geschäftsführer: Max Muster, Erika Muster
Sitz der Gesellschaft: Hamburg
Registergericht: Amtsgericht Hamburg HRB 12345
";
        assert_eq!(
            masked(body),
            [(
                "Geschäftsführer: Max Muster, Erika Muster\nSitz der Gesellschaft: Hamburg\nRegistergericht: Amtsgericht Hamburg HRB 12345\n",
                Disclaimer
            )]
        );
        let prose =
            "Kurz zur Lage.\n\nGeschäftsführer Meier hat entschieden, dass wir schließen.\n";
        assert!(non_author(prose).is_empty());
    }

    #[test]
    fn signature_with_imprint_and_disclaimer() {
        let body = "\
Das Angebot ist zu teuer, wir lehnen ab.

Mit freundlichen Grüßen
Anna Berg
Nordlicht GmbH, Hafenstraße 1, 20457 Hamburg
Amtsgericht Hamburg HRB 12345

Der Inhalt dieser E-Mail ist vertraulich und ausschließlich für den
bezeichneten Adressaten bestimmt.
";
        let pieces = masked(body);
        assert_eq!(
            pieces,
            [
                (
                    "Mit freundlichen Grüßen\nAnna Berg\nNordlicht GmbH, Hafenstraße 1, 20457 Hamburg\n",
                    Signature
                ),
                (
                    "Amtsgericht Hamburg HRB 12345\n\nDer Inhalt dieser E-Mail ist vertraulich und ausschließlich für den\nbezeichneten Adressaten bestimmt.\n",
                    Disclaimer
                ),
            ]
        );
    }

    #[test]
    fn earlier_region_wins_over_nested_markers() {
        // A signature, a disclaimer and quotes inside a forwarded message
        // are all part of the forwarded message.
        let body = "FYI, this is the mail I meant.\n\n---------- Forwarded message ---------\nHi,\n-- \nTom\n> old\nIf you are not the intended recipient, delete this.\n";
        assert_eq!(kinds(body), [Forwarded]);
        // Quoted Outlook headers stay quotes and do not swallow the answers.
        let inline = "> From: Tom\n> Sent: Monday\nMy answer.\n";
        assert_eq!(
            masked(inline),
            [("> From: Tom\n> Sent: Monday\n", QuotedReply)]
        );
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let big = |unit: &str| unit.repeat(100_000 / unit.len().max(1));
        let inputs = [
            String::new(),
            "\n".into(),
            ">".into(),
            "\r".into(),
            "\r\n".into(),
            "\r\r\n\r".into(),
            "-- ".into(),
            "--".into(),
            "-----".into(),
            "Am ".into(),
            "On :".into(),
            "On wrote:".into(),
            ":".into(),
            "ß".into(),
            "ẞ\n\u{130}\n".into(),
            "Von:\nGesendet:".into(),
            "From:".into(),
            "Am 2025 12:34 schrieb".into(),
            "Am 2025 12:34 schrieb:".into(),
            "\u{feff}> quoted\n".into(),
            "a > b\n".into(),
            "Thanks".into(),
            "\u{1F600} Grüße 🎉\n> 🎉\n".into(),
            big("-- \n"),
            big("Thanks\n"),
            big("\n"),
            big(">"),
            big("From: a\nDate: b\n"),
            big("On 1/1/2025 12:00 x\n"),
            big("Am 03.03.2025 um 09:14 schrieb\n"),
            big("If you are not the intended recipient\n"),
            big("ä"),
            big("Geschäftsführer: x\n\n"),
        ];
        for input in &inputs {
            let _ = masked(input);
        }
        let sig = big("-- \n");
        assert_eq!(masked(&sig), [(sig.as_str(), Signature)]);
        assert!(non_author("").is_empty());
        assert!(non_author("\n").is_empty());
        assert_eq!(masked(">"), [(">", QuotedReply)]);
        assert!(non_author("\r").is_empty());
    }

    #[test]
    fn a_non_ascii_first_character_may_open_an_ascii_pattern() {
        // The Kelvin sign's lower case is "k": the list's first bytes must
        // not turn it away.
        assert_eq!(
            CLOSINGS.matches("\u{212A}ind regards").next(),
            Some(("kind regards", "\u{212A}ind regards".len()))
        );
    }

    /// Pieces that exercise every rule of `match_prefix`: case, digits,
    /// white space runs, skipped hyphens and brackets, "ß" for "ss", the
    /// Kelvin sign (whose lower case is an ASCII "k").
    const PIECES: &[&str] = &[
        "a", "A", "e", "E", "s", "S", "t", "T", "m", "1", "9", " ", "  ", "\t", "-", "(", ")", "ß",
        "ẞ", "ü", "Ü", "é", ":", ",", "İ", "\u{212A}",
    ];

    proptest::proptest! {
        /// The byte fast paths (the first byte of a list, of a pattern, then
        /// ASCII letters and digits) decide as the character rules do, for
        /// texts built from the same pieces as the pattern (so that long
        /// shared prefixes occur) and for the real pattern lists.
        #[test]
        fn match_prefix_agrees_with_its_character_rules(
            text in proptest::collection::vec(proptest::sample::select(PIECES), 0..12),
            pattern in proptest::collection::vec(proptest::sample::select(PIECES), 0..8),
            list in proptest::sample::select(
                vec![CLOSINGS.list, DISCLAIMERS.list, IMPRINTS.list, HEADER_FIELDS],
            ),
            prefix in 0usize..6,
        ) {
            let text: String = text.concat();
            let pattern = pattern.concat().to_lowercase();
            proptest::prop_assert_eq!(
                match_prefix(&text, &pattern),
                match_from(&text, &pattern, 0)
            );
            // The list's first bytes leave out no pattern that matches.
            let patterns = Patterns::new(list);
            let unfiltered = |t: &str| -> Vec<(&str, usize)> {
                list.iter()
                    .filter_map(|&p| match_from(t, p, 0).map(|n| (p, n)))
                    .collect()
            };
            proptest::prop_assert_eq!(patterns.matches(&text).collect::<Vec<_>>(), unfiltered(&text));
            for p in list {
                // A text that starts like the pattern, then goes on freely.
                let cut = p.char_indices().nth(prefix).map_or(p.len(), |(i, _)| i);
                let (head, upper) = (&p[..cut], p[..cut].to_uppercase());
                let texts = [
                    format!("{head}{text}"),
                    format!("{upper}{text}"),
                    format!("({head}{text}"),
                    format!("-{upper}{text}"),
                ];
                for t in &texts {
                    proptest::prop_assert_eq!(
                        match_prefix(t, p),
                        match_from(t, p, 0),
                        "{:?} {:?}",
                        t,
                        p
                    );
                    proptest::prop_assert_eq!(
                        patterns.matches(t).collect::<Vec<_>>(),
                        unfiltered(t)
                    );
                }
            }
        }
    }
}
