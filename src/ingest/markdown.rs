//! Markdown: which parts are not prose.
//!
//! pulldown-cmark reports the source range of every element, so code blocks,
//! inline code, raw HTML and front matter become masks over the original
//! text; the prose keeps its offsets, lines and columns.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// Sorted, non-overlapping byte ranges of `text` that are not prose.
pub fn masks(text: &str) -> Vec<Range<usize>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    let mut out: Vec<Range<usize>> = Parser::new_ext(text, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_) => Some(range),
            _ => None,
        })
        .collect();
    out.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::masks;

    #[test]
    fn code_and_html_are_masked() {
        let text = "# Plan\n\nWir nutzen `Synergien` hier.\n\n```toml\nkey = \"KI-gestützt\"\n```\n\n<!-- Kommentar -->\nText.\n";
        let masked: Vec<&str> = masks(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(masked.len(), 3, "{masked:?}");
        assert_eq!(masked[0], "`Synergien`");
        assert!(masked[1].starts_with("```toml") && masked[1].contains("KI-gestützt"));
        assert!(masked[2].starts_with("<!-- Kommentar -->"));
    }
}
