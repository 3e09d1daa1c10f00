//! Research corpora: one document per JSON Lines record or CSV row.
//!
//! Both readers stream: one record at a time, so corpus files of any size
//! work in constant memory. A bad record is reported with its line and the
//! rest of the file is read.

use std::fmt;
use std::io::{self, BufRead};
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use crate::document::{Document, Mask, Meta};

use super::flatjson::{self, FlatObject};
use super::{SkipKind, Skipped, dates, reply, tidy_masks, urls};

/// A field of a record: a name, or a 1-based column number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// By name (JSON key, CSV header).
    Name(String),
    /// By position, 1-based (CSV).
    Index(usize),
}

impl Field {
    /// The name, for a field asked for by name: JSON objects have no
    /// columns.
    fn name(&self) -> Option<&str> {
        match self {
            Field::Name(name) => Some(name),
            Field::Index(_) => None,
        }
    }
}

impl FromStr for Field {
    type Err = String;

    fn from_str(s: &str) -> Result<Field, String> {
        match s.parse::<usize>() {
            Ok(0) => Err("column numbers start at 1".into()),
            Ok(n) => Ok(Field::Index(n)),
            Err(_) if s.is_empty() => Err("empty field name".into()),
            Err(_) => Ok(Field::Name(s.to_string())),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Name(n) => write!(f, "`{n}`"),
            Field::Index(i) => write!(f, "column {i}"),
        }
    }
}

/// Which fields of a record hold what, and the CSV dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusOptions {
    /// The text (default: `text`).
    pub text: Field,
    /// The document id (default: `<file>#<record>`).
    pub id: Option<Field>,
    /// The date.
    pub date: Option<Field>,
    /// The author.
    pub author: Option<Field>,
    /// The group (department, section).
    pub group: Option<Field>,
    /// CSV field delimiter.
    pub delimiter: u8,
    /// CSV quote character.
    pub quote: u8,
    /// Whether the CSV file starts with a header row.
    pub header: bool,
    /// The texts are e-mail bodies: quoted replies, signatures and
    /// disclaimers in them are masked as in e-mail files.
    pub mail_bodies: bool,
    /// Further fields kept in [`Meta::fields`] under the name given.
    pub keep: Vec<(String, Field)>,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            text: Field::Name("text".into()),
            id: None,
            date: None,
            author: None,
            group: None,
            delimiter: b',',
            quote: b'"',
            header: true,
            mail_bodies: false,
            keep: Vec::new(),
        }
    }
}

/// A record's fields as strings, found by [`Field`].
trait Record {
    fn get(&self, field: &Field) -> Option<String>;

    /// [`Record::get`] for the last field asked: a record that owns its
    /// values hands this one over instead of copying it.
    fn take(&mut self, field: &Field) -> Option<String> {
        self.get(field)
    }
}

/// Builds the document of one record, or says why there is none.
fn document(
    name: &str,
    number: usize,
    line: usize,
    record: &mut impl Record,
    opts: &CorpusOptions,
) -> Result<Document, Skipped> {
    let source = format!("{name}:{line}");
    let skip = |kind, reason: String| Skipped::new(source.clone(), kind, reason);
    let get = |f: &Option<Field>| {
        f.as_ref()
            .and_then(|f| record.get(f))
            .filter(|v| !v.trim().is_empty())
    };
    let id = get(&opts.id).unwrap_or_else(|| format!("{name}#{number}"));
    let meta = Meta {
        date: get(&opts.date).map(|d| dates::normalize(&d).unwrap_or(d)),
        author: get(&opts.author),
        group: get(&opts.group),
        fields: opts
            .keep
            .iter()
            .filter_map(|(name, field)| Some((name.clone(), get(&Some(field.clone()))?)))
            .collect(),
        ..Meta::default()
    };
    // The text last: taken, not copied, where the record owns it.
    let Some(text) = record.take(&opts.text) else {
        return Err(skip(
            SkipKind::NoText,
            format!("record {number} has no {} field", opts.text),
        ));
    };
    if text.trim().is_empty() {
        return Err(skip(
            SkipKind::NoText,
            format!("record {number} has an empty {} field", opts.text),
        ));
    }
    let mut masks = urls::masks(&text);
    if opts.mail_bodies {
        masks.extend(
            reply::non_author(&text)
                .into_iter()
                .map(|(range, kind)| Mask { range, kind }),
        );
    }
    Ok(Document {
        id,
        source,
        masks: tidy_masks(masks),
        text,
        meta,
        ..Document::default()
    })
}

impl Record for serde_json::Map<String, serde_json::Value> {
    fn get(&self, field: &Field) -> Option<String> {
        json_string(self.get(field.name()?)?.clone())
    }

    fn take(&mut self, field: &Field) -> Option<String> {
        json_string(self.remove(field.name()?)?)
    }
}

impl Record for FlatObject {
    fn get(&self, field: &Field) -> Option<String> {
        FlatObject::get(self, field.name()?)?.clone()
    }

    fn take(&mut self, field: &Field) -> Option<String> {
        FlatObject::take(self, field.name()?)?
    }
}

