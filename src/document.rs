//! Documents: what ingest produces and every later stage reads.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::Serialize;

/// A language klartext has lexicons for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// German.
    De,
    /// English.
    En,
}

impl Lang {
    /// Every language, in a fixed order.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "de" => Ok(Lang::De),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language `{s}` (expected de or en)")),
        }
    }
}

/// Why a part of a document is not scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MaskKind {
    /// Code blocks and inline code.
    Code,
    /// Markup: raw HTML in Markdown, tags, comments.
    Markup,
    /// Front matter of a Markdown file.
    FrontMatter,
    /// A URL.
    Url,
    /// Quoted lines of an earlier message in a reply (`>` lines, a quoted
    /// Outlook block, an HTML `<blockquote>`).
    QuotedReply,
    /// The line that introduces a quotation ("On … wrote:", "Am … schrieb …:").
    ReplyHeader,
    /// A forwarded message.
    Forwarded,
    /// The signature.
    Signature,
    /// A legal disclaimer.
    Disclaimer,
}

impl MaskKind {
    /// The kebab-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            MaskKind::Code => "code",
            MaskKind::Markup => "markup",
            MaskKind::FrontMatter => "front-matter",
            MaskKind::Url => "url",
            MaskKind::QuotedReply => "quoted-reply",
            MaskKind::ReplyHeader => "reply-header",
            MaskKind::Forwarded => "forwarded",
            MaskKind::Signature => "signature",
            MaskKind::Disclaimer => "disclaimer",
        }
    }
}

/// A byte range of a document's text that is not the author's prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mask {
    /// The bytes.
    pub range: Range<usize>,
    /// Why they are not scored.
    pub kind: MaskKind,
}

/// Metadata that ingest found for a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// When it was written (as found in the source).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Its subject or title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The message id of an e-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The department or group it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Its language when the source declares it (otherwise detected).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// How the bytes were decoded when they were not UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// Further corpus fields asked for (`--group-by field:NAME`), by name.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// One document to analyze.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// A stable identifier, unique within a run (for files: the path).
    pub id: String,
    /// Where it came from (a path, `<stdin>`, or a path and record number).
    pub source: String,
    /// The text, as decoded from the source; every span points into it.
    pub text: String,
    /// Sorted, non-overlapping parts of `text` that are not the author's
    /// prose (code, markup, quoted replies, signatures, …) and are not scored.
    pub masks: Vec<Mask>,
    /// Quotations marked by the format (Markdown block quotes), in addition
    /// to those found by quotation marks: findings there are `quoted`.
    pub quotes: Vec<Range<usize>>,
    /// Metadata.
    pub meta: Meta,
    /// What reading it had to work around (an unknown charset, a MIME part
    /// that does not decode, a boundary never closed): reported with the
    /// document's warnings.
    pub warnings: Vec<String>,
}

impl Document {
    /// The byte ranges of the masks, in order.
    pub fn mask_ranges(&self) -> Vec<Range<usize>> {
        self.masks.iter().map(|m| m.range.clone()).collect()
    }

    /// A document of plain text with no masks and no metadata.
    pub fn plain(id: impl Into<String>, text: impl Into<String>) -> Document {
        let id = id.into();
        Document {
            source: id.clone(),
            id,
            text: text.into(),
            ..Document::default()
        }
    }
}
