//! E-mail: one RFC 5322 message → one document of the author's own words.
//!
//! mail-parser does the MIME work (multipart structure, quoted-printable and
//! base64, charsets, RFC 2047 headers). Of the body, text/plain is preferred;
//! an HTML-only message is converted to its visible text. Attachments are not
//! read. Quoted replies, reply headers, forwarded messages, signatures and
//! disclaimers stay in the text (so `klartext tokens` shows them and lines
//! and columns match the decoded body) but are masked from scoring.

use mail_parser::{MessageParser, PartType};

use crate::document::{Document, Mask, MaskKind, Meta};

use super::{SkipKind, Skipped, html, reply, tidy_masks, urls};

/// How many leading bytes are checked for NUL.
const BINARY_PROBE: usize = 8192;

/// Parses one message.
pub fn parse(id: String, source: String, bytes: &[u8]) -> Result<Document, Skipped> {
    let skip = |kind, reason: &str| Skipped::new(source.clone(), kind, reason.to_string());
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(skip(SkipKind::NoText, "empty message"));
    }
    if bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Err(skip(
            SkipKind::Binary,
            "binary file (contains NUL bytes), not an e-mail message",
        ));
    }
    check_headers(bytes).map_err(|reason| skip(SkipKind::Malformed, &reason))?;
    let message = MessageParser::default().parse(bytes).ok_or_else(|| {
        skip(
            SkipKind::Malformed,
            "malformed message: no MIME structure could be read",
        )
    })?;

    let mut text = String::new();
    let mut masks: Vec<Mask> = Vec::new();
    for &part_id in &message.text_body {
        let Some(part) = message.part(part_id) else {
            continue;
        };
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        match &part.body {
            PartType::Text(body) => text.push_str(body),
            PartType::Html(body) => {
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
        ..Meta::default()
    };
    Ok(Document {
        id,
        source,
        masks: tidy_masks(masks),
        text,
        meta,
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