/// A JSON value as a field's text: a string as it is, `null` as none, any
/// other value as JSON.
pub(super) fn json_string(value: serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// One record of a JSON Lines file, read but not parsed: parsing is done by
/// the worker threads ([`JsonLine::parse`]), not by the one that reads.
/// Records are equal, and shown, by their file, numbers and text (not by
/// the block they share).
#[derive(Clone)]
pub struct JsonLine {
    /// The file's name.
    pub name: Arc<str>,
    /// Record number (1-based, blank lines not counted).
    pub number: usize,
    /// Line number (1-based).
    pub line_no: usize,
    /// The block of the file the line is in, and where in it.
    block: Arc<String>,
    range: Range<usize>,
}

impl PartialEq for JsonLine {
    fn eq(&self, other: &JsonLine) -> bool {
        (&self.name, self.number, self.line_no, self.text())
            == (&other.name, other.number, other.line_no, other.text())
    }
}

impl Eq for JsonLine {}

impl fmt::Debug for JsonLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLine")
            .field("name", &self.name)
            .field("number", &self.number)
            .field("line_no", &self.line_no)
            .field("text", &self.text())
            .finish()
    }
}

impl JsonLine {
    /// The line, without its line break.
    pub fn text(&self) -> &str {
        &self.block[self.range.clone()]
    }

    /// Parses the record into a document.
    pub fn parse(&self, opts: &CorpusOptions) -> Result<Document, Skipped> {
        let (number, source) = (self.number, || format!("{}:{}", self.name, self.line_no));
        // Most records: strings (and plain values) only.
        if let Some(mut object) = flatjson::flat_object(self.text()) {
            return document(&self.name, number, self.line_no, &mut object, opts);
        }
        match serde_json::from_str::<serde_json::Value>(self.text()) {
            Ok(serde_json::Value::Object(mut map)) => {
                document(&self.name, number, self.line_no, &mut map, opts)
            }
            Ok(_) => Err(Skipped::new(
                source(),
                SkipKind::Malformed,
                format!("record {number} is not a JSON object"),
            )),
            Err(e) => Err(Skipped::new(
                source(),
                SkipKind::Malformed,
                format!("record {number} is not valid JSON: {e}"),
            )),
        }
    }
}

/// The records of a JSON Lines file, unparsed; blank lines are passed over.
/// A line longer than `max_size` bytes is passed over to its end and
/// reported, never held in memory.
///
/// The file is read in blocks of whole lines, as many as one read of
/// `reader` brings, and a record is a slice of its block, shared with the
/// others of the block: the reading thread neither allocates nor copies
/// each record, and the threads that parse the records free nothing the
/// reading thread allocated (with glibc that takes the lock of the reading
/// thread's arena: they slept on it). A block whose records are all done
/// is read into again.
pub fn json_line_records<'a, R: BufRead + 'a>(
    name: String,
    reader: R,
    max_size: u64,
) -> impl Iterator<Item = Result<JsonLine, Skipped>> + 'a {
    let name: Arc<str> = name.into();
    let mut lines = Blocks {
        reader,
        block: Block::Text(Arc::default()),
        at: 0,
        max: max_size,
        done: false,
        spent: Vec::new(),
    };
    let mut number = 0;
    let mut line_no = 0;
    std::iter::from_fn(move || {
        loop {
            let line = match lines.next_line() {
                Ok(Some(line)) => line,
                Ok(None) => return None,
                Err(e) => {
                    // Reading again would fail again: report once and stop.
                    lines.done = true;
                    line_no += 1;
                    return Some(Err(Skipped::new(
                        format!("{name}:{line_no}"),
                        SkipKind::Unreadable,
                        e.to_string(),
                    )));
                }
            };
            line_no += 1;
            let source = || format!("{name}:{line_no}");
            let (block, range) = match line {
                Line::Text(block, range) if block[range.clone()].trim().is_empty() => continue,
                Line::Text(block, range) => (block, range),
                Line::TooLong => {
                    number += 1;
                    let what = format!("record {number} is");
                    return Some(Err(Skipped::new(
                        source(),
                        SkipKind::TooLarge,
                        super::too_large_reason(&what, max_size),
                    )));
                }
                Line::NotUtf8(valid_up_to) => {
                    number += 1;
                    return Some(Err(Skipped::new(
                        source(),
                        SkipKind::Malformed,
                        format!(
                            "record {number} is not valid UTF-8 (byte {} of the line)",
                            valid_up_to + 1
                        ),
                    )));
                }
            };
            number += 1;
            return Some(Ok(JsonLine {
                name: name.clone(),
                number,
                line_no,
                block,
                range,
            }));
        }
    })
}

/// The lines of a file, read a block of whole lines at a time.
struct Blocks<R> {
    reader: R,
    /// The block the next lines come from.
    block: Block,
    /// Where the next line of `block` starts.
    at: usize,
    /// The longest line kept, in bytes without its line break.
    max: u64,
    /// The end of the input was reached, or reading failed.
    done: bool,
    /// Blocks read before, to read into again once no record holds them.
    spent: Vec<Arc<String>>,
}

impl<R> Blocks<R> {
    /// Blocks kept to read into again: enough for the records in flight
    /// (a few blocks of short records, or up to this many long ones) …
    const SPENT: usize = 8;
    /// … and none larger than this (bytes).
    const SPENT_SIZE: usize = 1 << 20;

    /// Keeps `block`, whose lines have all been handed out, to read into
    /// again.
    fn spend(&mut self, block: Block) {
        if let Block::Text(block) = block
            && block.capacity() <= Self::SPENT_SIZE
        {
            if self.spent.len() == Self::SPENT {
                self.spent.remove(0);
            }
            self.spent.push(block);
        }
    }

