//! HTML → the visible text a reader sees, with the quoted part of a mail
//! reply marked.
//!
//! html5gum tokenizes by the WHATWG rules and decodes character references,
//! but it is only a tokenizer: it builds no tree and, by default, does not
//! know that `<script>` content is not markup. This module plays the tree
//! builder's part as far as text needs it: it switches the tokenizer into the
//! raw-text states, skips subtrees nobody sees, turns block structure into
//! line breaks and records where quoted replies begin and end.
//!
//! Nesting is tracked with counters, never with recursion or a tree, so tag
//! soup and absurd nesting depths cost one pass over the tokens and nothing
//! more.

use std::ops::Range;

use html5gum::{StartTag, State, Token, Tokenizer};

/// Visible text of an HTML document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// The text: visible text only, entities decoded, block elements as line breaks.
    pub text: String,
    /// Byte ranges of `text` that were inside a quoted reply in HTML mail:
    /// `<blockquote>` elements and the reply containers mail clients use
    /// (`<div class="gmail_quote">`, `class="yahoo_quoted"`, `class="moz-cite-prefix"`,
    /// Outlook's `<div id="divRplyFwdMsg">` / `id="appendonsend"` and what follows it).
    /// Outermost ranges only, sorted, non-overlapping.
    pub quoted: Vec<Range<usize>>,
}

