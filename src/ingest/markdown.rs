//! Markdown: which parts are not prose, which are quotations, and the
//! metadata of the front matter.
//!
//! pulldown-cmark reports the source range of every element, so code blocks,
//! inline code, raw HTML, link targets and front matter become masks over the
//! original text, and block quotes become quotation regions; the prose keeps
//! its offsets, so lines and columns are those of the `.md` file.

use std::ops::Range;

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag};

use crate::document::{Mask, MaskKind};

/// What the Markdown structure says about a text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Markdown {
    /// Parts that are not prose (unsorted; see [`super::tidy_masks`]).
    pub masks: Vec<Mask>,
    /// Block quotes.
    pub quotes: Vec<Range<usize>>,
    /// `date:` of the front matter.
    pub date: Option<String>,
    /// `author:` of the front matter.
    pub author: Option<String>,
}

/// Reads the structure of a Markdown text.
pub fn parse(text: &str) -> Markdown {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    let mut md = Markdown::default();
    let mask = |range: Range<usize>, kind| Mask { range, kind };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => {
                md.masks.push(mask(range, MaskKind::Code))
            }
            Event::Start(Tag::HtmlBlock) | Event::Html(_) | Event::InlineHtml(_) => {
                md.masks.push(mask(range, MaskKind::Markup))
            }
            Event::Start(Tag::MetadataBlock(kind)) => {
                front_matter(&text[range.clone()], kind, &mut md);
                md.masks.push(mask(range, MaskKind::FrontMatter));
            }
            Event::Start(Tag::BlockQuote(_)) => md.quotes.push(range),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                // Mask the target, not the link text: `[text](url)` keeps `text`.
                let source = &text[range.clone()];
                let url = dest_url.as_ref();
                if let Some(at) = source.rfind(url).filter(|_| !url.is_empty()) {
                    let start = range.start + at;
                    md.masks.push(mask(start..start + url.len(), MaskKind::Url));
                }
            }
            _ => {}
        }
    }
    md
}

/// Reads `date:` and `author:` from YAML (`---`) or TOML (`+++`) front matter.
fn front_matter(block: &str, kind: MetadataBlockKind, md: &mut Markdown) {
    let separator = match kind {
        MetadataBlockKind::YamlStyle => ':',
        MetadataBlockKind::PlusesStyle => '=',
    };
    for line in block.lines() {
        let Some((key, value)) = line.split_once(separator) else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        match key.trim() {
            "date" => md.date = Some(value.to_string()),
            "author" => md.author = Some(value.to_string()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_html_and_link_targets_are_masked() {
        let text = "# Plan\n\nWir nutzen `Synergien` hier, siehe [die Seite](https://ai-powered.example/x).\n\n```toml\nkey = \"KI-gestützt\"\n```\n\n<!-- Kommentar -->\nText.\n";
        let md = parse(text);
        let masked: Vec<(&str, MaskKind)> = md
            .masks
            .iter()
            .map(|m| (&text[m.range.clone()], m.kind))
            .collect();
        assert_eq!(masked[0], ("`Synergien`", MaskKind::Code));
        assert_eq!(masked[1], ("https://ai-powered.example/x", MaskKind::Url));
        assert!(masked[2].0.starts_with("```toml") && masked[2].1 == MaskKind::Code);
        assert_eq!(masked[3].1, MaskKind::Markup);
        assert!(masked[3].0.starts_with("<!-- Kommentar -->"));
    }

    #[test]
    fn block_quotes_and_front_matter() {
        let text = "---\ntitle: Memo\ndate: 2025-03-03\nauthor: \"Anna Berg\"\n---\n\nText.\n\n> Zitat hier.\n";
        let md = parse(text);
        assert_eq!(md.date.as_deref(), Some("2025-03-03"));
        assert_eq!(md.author.as_deref(), Some("Anna Berg"));
        assert_eq!(md.masks[0].kind, MaskKind::FrontMatter);
        assert!(text[md.masks[0].range.clone()].contains("author"));
        assert_eq!(&text[md.quotes[0].clone()], "> Zitat hier.\n");
    }
}