    /// A block no record holds any more, emptied, to read into.
    fn reuse(&mut self) -> Option<(Arc<String>, Vec<u8>)> {
        let free = self
            .spent
            .iter_mut()
            .position(|b| Arc::get_mut(b).is_some())?;
        let mut block = self.spent.swap_remove(free);
        let mut bytes = std::mem::take(Arc::get_mut(&mut block)?).into_bytes();
        bytes.clear();
        Some((block, bytes))
    }
}

/// A block of whole lines (the last one may lack its line break).
enum Block {
    /// All UTF-8: its lines are handed out as slices of it.
    Text(Arc<String>),
    /// Not all UTF-8: each line is checked, and copied, on its own.
    Bytes(Vec<u8>),
}

impl Block {
    fn bytes(&self) -> &[u8] {
        match self {
            Block::Text(text) => text.as_bytes(),
            Block::Bytes(bytes) => bytes,
        }
    }
}

/// A line of [`Blocks`].
enum Line {
    /// The line: its block, and where in it (line break and a carriage
    /// return before it left out).
    Text(Arc<String>, Range<usize>),
    /// Longer than the limit; read to its end, not kept.
    TooLong,
    /// Not UTF-8: where the first bad byte is.
    NotUtf8(usize),
}

impl<R: BufRead> Blocks<R> {
    /// The next line; `None` at the end of the input.
    fn next_line(&mut self) -> io::Result<Option<Line>> {
        let len = self.block.bytes().len();
        if self.at >= len {
            if self.done {
                return Ok(None);
            }
            let spent = std::mem::replace(&mut self.block, Block::Bytes(Vec::new()));
            self.spend(spent);
            match self.read_block()? {
                Some(block) => self.block = block,
                None => return Ok(Some(Line::TooLong)),
            }
            self.at = 0;
            return self.next_line();
        }
        let bytes = self.block.bytes();
        let start = self.at;
        let mut end = memchr::memchr(b'\n', &bytes[start..]).map_or(len, |i| start + i);
        self.at = end + 1;
        if (end - start) as u64 > self.max {
            return Ok(Some(Line::TooLong));
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Ok(Some(match &self.block {
            Block::Text(text) => Line::Text(Arc::clone(text), start..end),
            Block::Bytes(bytes) => match std::str::from_utf8(&bytes[start..end]) {
                Ok(line) => Line::Text(Arc::new(line.to_string()), 0..end - start),
                Err(e) => Line::NotUtf8(e.valid_up_to()),
            },
        }))
    }

    /// Reads the next block: what one read brings, up to and with its last
    /// line break, after the rest of a line begun in the read before
    /// (reading on until that line ends). `None` when that line is over the
    /// limit: it has been read to its end, and not kept. Marks `done` at
    /// the end of the input.
    fn read_block(&mut self) -> io::Result<Option<Block>> {
        let (reused, block) = self.reuse().unzip();
        let mut block = block.unwrap_or_default();
        let mut too_long = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                self.done = true;
                break;
            }
            if too_long {
                // Only the end of the long line matters now.
                let (end, ended) = match memchr::memchr(b'\n', chunk) {
                    Some(i) => (i + 1, true),
                    None => (chunk.len(), false),
                };
                self.reader.consume(end);
                if ended {
                    return Ok(None);
                }
                continue;
            }
            let (take, ended) = match memchr::memrchr(b'\n', chunk) {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            if block.is_empty() {
                block.reserve(take);
            }
            block.extend_from_slice(&chunk[..take]);
            self.reader.consume(take);
            if ended {
                break;
            }
            // A line without its end yet: over the limit already (a
            // carriage return before its break would count too)?
            if block.len() as u64 > self.max {
                too_long = true;
                block = Vec::new();
            }
        }
        if too_long {
            return Ok(None);
        }
        Ok(Some(match (String::from_utf8(block), reused) {
            (Ok(text), Some(mut reused)) => {
                *Arc::get_mut(&mut reused).expect("a block to reuse is held here only") = text;
                Block::Text(reused)
            }
            (Ok(text), None) => Block::Text(Arc::new(text)),
            (Err(e), _) => Block::Bytes(e.into_bytes()),
        }))
    }
}

/// A CSV row: its fields, one after the other in `text`, ending at `ends`.
struct CsvRow<'h> {
    text: String,
    ends: Vec<usize>,
    header: Option<&'h [String]>,
}

impl CsvRow<'_> {
    fn field(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }
}

impl Record for CsvRow<'_> {
    fn get(&self, field: &Field) -> Option<String> {
        let index = match field {
            Field::Index(i) => i - 1,
            Field::Name(n) => self.header?.iter().position(|h| h.trim() == n)?,
        };
        self.field(index).map(str::to_string)
    }
}

/// How much of a CSV file is read again after broken quotations (see
/// [`CsvReader`]), in multiples of the size limit; past that, the lines
/// after a broken quotation are reported unread. A byte can be read again
/// more than once (a record read again can break again), so without a
/// budget a file full of stray quotation marks could cost quadratic time.
const REREAD_BUDGET: u64 = 4;

/// How a quotation broke a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Broken {
    /// It is still open at the end of the input.
    Unclosed,
    /// It ran over a line break and what closed it is followed by more
    /// text, on this line: the mark that closed it opened the next quoted
    /// field, so an earlier mark was never closed.
    Mispaired(u64),
}

/// Follows the quotation marks of one record as RFC 4180 reads them, to
/// tell where csv-core (which prefers *a* reading to none) has paired them
/// wrongly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    /// At the start of a field.
    FieldStart,
    /// In a field that did not start with a quotation mark (a mark there is
    /// text).
    Unquoted,
    /// In a quoted field; whether it has run over a line break.
    Quoted(bool),
    /// After a quotation mark in a quoted field: it closed the field, or a
    /// second one follows (an escaped mark).
    AfterQuote(bool),
}