/// Converts HTML to its visible text.
pub fn to_text(html: &str) -> HtmlText {
    let mut converter = Converter::default();
    let mut tokenizer = Tokenizer::new(html);
    // Not a `for` loop: the tokenizer must stay reachable to switch its state
    // right after a `<script>`-like start tag, before it reads the content.
    while let Some(Ok(token)) = tokenizer.next() {
        match token {
            Token::StartTag(tag) => {
                if let Some(state) = converter.start_tag(&tag) {
                    tokenizer.set_state(state);
                }
            }
            Token::EndTag(tag) => converter.end_tag(&tag.name),
            Token::String(text) => converter.text(&text.value),
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    converter.finish()
}

/// An open element tracked by name: only its own start and end tags change
/// the depth, so whatever soup is inside cannot end it early.
#[derive(Debug)]
struct Nest {
    name: Vec<u8>,
    depth: usize,
}

/// Where an open quoted reply ends.
#[derive(Debug)]
enum Until {
    /// At the end tag that balances the container's start tag.
    Close(Nest),
    /// At the end of the document (Outlook puts no container around the
    /// quoted mail; everything after its marker is the old message).
    End,
}

/// The outermost open quoted reply.
#[derive(Debug)]
struct Quote {
    until: Until,
    /// Offset of its first visible character; `None` while it has produced
    /// no text, so the range starts on text, never on a separator or bullet.
    start: Option<usize>,
}

/// The state of one conversion.
///
/// Separators are owed, not written: a block end only raises `newlines` and
/// the next visible character pays what is owed. That is how runs of
/// whitespace, stacked block boundaries and empty elements collapse into at
/// most one blank line, and why nothing leads or trails the text.
#[derive(Debug, Default)]
struct Converter {
    out: String,
    quoted: Vec<Range<usize>>,
    /// Line breaks owed before the next visible character: 2 is a blank line,
    /// never more.
    newlines: u8,
    /// A space is owed (collapsed whitespace).
    space: bool,
    /// A table cell separator is owed.
    cell_sep: bool,
    /// A list item has started and its "- " is not written yet.
    bullet: bool,
    /// The current table row already has a cell, so the next one needs a
    /// separator.
    row_has_cell: bool,
    /// Open lists: a list inside a list item continues it line by line
    /// instead of starting a paragraph.
    lists: usize,
    /// Open whitespace-preserving elements (`<pre>`, `<textarea>`, …).
    pre: usize,
    /// A `<pre>` just started: browsers drop one newline right after it.
    pre_fresh: bool,
    /// Inside `<head>` and not yet in any body content.
    in_head: bool,
    /// The outermost open invisible element (`<script>`, `<svg>`, …).
    skip: Option<Nest>,
    /// The outermost open quoted reply.
    quote: Option<Quote>,
}

impl Converter {
    /// Handles a start tag; returns the state the tokenizer must switch to
    /// for elements whose content is not markup.
    fn start_tag(&mut self, tag: &StartTag<()>) -> Option<State> {
        let name: &[u8] = &tag.name;
        self.pre_fresh = false;

        if let Some(skip) = &mut self.skip {
            let foreign = is_foreign(&skip.name);
            if name == skip.name && !(foreign && tag.self_closing) {
                skip.depth += 1;
            }
            // In SVG and MathML `<style>` and `<title>` are ordinary
            // elements; switching to raw text there would swallow the page.
            return if foreign { None } else { raw_text_state(name) };
        }

        if self.in_head && !is_head_content(name) {
            // A body element implies `</head>`, as in a browser: a missing
            // `</head>` must not hide the whole mail.
            self.in_head = false;
        }
        if name == b"head" {
            // A second or late `<head>` is ignored by browsers.
            self.in_head = self.out.is_empty();
            return None;
        }

        if is_invisible(name) {
            // `/>` only closes foreign elements; `<script/>` still opens one.
            if !(is_foreign(name) && tag.self_closing) {
                self.skip = Some(Nest {
                    name: name.to_vec(),
                    depth: 1,
                });
            }
            return raw_text_state(name);
        }

        self.open_quote(tag);
        self.layout_start(name);
        raw_text_state(name)
    }

    /// Handles an end tag.
    fn end_tag(&mut self, name: &[u8]) {
        self.pre_fresh = false;

        if let Some(skip) = &mut self.skip {
            if name == skip.name {
                skip.depth -= 1;
                if skip.depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }

        if matches!(name, b"head" | b"body" | b"html") {
            self.in_head = false;
        }

        if let Some(Quote {
            until: Until::Close(nest),
            ..
        }) = &mut self.quote
            && name == nest.name
        {
            nest.depth -= 1;
            if nest.depth == 0 {
                self.close_quote();
            }
        }

        self.layout_end(name);
    }

    /// Handles character data (references already decoded by html5gum).
    fn text(&mut self, bytes: &[u8]) {
        if self.skip.is_some() || self.in_head {
            return;
        }
        // The input was a `&str`, so this borrows; lossy only guards against
        // a tokenizer surprise. (`from_utf8` first: it checks ASCII a word
        // at a time, the lossy reader a byte at a time.)
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        if self.pre > 0 {
            let mut text: &str = &text;
            if std::mem::take(&mut self.pre_fresh) {
                text = text.strip_prefix('\n').unwrap_or(text);
            }
            text.chars().for_each(|c| self.pre_char(c));
        } else {
            self.flow_text(&text);
        }
    }

    /// Text of normal flow: whitespace collapses. The first character of a
    /// word goes through [`Converter::put`], which writes the separators
    /// owed; the rest of the word owes none and is appended as it is (a
    /// `put` per character was a third of the conversion's time).
    fn flow_text(&mut self, text: &str) {
        let mut word_start = true;
        for c in text.chars() {
            match c {
                // NBSP too: Outlook writes `<p>&nbsp;</p>` as spacer
                // paragraphs and `&nbsp;&nbsp;` for indentation; as text
                // they are just space.
                ' ' | '\t' | '\n' | '\r' | '\x0C' | '\u{A0}' => {
                    self.space = true;
                    word_start = true;
                }
                c if is_invisible_char(c) => {}
                c if word_start => {
                    self.put(c);
                    word_start = false;
                }
                c => self.out.push(c),
            }
        }
    }

    /// A character inside `<pre>`: whitespace is kept, but blank lines still
    /// never pile up and lines carry no trailing blanks.
    fn pre_char(&mut self, c: char) {
        match c {
            '\n' => {
                self.flush();
                self.trim_line_end();
                if !self.out.is_empty() && !self.out.ends_with("\n\n") {
                    self.out.push('\n');
                }
            }
            ' ' | '\t' | '\x0C' | '\u{A0}' => {
                self.flush();
                self.out.push(c);
            }
            c if is_invisible_char(c) => {}
            c => self.put(c),
        }
    }

    /// Writes a visible character, paying the separators owed before it.
    fn put(&mut self, c: char) {
        self.flush();
        if std::mem::take(&mut self.bullet) {
            self.out.push_str("- ");
        }
        if let Some(quote) = &mut self.quote {
            quote.start.get_or_insert(self.out.len());
        }
        self.out.push(c);
    }

    /// Writes the separators owed; at the start of the text they are dropped.
    fn flush(&mut self) {
        let newlines = std::mem::take(&mut self.newlines);
        let cell_sep = std::mem::take(&mut self.cell_sep);
        let space = std::mem::take(&mut self.space);
        if newlines > 0 {
            self.trim_line_end();
            if self.out.is_empty() {
                return;
            }
            // A `<pre>` may already have ended its last line.
            let have = self.out.bytes().rev().take_while(|&b| b == b'\n').count();
            for _ in have..usize::from(newlines) {
                self.out.push('\n');
            }
        } else if self.out.is_empty() || self.out.ends_with('\n') {
            // Nothing to separate from, or a line start (after `<pre>`).
        } else if cell_sep {
            self.out.push_str(" | ");
        } else if space && !self.out.ends_with([' ', '\t', '\x0C', '\u{A0}']) {
            self.out.push(' ');
        }
    }

    /// Removes blanks at the end of the current line (only `<pre>` writes
    /// any): a line holding only spaces would read as an extra blank line.
    fn trim_line_end(&mut self) {
        let len = self
            .out
            .trim_end_matches([' ', '\t', '\x0C', '\u{A0}'])
            .len();
        self.out.truncate(len);
    }

    /// Owes at least `n` line breaks.
    fn ensure_newlines(&mut self, n: u8) {
        self.newlines = self.newlines.max(n);
    }

    /// `<br>`: each one is a line break, two make a blank line.
    fn line_break(&mut self) {
        self.newlines = (self.newlines + 1).min(2);
    }

    fn layout_start(&mut self, name: &[u8]) {
        match name {
            b"br" => self.line_break(),
            b"li" => {
                self.ensure_newlines(1);
                self.bullet = true;
            }
            b"dt" | b"dd" => self.ensure_newlines(1),
            b"ul" | b"ol" | b"menu" | b"dir" => {
                self.ensure_newlines(if self.lists > 0 { 1 } else { 2 });
                self.lists += 1;
            }
            b"tr" => {
                self.ensure_newlines(1);
                self.row_has_cell = false;
            }
            b"td" | b"th" => {
                self.cell_sep |= self.row_has_cell;
                self.row_has_cell = true;
            }
            b"table" => {
                self.ensure_newlines(2);
                self.row_has_cell = false;
            }
            b"pre" | b"listing" | b"xmp" | b"plaintext" => {
                self.ensure_newlines(2);
                self.pre += 1;
                self.pre_fresh = true;
            }
            b"textarea" => {
                self.pre += 1;
                self.pre_fresh = true;
            }
            _ if is_block(name) => self.ensure_newlines(2),
            _ => {}
        }
    }

    fn layout_end(&mut self, name: &[u8]) {
        match name {
            // `</br>` is a `<br>` to browsers.
            b"br" => self.line_break(),
            b"li" | b"dt" | b"dd" => {
                self.ensure_newlines(1);
                // An item without text must not lend its bullet to whatever
                // follows the list.
                self.bullet = false;
            }
            b"ul" | b"ol" | b"menu" | b"dir" => {
                self.lists = self.lists.saturating_sub(1);
                self.ensure_newlines(if self.lists > 0 { 1 } else { 2 });
            }
            b"tr" => {
                self.ensure_newlines(1);
                self.row_has_cell = false;
            }
            b"table" => {
                self.ensure_newlines(2);
                self.row_has_cell = false;
            }
            b"pre" | b"listing" | b"xmp" => {
                self.pre = self.pre.saturating_sub(1);
                self.ensure_newlines(2);
            }
            b"textarea" => self.pre = self.pre.saturating_sub(1),
            _ if is_block(name) => self.ensure_newlines(2),
            _ => {}
        }
    }

    /// Opens a quoted reply at `tag` if it is one and none is open yet, or
    /// counts it if it nests in the open one.
    fn open_quote(&mut self, tag: &StartTag<()>) {
        let name: &[u8] = &tag.name;
        let outlook = is_outlook_marker(tag);
        match &mut self.quote {
            Some(quote) => match &mut quote.until {
                Until::End => {}
                // The marker inside a container still means "the rest is the
                // old mail"; the range keeps its start.
                _ if outlook => quote.until = Until::End,
                Until::Close(nest) => {
                    if name == nest.name {
                        nest.depth += 1;
                    }
                }
            },
            None if outlook => {
                self.quote = Some(Quote {
                    until: Until::End,
                    start: None,
                });
            }
            // A void element never gets an end tag to close the range.
            None if is_quote_container(tag) && !is_void(name) => {
                self.quote = Some(Quote {
                    until: Until::Close(Nest {
                        name: name.to_vec(),
                        depth: 1,
                    }),
                    start: None,
                });
            }
            None => {}
        }
    }

    /// Records the open quoted reply's range, if it produced any text.
    fn close_quote(&mut self) {
        if let Some(Quote {
            start: Some(start), ..
        }) = self.quote.take()
        {
            // A `<pre>` may have left blanks; the range ends on text.
            let end = self.out.trim_end().len();
            self.push_range(start..end);
        }
    }

    fn push_range(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        match self.quoted.last_mut() {
            Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
            _ => self.quoted.push(range),
        }
    }

    fn finish(mut self) -> HtmlText {
        let len = self.out.trim_end().len();
        self.out.truncate(len);
        // An unclosed container quotes to the end of the input.
        self.close_quote();
        HtmlText {
            text: self.out,
            quoted: self.quoted,
        }
    }
}

/// The tokenizer state for an element whose content is not markup, as a
/// browser's tree builder would set it (html5gum leaves this to the caller).
fn raw_text_state(name: &[u8]) -> Option<State> {
    match name {
        b"script" => Some(State::ScriptData),
        // Browsers run with scripting on, so `<noscript>` is raw text.
        b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript" => {
            Some(State::RawText)
        }
        b"title" | b"textarea" => Some(State::RcData),
        b"plaintext" => Some(State::PlainText),
        _ => None,
    }
}

/// Elements whose content no reader sees.
fn is_invisible(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"title"
            | b"template"
            | b"noscript"
            | b"svg"
            | b"math"
            | b"object"
            | b"iframe"
            | b"noembed"
            | b"noframes"
    )
}

/// SVG and MathML: foreign content, where `/>` really closes an element.
fn is_foreign(name: &[u8]) -> bool {
    matches!(name, b"svg" | b"math")
}

/// Elements that may stand in `<head>` without implying `<body>`.
fn is_head_content(name: &[u8]) -> bool {
    matches!(
        name,
        b"title"
            | b"style"
            | b"script"
            | b"noscript"
            | b"template"
            | b"meta"
            | b"link"
            | b"base"
            | b"basefont"
            | b"bgsound"
    )
}

/// Elements that start and end a paragraph.
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"div"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"section"
            | b"article"
            | b"header"
            | b"footer"
            | b"blockquote"
            | b"table"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"menu"
            | b"dir"
            | b"pre"
            | b"address"
            | b"figure"
            | b"figcaption"
            | b"main"
            | b"nav"
            | b"aside"
            | b"form"
            | b"fieldset"
            | b"legend"
            | b"details"
            | b"summary"
            | b"dialog"
            | b"hgroup"
            | b"search"
            | b"center"
            | b"caption"
            | b"hr"
    )
}

