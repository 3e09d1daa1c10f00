//! E-mail: one RFC 5322 message → one document of the author's own words.
//!
//! mail-parser does the MIME work (multipart structure, quoted-printable and
//! base64, charsets, RFC 2047 headers). Of the body, text/plain is preferred;
//! an HTML-only message is converted to its visible text. Attachments are not
//! read. Quoted replies, reply headers, forwarded messages, signatures and
//! disclaimers stay in the text (so `klartext tokens` shows them and lines
//! and columns match the decoded body) but are masked from scoring.
//!
//! Broken mail is read as far as it makes sense, and the document says what
//! was worked around (issue #9): a multipart boundary that is never closed
//! ends at the end of the message (mail-parser drops that last part); a text
//! part declared base64 that does not decode is left out (its raw form is
//! not prose), and a message with no other text is malformed; a charset
//! nobody knows is read as UTF-8 when it is, else as Windows-1252, as files
//! are.

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{Encoding, Message, MessageParser, MessagePart, MimeHeaders, PartType};

use crate::document::{Document, Mask, MaskKind, Meta};

use super::{SkipKind, Skipped, html, reply, tidy_masks, urls};

/// Parses one message.
pub fn parse(id: String, source: String, bytes: &[u8]) -> Result<Document, Skipped> {
    let skip = |kind, reason: &str| Skipped::new(source.clone(), kind, reason.to_string());
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(skip(SkipKind::NoText, "empty message"));
    }
    if super::decode::looks_binary(bytes) {
        return Err(skip(
            SkipKind::Binary,
            "binary file (contains NUL bytes), not an e-mail message",
        ));
    }
    check_headers(bytes).map_err(|reason| skip(SkipKind::Malformed, &reason))?;
    let malformed = || {
        skip(
            SkipKind::Malformed,
            "malformed message: no MIME structure could be read",
        )
    };
    let mut warnings = Vec::new();
    let mut message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(malformed)?;
    let closed = close_boundaries(&message);
    if !closed.is_empty() {
        let mut bytes = bytes.to_vec();
        for boundary in closed.iter().rev() {
            bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
            warnings.push(format!(
                "the MIME boundary `{boundary}` is never closed: its last part runs to the end of the message"
            ));
        }
        message = MessageParser::default()
            .parse(&bytes)
            .ok_or_else(malformed)?
            .into_owned();
    }

    let mut text = String::new();
    let mut masks: Vec<Mask> = Vec::new();
    // Text parts left out (undecodable base64): how many, and the first.
    // mail-parser keeps such a part in the text of a one-part message, and
    // moves it to the attachments in a multipart one.
    let broken_base64 = |part: &MessagePart<'_>| {
        part.is_encoding_problem
            && part
                .content_transfer_encoding()
                .is_some_and(|e| e.eq_ignore_ascii_case("base64"))
            && part
                .content_type()
                .is_none_or(|c| c.ctype().eq_ignore_ascii_case("text"))
    };
    let left_out: Vec<usize> = (0..message.parts.len())
        .filter(|&i| broken_base64(&message.parts[i]))
        .collect();
    // Unknown charsets: (charset, how it was read) → parts.
    let mut unknown: std::collections::BTreeMap<(String, &'static str), usize> =
        std::collections::BTreeMap::new();
    let mut encoding = None;
    for &part_id in &message.text_body {
        let Some(part) = message.part(part_id) else {
            continue;
        };
        if broken_base64(part) {
            // mail-parser hands over the undecoded body: base64, not prose.
            continue;
        }
        let redecoded = redecode(&message, part);
        if let Some((_, label, unknown_charset)) = &redecoded {
            if let Some(charset) = unknown_charset {
                *unknown.entry((charset.clone(), label)).or_default() += 1;
            }
            if *label != "UTF-8" {
                encoding = Some(*label);
            }
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        match (&part.body, redecoded) {
            (PartType::Text(_), Some((body, ..))) => text.push_str(&body),
            (PartType::Text(body), None) => text.push_str(body),
            (PartType::Html(body), redecoded) => {
                let owned;
                let body: &str = match redecoded {
                    Some((redecoded, ..)) => {
                        owned = redecoded;
                        &owned
                    }
                    None => body,
                };
                // In HTML mail, <blockquote> and the clients' reply containers
                // hold the quoted earlier message.
                let converted = html::to_text(body);
                masks.extend(converted.quoted.iter().map(|r| Mask {
                    range: start + r.start..start + r.end,
                    kind: MaskKind::QuotedReply,
                }));
                text.push_str(&converted.text);
            }
            _ => continue,
        }
        let part_text = &text[start..];
        masks.extend(
            reply::non_author(part_text)
                .into_iter()
                .map(|(r, kind)| Mask {
                    range: start + r.start..start + r.end,
                    kind,
                }),
        );
    }
    if !left_out.is_empty() && text.trim().is_empty() {
        return Err(skip(
            SkipKind::Malformed,
            "malformed message: its text is declared base64 but does not decode",
        ));
    }
    // One warning per kind of problem, however many parts have it.
    let parts = |n: usize| {
        if n == 1 {
            "1 part".to_string()
        } else {
            format!("{n} parts")
        }
    };
    match left_out.as_slice() {
        [] => {}
        [one] => warnings.push(format!(
            "left out a text part declared base64 that does not decode (MIME part {})",
            one + 1
        )),
        [first, ..] => warnings.push(format!(
            "left out {} text parts declared base64 that do not decode (the first is MIME part {})",
            left_out.len(),
            first + 1
        )),
    }
    for ((charset, label), n) in unknown {
        warnings.push(format!(
            "unknown charset `{charset}` ({}): read as {label}",
            parts(n)
        ));
    }
    masks.extend(urls::masks(&text));
    let author = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(str::to_ascii_lowercase);
    let meta = Meta {
        date: message
            .date()
            .filter(|d| d.is_valid())
            .map(|d| d.to_rfc3339()),
        author,
        subject: message.subject().map(str::to_string),
        message_id: message.message_id().map(str::to_string),
        encoding,
        ..Meta::default()
    };
    Ok(Document {
        id,
        source,
        masks: tidy_masks(masks),
        text,
        meta,
        warnings,
        ..Document::default()
    })
}

/// A message must start with a header line and its header block must end
/// with a blank line: a file cut off in its headers is reported as
/// truncated rather than read as a message without a body.
fn check_headers(bytes: &[u8]) -> Result<(), String> {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let name_len = first.iter().position(|&b| b == b':');
    let is_header = name_len.is_some_and(|n| {
        n > 0
            && first[..n]
                .iter()
                .all(|&b| b.is_ascii_graphic() && b != b':')
    });
    if !is_header {
        return Err("malformed message: the first line is not a header (`Name: value`)".into());
    }
    let ends = bytes.windows(2).any(|w| w == b"\n\n") || bytes.windows(3).any(|w| w == b"\n\r\n");
    if !ends {
        return Err("malformed message: the header block never ends (truncated?)".into());
    }
    Ok(())
}

/// The boundaries of the message's multiparts that are never closed
/// (`--boundary--` is nowhere in the message), outermost first; mail-parser
/// leaves the last part of such a multipart out of the text.
fn close_boundaries(message: &Message<'_>) -> Vec<String> {
    if !message.parts.iter().any(|p| p.is_encoding_problem) {
        return Vec::new();
    }
    let raw = message.raw_message();
    let mut open = Vec::new();
    for part in &message.parts {
        let Some(boundary) = part
            .content_type()
            .filter(|c| c.ctype().eq_ignore_ascii_case("multipart"))
            .and_then(|c| c.attribute("boundary"))
        else {
            continue;
        };
        let close = format!("--{boundary}--");
        if memchr::memmem::find(raw, close.as_bytes()).is_none() && !open.contains(&boundary) {
            open.push(boundary);
        }
    }
    open.into_iter().map(str::to_string).collect()
}

/// A text part in a charset mail-parser does not know, which it read as
/// UTF-8 with replacement characters, read again: in that charset when
/// encoding_rs knows it; else as UTF-8 when it is valid, and as
/// Windows-1252 when not, naming the unknown charset. Returns the text, the
/// encoding used and the unknown charset.
fn redecode(
    message: &Message<'_>,
    part: &MessagePart<'_>,
) -> Option<(String, &'static str, Option<String>)> {
    let charset = part.content_type()?.attribute("charset")?.trim();
    let known = encoding_rs::Encoding::for_label(charset.as_bytes());
    let utf8 = known == Some(encoding_rs::UTF_8)
        || ["utf8", "utf-8", "unicode-1-1-utf-8"]
            .iter()
            .any(|u| charset.eq_ignore_ascii_case(u));
    if utf8 || charset_decoder(charset.as_bytes()).is_some() {
        return None;
    }
    let raw = message
        .raw_message()
        .get(part.offset_body as usize..part.offset_end as usize)?;
    let bytes = match part.encoding {
        Encoding::None => raw.to_vec(),
        Encoding::QuotedPrintable => quoted_printable_decode(raw)?,
        Encoding::Base64 => base64_decode(raw)?,
    };
    if let Some(known) = known {
        let (text, _) = known.decode_without_bom_handling(&bytes);
        return Some((text.into_owned(), known.name(), None));
    }
    let (text, label) = match String::from_utf8(bytes) {
        Ok(text) => (text, "UTF-8"),
        Err(e) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            (text.into_owned(), encoding_rs::WINDOWS_1252.name())
        }
    };
    Some((text, label, Some(charset.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(raw: &str) -> Result<Document, Skipped> {
        parse("m".into(), "m".into(), raw.as_bytes())
    }

    #[test]
    fn headers_and_quoted_printable_latin1_body() {
        let raw = "From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <Juergen@Example.com>\r\nSubject: =?UTF-8?B?R3LDvMOfZQ==?=\r\nDate: Tue, 3 Mar 2025 09:14:00 +0100\r\nMessage-ID: <abc@example.com>\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nWir haben uns einvernehmlich getrennt. Gr=FC=DFe\r\n";
        let doc = parse_str(raw).unwrap();
        assert_eq!(doc.meta.author.as_deref(), Some("juergen@example.com"));
        assert_eq!(doc.meta.subject.as_deref(), Some("Grüße"));
        assert_eq!(doc.meta.date.as_deref(), Some("2025-03-03T09:14:00+01:00"));
        assert_eq!(doc.meta.message_id.as_deref(), Some("abc@example.com"));
        assert!(doc.text.contains("Grüße"), "{:?}", doc.text);
    }

    const HEAD: &str = "From: a@example.com\r\nSubject: t\r\nMIME-Version: 1.0\r\n";

    /// Issue #9: mail that breaks MIME is read as far as it makes sense, and
    /// the document says what was worked around.
    #[test]
    fn a_boundary_never_closed_ends_at_the_end_of_the_message() {
        let raw = format!(
            "{HEAD}Content-Type: multipart/mixed; boundary=X\r\n\r\n--X\r\nContent-Type: text/plain\r\n\r\nErster Teil.\r\n--X\r\nContent-Type: text/plain\r\n\r\nZweiter Teil, nie geschlossen.\r\n"
        );
        let doc = parse_str(&raw).unwrap();
        assert_eq!(
            doc.text,
            "Erster Teil.\n\nZweiter Teil, nie geschlossen.\r\n"
        );
        assert_eq!(
            doc.warnings,
            ["the MIME boundary `X` is never closed: its last part runs to the end of the message"]
        );
    }

    #[test]
    fn base64_that_does_not_decode_is_left_out() {
        let bad = "Content-Transfer-Encoding: base64\r\n\r\n!!! kein base64 ###\r\n";
        let e = parse_str(&format!("{HEAD}Content-Type: text/plain\r\n{bad}")).unwrap_err();
        assert_eq!(e.kind, SkipKind::Malformed);
        assert!(
            e.reason.contains("declared base64 but does not decode"),
            "{}",
            e.reason
        );
        let raw = format!(
            "{HEAD}Content-Type: multipart/mixed; boundary=X\r\n\r\n--X\r\nContent-Type: text/plain\r\n\r\nLesbar.\r\n--X\r\nContent-Type: text/plain\r\n{bad}--X--\r\n"
        );
        let doc = parse_str(&raw).unwrap();
        assert_eq!(doc.text, "Lesbar.");
        assert_eq!(
            doc.warnings,
            ["left out a text part declared base64 that does not decode (MIME part 3)"]
        );
    }

    #[test]
    fn an_unknown_charset_is_read_as_utf8_or_windows_1252() {
        let head = format!("{HEAD}Content-Type: text/plain; charset=x-gibt-es-nicht\r\n");
        let mut raw = format!("{head}\r\n").into_bytes();
        raw.extend_from_slice(b"Gr\xFC\xDFe \x80\r\n");
        let doc = parse("m".into(), "m".into(), &raw).unwrap();
        assert_eq!(doc.text, "Grüße €\r\n");
        assert_eq!(doc.meta.encoding, Some("windows-1252"));
        assert_eq!(
            doc.warnings,
            ["unknown charset `x-gibt-es-nicht` (1 part): read as windows-1252"]
        );
        let qp =
            format!("{head}Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n");
        let doc = parse_str(&qp).unwrap();
        assert_eq!((doc.text.as_str(), doc.meta.encoding), ("Grüße\r\n", None));
        // A charset encoding_rs knows but mail-parser does not is read right.
        let mut raw =
            format!("{HEAD}Content-Type: text/plain; charset=x-mac-cyrillic\r\n\r\n").into_bytes();
        raw.extend_from_slice(b"\x8F\xF0\xE8\xE2\xE5\xF2");
        let doc = parse("m".into(), "m".into(), &raw).unwrap();
        assert_eq!((doc.text.as_str(), doc.warnings.len()), ("Привет", 0));
    }

    #[test]
    fn binary_truncated_and_not_a_message() {
        assert_eq!(
            parse("m".into(), "m".into(), b"%PDF\x00\x01")
                .unwrap_err()
                .kind,
            SkipKind::Binary
        );
        let e = parse_str("From: a@example.com\nSubject: cut").unwrap_err();
        assert!(e.reason.contains("truncated"), "{}", e.reason);
        assert_eq!(e.kind, SkipKind::Malformed);
        assert!(
            parse_str("Hello there, this is prose.\n\nMore.")
                .unwrap_err()
                .reason
                .contains("first line")
        );
        assert_eq!(parse_str("\n\n").unwrap_err().kind, SkipKind::NoText);
    }
}