struct QuoteCheck {
    state: QuoteState,
    delimiter: u8,
    quote: u8,
    /// Line of the next byte.
    line: u64,
    mispaired: Option<u64>,
}

impl QuoteCheck {
    fn new(delimiter: u8, quote: u8, line: u64) -> QuoteCheck {
        QuoteCheck {
            state: QuoteState::FieldStart,
            delimiter,
            quote,
            line,
            mispaired: None,
        }
    }

    fn feed(&mut self, mut bytes: &[u8]) {
        use QuoteState::*;
        while !bytes.is_empty() {
            // Inside a field only a quotation mark, a delimiter or a line
            // break can change the state: jump to the next one.
            let skip = match self.state {
                Quoted(_) => memchr::memchr2(self.quote, b'\n', bytes),
                Unquoted => memchr::memchr2(self.delimiter, b'\n', bytes),
                FieldStart | AfterQuote(_) => Some(0),
            };
            let Some(i) = skip else { return };
            let b = bytes[i];
            bytes = &bytes[i + 1..];
            self.state = match self.state {
                FieldStart | Unquoted if b == self.delimiter => FieldStart,
                FieldStart if b == self.quote => Quoted(false),
                FieldStart | Unquoted => Unquoted,
                Quoted(crossed) if b == self.quote => AfterQuote(crossed),
                Quoted(crossed) => Quoted(crossed || b == b'\n'),
                AfterQuote(crossed) if b == self.quote => Quoted(crossed),
                AfterQuote(_) if b == self.delimiter || b == b'\r' || b == b'\n' => FieldStart,
                AfterQuote(crossed) => {
                    if crossed && self.mispaired.is_none() {
                        self.mispaired = Some(self.line);
                    }
                    Unquoted
                }
            };
            if b == b'\n' {
                self.line += 1;
            }
        }
    }

    /// How the record broke, if it did, once it has been read to its end.
    fn broken(&self) -> Option<Broken> {
        match (self.state, self.mispaired) {
            (QuoteState::Quoted(_), _) => Some(Broken::Unclosed),
            (_, Some(line)) => Some(Broken::Mispaired(line)),
            _ => None,
        }
    }
}

/// One CSV record as read.
enum RawCsv {
    /// A record (`text` and `ends` as in [`CsvRow`]) that starts on `line`.
    Row {
        line: u64,
        text: String,
        ends: Vec<usize>,
    },
    /// A record larger than the size limit, passed over to its end.
    TooLarge { line: u64 },
    /// A record that a quotation broke; it starts on `line`.
    Broken {
        line: u64,
        how: Broken,
        /// What became of the lines after `line`, the last of them.
        rest: Rest,
        last: u64,
    },
    /// A record that is not UTF-8.
    NotUtf8 { line: u64 },
    /// Reading failed.
    Io { line: u64, error: String },
}

/// What an unclosed quotation leaves of the lines after the line it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rest {
    /// They are read again as records.
    Reread,
    /// There are none.
    Nothing,
    /// They were over the size limit and are not held: not read.
    TooLarge,
    /// Too much of this file has been read again ([`REREAD_BUDGET`]): not read.
    TooMany,
}

/// Reads CSV records with csv-core, holding at most `max_size` bytes of one
/// record: a longer record is read to its end and reported, not kept (the
/// `csv` crate keeps a record whole, so one quotation mark that is never
/// closed made it hold the rest of a file of any size, issue #9).
///
/// A quotation mark that is never closed swallows the lines after it: to the
/// end of the input, or until the next quotation mark, which then closes
/// the field instead of opening one, and text follows it ([`QuoteCheck`]).
/// Such a record is reported as malformed, and the lines after the line
/// where it started are read again as records: that is where the writer
/// meant them to be. Its bytes are still held (it was within the size
/// limit), so this works on standard input too.
struct CsvReader<R> {
    reader: R,
    parser: csv_core::Reader,
    delimiter: u8,
    quote: u8,
    max_size: usize,
    /// Bytes to read before `reader`: the lines after an unclosed quotation
    /// (then `reader` is at its end), and how far they have been read.
    replay: Option<(Vec<u8>, usize)>,
    /// Bytes read again so far.
    reread: u64,
    /// Line breaks read before the next record.
    lines: u64,
    done: bool,
}

impl<R: BufRead> CsvReader<R> {
    fn new(reader: R, opts: &CorpusOptions, max_size: u64) -> CsvReader<R> {
        CsvReader {
            reader,
            parser: Self::parser(opts.delimiter, opts.quote),
            delimiter: opts.delimiter,
            quote: opts.quote,
            max_size: usize::try_from(max_size).unwrap_or(usize::MAX),
            replay: None,
            reread: 0,
            lines: 0,
            done: false,
        }
    }

    fn parser(delimiter: u8, quote: u8) -> csv_core::Reader {
        csv_core::ReaderBuilder::new()
            .delimiter(delimiter)
            .quote(quote)
            .build()
    }