/// Elements that never have content or an end tag.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"keygen"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// Characters that take no room on screen; dropping them keeps words whole
/// (`Syn&shy;ergien` is the word "Synergien").
fn is_invisible_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{AD}' | '\u{200B}' | '\u{FEFF}')
}

/// `<blockquote>`, or an element carrying a mail client's quote class.
fn is_quote_container(tag: &StartTag<()>) -> bool {
    const CLASSES: [&[u8]; 3] = [b"gmail_quote", b"yahoo_quoted", b"moz-cite-prefix"];
    &*tag.name == b"blockquote"
        || attribute(tag, b"class").is_some_and(|class| {
            class
                .split(u8::is_ascii_whitespace)
                .any(|word| CLASSES.iter().any(|c| word.eq_ignore_ascii_case(c)))
        })
}

/// Outlook's reply header (`divRplyFwdMsg`) or the empty div it puts before
/// it (`appendonsend`): the old mail follows, unwrapped, to the end.
fn is_outlook_marker(tag: &StartTag<()>) -> bool {
    attribute(tag, b"id").is_some_and(|id| {
        let id = id.trim_ascii();
        id.eq_ignore_ascii_case(b"divRplyFwdMsg") || id.eq_ignore_ascii_case(b"appendonsend")
    })
}

fn attribute<'a>(tag: &'a StartTag<()>, name: &[u8]) -> Option<&'a [u8]> {
    tag.attributes.get(name).map(|value| &value.value[..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        to_text(html).text
    }

    /// The quoted slices of the text.
    fn quoted(result: &HtmlText) -> Vec<&str> {
        result
            .quoted
            .iter()
            .map(|r| &result.text[r.clone()])
            .collect()
    }

    /// What every output must satisfy, whatever the input.
    fn assert_well_formed(html: &str) {
        let result = to_text(html);
        let t = &result.text;
        assert!(!t.contains("\n\n\n"), "{html:?} → {t:?}");
        assert_eq!(t.trim_end(), t, "trailing whitespace: {html:?} → {t:?}");
        assert!(!t.starts_with('\n'), "leading blank line: {html:?} → {t:?}");
        let mut previous_end = 0;
        for range in &result.quoted {
            assert!(
                range.start < range.end,
                "empty range {range:?} for {html:?}"
            );
            assert!(range.start >= previous_end, "overlap/unsorted for {html:?}");
            assert!(range.end <= t.len(), "range past end for {html:?}");
            assert!(t.is_char_boundary(range.start) && t.is_char_boundary(range.end));
            previous_end = range.end;
        }
    }

    #[test]
    fn drops_invisible_elements() {
        let html = "<!DOCTYPE html><html><head><title>Titel</title>\
                    <meta charset=utf-8><style>p { color: red }</style>\
                    <script>var x = 1;</script></head><body>\
                    <p>Sichtbar<!-- Kommentar --> bleibt.</p>\
                    <template><p>Vorlage</p></template>\
                    <noscript>Bitte JavaScript aktivieren</noscript>\
                    <svg viewBox=\"0 0 1 1\"><text>Grafik</text><title>Icon</title></svg>\
                    <object data=x.swf>Plugin fehlt</object>\
                    <p>Ende.</p></body></html>";
        assert_eq!(text(html), "Sichtbar bleibt.\n\nEnde.");
    }

    #[test]
    fn script_and_style_content_is_not_markup() {
        // Tokenized as markup, the `<script>` string would open a nested
        // script and the `<!--` a comment running to the end: both would
        // swallow the visible text after them.
        let html = "<div>Vor<script>if (a<b) { w('<script>'); s = '<!--'; }</script>\
                    her</div><style>a[title='<!--'] > b::after { content: '</p>' }</style>\
                    <p>Nach</p>";
        assert_eq!(text(html), "Vorher\n\nNach");
    }

    #[test]
    fn head_without_end_tag_does_not_hide_body() {
        assert_eq!(
            text("<head><title>T</title><style>x{}</style><p>Hallo Welt</p>"),
            "Hallo Welt"
        );
        assert_eq!(text("<html><head>Kopf</head><body>Rumpf</body>"), "Rumpf");
    }

    #[test]
    fn self_closing_svg_hides_nothing() {
        assert_eq!(text("<p>Logo <svg/> Firma</p>"), "Logo Firma");
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            text("<p>M&uuml;ller &amp; S&#246;hne &#x2013; &lt;b&gt; &quot;gut&quot;</p>"),
            "Müller & Söhne – <b> \"gut\""
        );
        // NBSP is space to a reader; a `<p>&nbsp;</p>` spacer leaves no line.
        assert_eq!(
            text("<p>a&nbsp;&nbsp;b</p><p>&nbsp;</p><p>c</p>"),
            "a b\n\nc"
        );
        assert_eq!(text("Syn&shy;ergien"), "Synergien");
    }

    #[test]
    fn collapses_whitespace() {
        assert_eq!(
            text("  Wir\n\t heben   <b>Synergien</b> \n  gemeinsam.  "),
            "Wir heben Synergien gemeinsam."
        );
        assert_eq!(
            text("<p>\n  Ein Satz.\n</p>\n\n<p>  Zwei. </p>"),
            "Ein Satz.\n\nZwei."
        );
    }

    #[test]
    fn keeps_whitespace_in_pre() {
        let html = "<p>Code:</p><pre>\nfn main() {\n    let  x = 1;\n}\n</pre><p>Fertig.</p>";
        assert_eq!(
            text(html),
            "Code:\n\nfn main() {\n    let  x = 1;\n}\n\nFertig."
        );
    }

    #[test]
    fn blocks_separate_paragraphs() {
        assert_eq!(
            text("<p>Er geht</p><p>Auf Wiedersehen</p>"),
            "Er geht\n\nAuf Wiedersehen"
        );
        assert_eq!(
            text(
                "<div><div>Eins</div></div><h2>Zwei</h2><section><article>Drei</article></section>"
            ),
            "Eins\n\nZwei\n\nDrei"
        );
        assert_eq!(text("Oben<hr>Unten"), "Oben\n\nUnten");
        // Empty blocks leave nothing, not a pile of blank lines.
        assert_eq!(
            text("<div></div><p>a</p><div><p></p></div><p>b</p><div></div>"),
            "a\n\nb"
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(
            text("Zeile eins<br>Zeile zwei<br/>drei"),
            "Zeile eins\nZeile zwei\ndrei"
        );
        assert_eq!(text("a<br><br>b"), "a\n\nb");
        assert_eq!(text("a<br><br><br><br>b"), "a\n\nb");
        assert_eq!(text("<br>a<br>"), "a");
    }

    #[test]
    fn list_items_are_bulleted_lines() {
        assert_eq!(
            text("Punkte:<ul><li>Erstens</li><li>Zweitens<li>Drittens</ul>Ende"),
            "Punkte:\n\n- Erstens\n- Zweitens\n- Drittens\n\nEnde"
        );
    }

    #[test]
    fn nested_lists_stay_one_block() {
        assert_eq!(
            text("<ol><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ol><p>Ende</p>"),
            "- a\n- b\n- c\n- d\n\nEnde"
        );
    }

    #[test]
    fn table_rows_and_cells() {
        assert_eq!(
            text(
                "<table><tr><th>Name</th><th>Wert</th></tr>\
                  <tr><td>Umsatz</td><td> 5 </td></tr></table>"
            ),
            "Name | Wert\nUmsatz | 5"
        );
    }

    #[test]
    fn gmail_reply_is_quoted() {
        let html = "<div dir=\"ltr\">Klare Antwort.</div><div class=\"gmail_quote\">\
                    <div class=\"gmail_attr\">Am Mo., 3. März 2025 um 09:14 Uhr schrieb Anna \
                    &lt;anna@example.com&gt;:</div>\
                    <blockquote class=\"gmail_quote\">Wir heben Synergien.</blockquote></div>";
        let result = to_text(html);
        assert_eq!(result.quoted.len(), 1);
        let range = result.quoted[0].clone();
        let quote = &result.text[range.clone()];
        assert!(quote.starts_with("Am Mo., 3. März 2025 um 09:14 Uhr schrieb Anna"));
        assert!(quote.contains("<anna@example.com>:"));
        assert!(quote.ends_with("Wir heben Synergien."));
        let answer = result.text.find("Klare Antwort.").unwrap();
        assert!(answer + "Klare Antwort.".len() <= range.start);
    }

    #[test]
    fn blockquote_ranges_are_outermost() {
        let html = "<p>Neu.</p><blockquote>Alt.<blockquote>Älter.</blockquote>Noch alt.\
                    </blockquote><p>Wieder neu.</p><blockquote>Zweites Zitat.</blockquote>";
        let result = to_text(html);
        assert_eq!(
            quoted(&result),
            ["Alt.\n\nÄlter.\n\nNoch alt.", "Zweites Zitat."]
        );
        assert!(!quoted(&result).iter().any(|q| q.contains("neu")));
        let in_list = to_text("<ul><li><blockquote>Zitat</blockquote></li></ul>");
        assert_eq!(in_list.text, "- Zitat");
        assert_eq!(quoted(&in_list), ["Zitat"]);
    }

    #[test]
    fn thunderbird_and_yahoo_quotes() {
        let html = "<p>Danke.</p><div class=\"moz-cite-prefix\">Am 01.02.25 schrieb Bob:<br></div>\
                    <blockquote type=\"cite\">Zitat.</blockquote>\
                    <div id=\"yahoo_quoted_1\" class=\"yahoo_quoted\"><div>Yahoo alt.</div></div>";
        let result = to_text(html);
        assert_eq!(
            quoted(&result),
            ["Am 01.02.25 schrieb Bob:", "Zitat.", "Yahoo alt."]
        );
    }

    #[test]
    fn outlook_marker_quotes_to_the_end() {
        let html = "<div>Meine Antwort.</div><div id=\"appendonsend\"></div>\
                    <hr style=\"display:inline-block\"><div id=\"divRplyFwdMsg\" dir=\"ltr\">\
                    <b>Von:</b> Chef</div><div>Wir müssen Synergien heben.</div></div></div>";
        let result = to_text(html);
        assert_eq!(
            quoted(&result),
            ["Von: Chef\n\nWir müssen Synergien heben."]
        );
        assert!(result.text.starts_with("Meine Antwort."));
    }

    #[test]
    fn unclosed_quote_ends_at_end_of_input() {
        let result = to_text("Oben<blockquote><p>offen <div>und tiefer");
        assert_eq!(quoted(&result), ["offen\n\nund tiefer"]);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let inputs = [
            "",
            "   \n\t ",
            "nur Text ohne Tags",
            "<",
            "a < b && c > d",
            "<div",
            "<div class=\"gmail_quote",
            "</div></div></blockquote>Text</p>",
            "<!-- nie geschlossen <p>weg",
            "<![CDATA[x]]>y",
            "<script>nie geschlossen",
            "<svg><p>",
            "<pre>",
            "<pre>\n\n\n   \n",
            "<blockquote>",
            "<blockquote></blockquote>",
            "<li><li><li>",
            "<td><td>x",
            "&#0;&#xD800;&#x110000;&;&#;&amp",
            "\0\u{1}\u{FEFF}",
            "<p>ü<blockquote>ö</p></blockquote>ä",
            "<textarea>  a\n\n\n\nb  </textarea>",
            "<plaintext><p>alles Text",
            "<head><head><body><head>x",
            "<div id=divRplyFwdMsg>",
        ];
        for html in inputs {
            assert_well_formed(html);
        }
        assert_eq!(text("a < b"), "a < b");
        assert_eq!(text("nur Text ohne Tags"), "nur Text ohne Tags");
        assert_eq!(text(""), "");
    }

    #[test]
    fn random_tag_soup_keeps_invariants() {
        const PIECES: [&str; 24] = [
            "<p>",
            "</p>",
            "<div class=gmail_quote>",
            "</div>",
            "<blockquote>",
            "</blockquote>",
            "<pre>",
            "</pre>",
            "<br>",
            "<li>",
            "<td>",
            "<tr>",
            "Wort ",
            "  \n ",
            "\n\n",
            "&nbsp;",
            "ä",
            "<script>",
            "</script>",
            "<svg>",
            "</svg>",
            "<!--",
            "-->",
            "<div id=appendonsend>",
        ];
        // A fixed xorshift stream: reproducible without a test dependency.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..500 {
            let mut html = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                html.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            assert_well_formed(&html);
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 2_000;
        let html = format!(
            "{}Tief{}{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth),
            "<blockquote><div>".repeat(depth)
        );
        assert_eq!(text(&html), "Tief");
        let quote = format!(
            "<div class=gmail_quote>{}Zitat{}</div>Danach",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let result = to_text(&quote);
        assert_eq!(result.text, "Zitat\n\nDanach");
        assert_eq!(quoted(&result), ["Zitat"]);
    }

    /// Pieces of paragraph text: letters (also non-ASCII), white space of
    /// every kind that collapses, invisible characters, inline tags.
    const FLOW: &[&str] = &[
        "a", "B", "ü", "ß", "é", "x y", " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{AD}",
        "\u{200B}", "\u{FEFF}", "\u{1}", "<b>", "</b>", "<span>", "</span>", "<i>", "</i>",
    ];

    proptest::proptest! {
        /// The text of a paragraph comes out as its words, invisible
        /// characters dropped, one space between words, however the words
        /// are split among inline elements.
        #[test]
        fn paragraph_text_is_its_words_one_space_apart(
            pieces in proptest::collection::vec(proptest::sample::select(FLOW), 0..30),
        ) {
            let html = format!("<p>{}</p>", pieces.concat());
            let text: String = pieces
                .iter()
                .filter(|p| !p.starts_with('<'))
                .flat_map(|p| p.chars())
                .filter(|&c| !is_invisible_char(c) || c.is_whitespace())
                .collect();
            let words: Vec<&str> = text
                .split([' ', '\t', '\n', '\r', '\x0C', '\u{A0}'])
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(to_text(&html).text, words.join(" "), "{:?}", html);
        }
    }
}