    fn next_record(&mut self) -> Option<RawCsv> {
        if self.done {
            return None;
        }
        // The record's unescaped fields, their ends, its raw bytes and
        // whether it is over the limit (then only counted, not kept).
        let mut out = vec![0u8; 1024.min(self.max_size + 1)];
        let mut ends = vec![0usize; 32];
        let (mut olen, mut elen) = (0, 0);
        let mut raw: Vec<u8> = Vec::new();
        let mut too_large = false;
        let mut scratch: Vec<u8> = Vec::new();
        let mut scratch_ends: Vec<usize> = Vec::new();
        let mut line = None;
        let mut check: Option<QuoteCheck> = None;
        loop {
            if self
                .replay
                .as_ref()
                .is_some_and(|(bytes, at)| *at == bytes.len())
            {
                // Read again; what follows comes from the reader.
                self.replay = None;
            }
            let input: &[u8] = match &self.replay {
                Some((bytes, at)) => &bytes[*at..],
                None => match self.reader.fill_buf() {
                    Ok(input) => input,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.done = true;
                        return Some(RawCsv::Io {
                            line: self.lines + 1,
                            error: e.to_string(),
                        });
                    }
                },
            };
            if too_large && scratch.is_empty() {
                scratch = vec![0; 64 << 10];
                scratch_ends = vec![0; 1024];
            }
            let (res, nin, nout, nend) = if too_large {
                self.parser
                    .read_record(input, &mut scratch, &mut scratch_ends)
            } else {
                self.parser
                    .read_record(input, &mut out[olen..], &mut ends[elen..])
            };
            let mut body = &input[..nin];
            if line.is_none() {
                // Blank lines before a record are passed over.
                let lead = body
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
                self.lines += memchr::memchr_iter(b'\n', &body[..lead]).count() as u64;
                body = &body[lead..];
                if !body.is_empty() {
                    line = Some(self.lines + 1);
                }
            }
            // Only records with a quotation mark need following: most have none.
            if check.is_none() && memchr::memchr(self.quote, body).is_some() {
                let mut c = QuoteCheck::new(self.delimiter, self.quote, line.unwrap_or(1));
                c.feed(&raw);
                check = Some(c);
            }
            if let Some(check) = &mut check {
                check.feed(body);
            }
            self.lines += memchr::memchr_iter(b'\n', body).count() as u64;
            if !too_large {
                olen += nout;
                elen += nend;
                if raw.len() + body.len() > self.max_size || olen > self.max_size {
                    too_large = true;
                    (out, ends, raw) = (Vec::new(), Vec::new(), Vec::new());
                    // The check has read what `raw` held; it goes on from here.
                } else {
                    raw.extend_from_slice(body);
                }
            }
            match &mut self.replay {
                Some((_, at)) => *at += nin,
                None => self.reader.consume(nin),
            }
            match res {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    if !too_large {
                        let len = (out.len() * 2).min(self.max_size + 1).max(out.len() + 1);
                        out.resize(len, 0);
                    }
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    if !too_large {
                        ends.resize(ends.len() * 2, 0);
                    }
                }
                csv_core::ReadRecordResult::End => {
                    self.done = true;
                    return None;
                }
                csv_core::ReadRecordResult::Record => {
                    let line = line.unwrap_or(self.lines + 1);
                    if let Some(how) = check.as_ref().and_then(QuoteCheck::broken) {
                        return Some(self.broken(line, how, too_large, &raw));
                    }
                    if too_large {
                        return Some(RawCsv::TooLarge { line });
                    }
                    out.truncate(olen);
                    ends.truncate(elen);
                    // The fields are stored one after the other: text that is
                    // UTF-8 as a whole can still split a character between two
                    // fields (`J"\xc3,\xbc`), and then a field is not UTF-8.
                    return Some(match String::from_utf8(out) {
                        Ok(text) if ends.iter().all(|&e| text.is_char_boundary(e)) => {
                            RawCsv::Row { line, text, ends }
                        }
                        _ => RawCsv::NotUtf8 { line },
                    });
                }
            }
        }
    }

    /// A quotation broke the record that starts on `line`: read the lines
    /// after `line` again, when they are held and there are any.
    fn broken(&mut self, line: u64, how: Broken, too_large: bool, raw: &[u8]) -> RawCsv {
        let body = raw.trim_ascii_end();
        let last = line + memchr::memchr_iter(b'\n', body).count() as u64;
        let after = memchr::memchr(b'\n', body).map(|i| &raw[i + 1..]);
        let rest = match after {
            _ if too_large => Rest::TooLarge,
            None => Rest::Nothing,
            Some(after)
                if self.reread + after.len() as u64
                    > REREAD_BUDGET.saturating_mul(self.max_size as u64) =>
            {
                Rest::TooMany
            }
            Some(after) => {
                self.reread += after.len() as u64;
                // What follows in `replay` or `reader` comes after it.
                let mut again = after.to_vec();
                if let Some((bytes, at)) = self.replay.take() {
                    again.extend_from_slice(&bytes[at..]);
                }
                self.replay = Some((again, 0));
                self.parser.reset();
                self.lines = line;
                Rest::Reread
            }
        };
        let last = if too_large { self.lines } else { last };
        RawCsv::Broken {
            line,
            how,
            rest,
            last,
        }
    }
}

/// "line 3 is" or "lines 3–5 are".
fn lines(first: u64, last: u64, one: &str, more: &str) -> String {
    if first == last {
        format!("line {first} {one}")
    } else {
        format!("lines {first}–{last} {more}")
    }
}

/// CSV: one document per row, in the dialect of `opts`; no row larger than
/// `max_size` bytes is held ([`CsvReader`]).
pub fn csv<'a, R: BufRead + 'a>(
    name: String,
    reader: R,
    opts: &'a CorpusOptions,
    max_size: u64,
) -> Box<dyn Iterator<Item = Result<Document, Skipped>> + 'a> {
    let mut reader = CsvReader::new(reader, opts, max_size);
    let header: Option<Vec<String>> = if opts.header {
        let problem = match reader.next_record() {
            None => return Box::new(std::iter::empty()),
            Some(RawCsv::Row { text, ends, .. }) => {
                let row = CsvRow {
                    text,
                    ends,
                    header: None,
                };
                let fields = (0..row.ends.len()).filter_map(|i| row.field(i));
                Ok(fields.map(str::to_string).collect())
            }
            Some(RawCsv::TooLarge { .. }) => Err(super::too_large_reason("it is", max_size)),
            Some(RawCsv::Broken { .. }) => {
                Err("a quotation mark in it is never closed".to_string())
            }
            Some(RawCsv::NotUtf8 { .. }) => Err("it is not valid UTF-8".to_string()),
            Some(RawCsv::Io { error, .. }) => Err(error),
        };
        match problem {
            Ok(header) => Some(header),
            Err(e) => {
                let skip = Skipped::new(
                    name,
                    SkipKind::Malformed,
                    format!("cannot read the header row: {e}"),
                );
                return Box::new(std::iter::once(Err(skip)));
            }
        }
    } else {
        None
    };
    // A named field that the header lacks is an error of the whole file.
    let fields = [
        Some(&opts.text),
        opts.id.as_ref(),
        opts.date.as_ref(),
        opts.author.as_ref(),
        opts.group.as_ref(),
    ];
    for field in fields.into_iter().flatten() {
        if let Field::Name(n) = field {
            let known = header
                .as_ref()
                .is_some_and(|h| h.iter().any(|c| c.trim() == n));
            if !known {
                let columns = header
                    .as_ref()
                    .map_or("no header row (use column numbers)".to_string(), |h| {
                        format!("columns: {}", h.join(", "))
                    });
                let reason = format!("no column `{n}` ({columns})");
                return Box::new(std::iter::once(Err(Skipped::new(
                    name,
                    SkipKind::Malformed,
                    reason,
                ))));
            }
        }
    }
    let mut number = 0;
    Box::new(std::iter::from_fn(move || {
        let raw = reader.next_record()?;
        number += 1;
        let skip = |line: u64, kind, reason: String| {
            Some(Err(Skipped::new(format!("{name}:{line}"), kind, reason)))
        };
        match raw {
            RawCsv::Row { line, text, ends } => {
                let mut row = CsvRow {
                    text,
                    ends,
                    header: header.as_deref(),
                };
                Some(document(&name, number, line as usize, &mut row, opts))
            }
            RawCsv::TooLarge { line } => skip(
                line,
                SkipKind::TooLarge,
                super::too_large_reason(&format!("record {number} is"), max_size),
            ),
            RawCsv::NotUtf8 { line } => skip(
                line,
                SkipKind::Malformed,
                format!("record {number} is not valid UTF-8"),
            ),
            RawCsv::Io { line, error } => skip(line, SkipKind::Unreadable, error),
            RawCsv::Broken {
                line,
                how,
                rest,
                last,
            } => {
                let what = match how {
                    Broken::Unclosed => format!(
                        "record {number} is not valid CSV: the quoted field opened on line {line} is never closed"
                    ),
                    Broken::Mispaired(at) => format!(
                        "record {number} is not valid CSV: a quotation mark on line {line} is never closed (the next one, on line {at}, is followed by text)"
                    ),
                };
                let reason = match rest {
                    Rest::Reread => format!(
                        "{what}; the record is left out and {} read again",
                        lines(line + 1, last, "is", "are")
                    ),
                    Rest::Nothing => what,
                    Rest::TooLarge => format!(
                        "{what}; {} not read: {}",
                        lines(line, last, "is", "are"),
                        super::too_large_reason("they are", max_size)
                    ),
                    Rest::TooMany => format!(
                        "{what}; {} not read (so many broken quotations that {REREAD_BUDGET} × --max-size of this file has been read again)",
                        lines(line + 1, last, "is", "are")
                    ),
                };
                skip(line, SkipKind::Malformed, reason)
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_records_and_bad_lines() {
        let opts = CorpusOptions {
            id: Some(Field::Name("id".into())),
            date: Some(Field::Name("date".into())),
            ..CorpusOptions::default()
        };
        let text = "{\"id\": 1, \"text\": \"Hallo Welt\", \"date\": \"03.03.2025\"}\n\nnot json\n{\"id\": \"b\", \"text\": \"\"}\n[1]\n";
        let out: Vec<_> = json_line_records("c.jsonl".into(), text.as_bytes(), 1 << 20)
            .map(|r| r.and_then(|line| line.parse(&opts)))
            .collect();
        assert_eq!(out.len(), 4);
        let doc = out[0].as_ref().unwrap();
        assert_eq!(
            (doc.id.as_str(), doc.source.as_str(), doc.text.as_str()),
            ("1", "c.jsonl:1", "Hallo Welt")
        );
        assert_eq!(doc.meta.date.as_deref(), Some("2025-03-03"));
        let bad = out[1].as_ref().unwrap_err();
        assert_eq!(
            (bad.source.as_str(), bad.kind),
            ("c.jsonl:3", SkipKind::Malformed)
        );
        assert!(bad.reason.contains("record 2 is not valid JSON"));
        assert_eq!(out[2].as_ref().unwrap_err().kind, SkipKind::NoText);
        assert!(
            out[3]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("not a JSON object")
        );
    }

    #[test]
    fn csv_by_name_and_by_column_in_other_dialects() {
        let opts = CorpusOptions::default();
        let text = "id,text\n1,\"Erstens, zweitens\nund drittens\"\n2,Zwei\n";
        let docs: Vec<Document> = csv("c.csv".into(), text.as_bytes(), &opts, 1 << 20)
            .map(Result::unwrap)
            .collect();
        assert_eq!(docs[0].text, "Erstens, zweitens\nund drittens");
        assert_eq!(docs[0].source, "c.csv:2");
        assert_eq!(docs[1].source, "c.csv:4");
        assert_eq!(docs[1].id, "c.csv#2");

        let opts = CorpusOptions {
            text: Field::Index(2),
            group: Some(Field::Index(1)),
            delimiter: b';',
            quote: b'\'',
            header: false,
            ..CorpusOptions::default()
        };
        let text = "'Web';'Ein Text; mit Semikolon'\n'Inland';'Noch einer'\n";
        let docs: Vec<Document> = csv("n.csv".into(), text.as_bytes(), &opts, 1 << 20)
            .map(Result::unwrap)
            .collect();
        assert_eq!(docs[0].text, "Ein Text; mit Semikolon");
        assert_eq!(docs[1].meta.group.as_deref(), Some("Inland"));
    }

    /// (source, text or skip kind and reason) of one record.
    type Read = (String, Result<String, (SkipKind, String)>);

    fn read_csv(text: &str, max: u64) -> Vec<Read> {
        csv(
            "c.csv".into(),
            text.as_bytes(),
            &CorpusOptions::default(),
            max,
        )
        .map(|r| match r {
            Ok(d) => (d.source, Ok(d.text)),
            Err(s) => (s.source, Err((s.kind, s.reason))),
        })
        .collect()
    }

    fn ok(source: &str, text: &str) -> Read {
        (source.to_string(), Ok(text.to_string()))
    }

    /// Issue #9: a quotation mark that is never closed costs its record, not
    /// the records after it.
    #[test]
    fn csv_quotes_never_closed_cost_one_record() {
        let out = read_csv("id,text\n1,eins\n2,\"offen\n3,drei\n4,vier\n", 1 << 20);
        assert_eq!(out[0], ok("c.csv:2", "eins"));
        assert_eq!(out[1].0, "c.csv:3");
        let (kind, reason) = out[1].1.clone().unwrap_err();
        assert_eq!(kind, SkipKind::Malformed);
        assert!(
            reason.contains("opened on line 3 is never closed")
                && reason.contains("lines 4–5 are read again"),
            "{reason}"
        );
        assert_eq!(out[2..], [ok("c.csv:4", "drei"), ok("c.csv:5", "vier")]);

        // The next quoted field's opening mark closed it: text follows.
        let out = read_csv(
            "id,text\n1,\"offen\n2,zwei\n3,\"mehr\nzeilig\",x\n",
            1 << 20,
        );
        let (_, reason) = out[0].1.clone().unwrap_err();
        assert!(
            reason.contains("on line 2 is never closed (the next one, on line 4"),
            "{reason}"
        );
        assert_eq!(
            out[1..],
            [ok("c.csv:3", "zwei"), ok("c.csv:4", "mehr\nzeilig")]
        );

        // A mark inside an unquoted field is text, as before.
        assert_eq!(
            read_csv("id,text\n1,er sagte \"ja\n", 1 << 20),
            [ok("c.csv:2", "er sagte \"ja")]
        );
        // On the last line there is nothing after it to read again.
        let out = read_csv("id,text\n1,eins\n2,\"offen", 1 << 20);
        assert_eq!(out[0], ok("c.csv:2", "eins"));
        assert!(out[1].1.clone().unwrap_err().1.ends_with("never closed"));
    }

    #[test]
    fn csv_records_over_the_limit_are_not_held() {
        let long = "x".repeat(100);
        let text = format!("id,text\n1,{long}\n2,zwei\n3,\"{long}\n4,vier\n");
        let out = read_csv(&text, 50);
        assert_eq!(out[0].1.clone().unwrap_err().0, SkipKind::TooLarge);
        assert!(out[0].1.clone().unwrap_err().1.contains("--max-size 50"));
        assert_eq!(out[1], ok("c.csv:3", "zwei"));
        // Unclosed and too large: the rest is not held, so not read again.
        let (kind, reason) = out[2].1.clone().unwrap_err();
        assert_eq!((kind, out[2].0.as_str()), (SkipKind::Malformed, "c.csv:4"));
        assert!(reason.contains("lines 4–5 are not read"), "{reason}");
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn csv_rereads_are_bounded() {
        // Every other line opens a quotation that the next line's mark
        // closes with text after it; the next line is read again.
        let text = format!("id,text\n{}", "1,\"a\n2,b\"c\n".repeat(40));
        let out = read_csv(&text, 1 << 20);
        assert_eq!(out.len(), 80);
        assert_eq!(out[1], ok("c.csv:3", "b\"c"));
        // With a size limit of 20 bytes, 80 bytes are read again (6 per
        // broken record): the 14th broken record's next line is not.
        let out = read_csv(&text, 20);
        assert_eq!(out.iter().filter(|(_, r)| r.is_ok()).count(), 13);
        let (_, reason) = out[26].1.clone().unwrap_err();
        assert!(reason.contains("; line 29 is not read"), "{reason}");
        assert_eq!(out.len(), 40 + 13);
    }

    /// A record as [`json_line_records`] gives it: (line, record number,
    /// the text), or (line, the kind of skip).
    type LineRecord = Result<(usize, usize, String), (usize, SkipKind)>;

    /// What [`json_line_records`] gives for `bytes`, worked out line by
    /// line.
    fn lines_one_by_one(bytes: &[u8], max: u64) -> Vec<LineRecord> {
        let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        if lines.last().is_some_and(|l| l.is_empty()) {
            // After the last line break: no line.
            lines.pop();
        }
        let mut number = 0;
        let mut out = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            if line.len() as u64 > max {
                number += 1;
                out.push(Err((i + 1, SkipKind::TooLarge)));
                continue;
            }
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            match std::str::from_utf8(line) {
                Ok(text) if text.trim().is_empty() => {}
                Ok(text) => {
                    number += 1;
                    out.push(Ok((i + 1, number, text.to_string())));
                }
                Err(_) => {
                    number += 1;
                    out.push(Err((i + 1, SkipKind::Malformed)));
                }
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Read in blocks of whatever size the reader brings (down to one
        /// byte), a JSON Lines file gives the lines it gives read one by
        /// one: long lines within a block and across blocks, CRLF, blank
        /// and not-UTF-8 lines, a last line with and without its break.
        #[test]
        fn json_lines_read_in_blocks_are_read_line_by_line(
            lines in proptest::collection::vec((0..6u8, 0..40usize, proptest::bool::ANY), 0..30),
            last_break in proptest::bool::ANY,
            capacity in proptest::sample::select(vec![1usize, 2, 7, 64, 4096]),
            max in proptest::sample::select(vec![0u64, 5, 20, 1 << 20]),
        ) {
            let mut bytes = Vec::new();
            for (kind, len, crlf) in &lines {
                match kind {
                    0 => bytes.extend(format!("{{\"text\": \"{}\"}}", "ä".repeat(*len)).bytes()),
                    1 => bytes.extend(" ".repeat(*len % 3).bytes()),
                    2 => bytes.extend([b'x', 0xFF, b'y']),
                    _ => bytes.extend("w".repeat(*len).bytes()),
                }
                bytes.extend(if *crlf { &b"\r\n"[..] } else { b"\n" });
            }
            if !last_break && !lines.is_empty() {
                bytes.pop();
            }
            let reader = || std::io::BufReader::with_capacity(capacity, &bytes[..]);
            let record = |r: Result<JsonLine, Skipped>| match r {
                Ok(line) => Ok((line.line_no, line.number, line.text().to_string())),
                Err(s) => {
                    let line = s.source.strip_prefix("j:").unwrap().parse().unwrap();
                    Err((line, s.kind))
                }
            };
            let want = lines_one_by_one(&bytes, max);
            // Each record let go before the next is read (its block is
            // read into again) …
            let got: Vec<_> = json_line_records("j".into(), reader(), max).map(record).collect();
            proptest::prop_assert_eq!(&got, &want);
            // … or all held (each block is new).
            let held: Vec<_> = json_line_records("j".into(), reader(), max).collect();
            let got: Vec<_> = held.into_iter().map(record).collect();
            proptest::prop_assert_eq!(&got, &want);
        }
    }

    #[test]
    fn records_are_equal_by_their_text_not_their_block() {
        let lines = |text: &str| -> Vec<JsonLine> {
            json_line_records("j".into(), text.as_bytes(), 100)
                .map(Result::unwrap)
                .collect()
        };
        let one = lines("{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
        let other = lines("{\"text\": \"a\"}\n{\"text\": \"b\"}");
        assert_eq!(one, other);
        assert_ne!(one[0], other[1]);
        assert_eq!(
            format!("{:?}", one[1]),
            r#"JsonLine { name: "j", number: 2, line_no: 2, text: "{\"text\": \"b\"}" }"#
        );
    }

    #[test]
    fn json_lines_over_the_limit_or_not_utf8_are_skipped() {
        let text = b"{\"text\": \"kurz\"}\n{\"text\": \"lang lang lang lang lang\"}\r\n{\"text\": \"\xff\"}\n{\"text\": \"ok\"}\r\n";
        let out: Vec<_> = json_line_records("j".into(), &text[..], 20).collect();
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].as_ref().unwrap().text(), "{\"text\": \"kurz\"}");
        let e = out[1].as_ref().unwrap_err();
        assert_eq!((e.source.as_str(), e.kind), ("j:2", SkipKind::TooLarge));
        let e = out[2].as_ref().unwrap_err();
        assert_eq!((e.source.as_str(), e.kind), ("j:3", SkipKind::Malformed));
        assert!(
            e.reason.contains("record 3 is not valid UTF-8"),
            "{}",
            e.reason
        );
        let last = out[3].as_ref().unwrap();
        assert_eq!(
            (last.line_no, last.number, last.text()),
            (4, 4, "{\"text\": \"ok\"}")
        );
    }

    #[test]
    fn a_missing_column_names_the_columns() {
        let opts = CorpusOptions {
            text: Field::Name("body".into()),
            ..CorpusOptions::default()
        };
        let out: Vec<_> =
            csv("c.csv".into(), "id,text\n1,x\n".as_bytes(), &opts, 1 << 20).collect();
        let e = out[0].as_ref().unwrap_err();
        assert!(
            e.reason.contains("no column `body` (columns: id, text)"),
            "{}",
            e.reason
        );
    }
}
