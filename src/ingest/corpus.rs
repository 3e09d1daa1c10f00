//! Research corpora: one document per JSON Lines record or CSV row.
//!
//! Both readers stream: one record at a time, so corpus files of any size
//! work in constant memory. A bad record is reported with its line and the
//! rest of the file is read.

use std::fmt;
use std::io::BufRead;
use std::str::FromStr;

use crate::document::{Document, Mask, Meta};

use super::{SkipKind, Skipped, dates, reply, tidy_masks, urls};

/// A field of a record: a name, or a 1-based column number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// By name (JSON key, CSV header).
    Name(String),
    /// By position, 1-based (CSV).
    Index(usize),
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
}

/// Builds the document of one record, or says why there is none.
fn document(
    name: &str,
    number: usize,
    line: usize,
    record: &impl Record,
    opts: &CorpusOptions,
) -> Result<Document, Skipped> {
    let source = format!("{name}:{line}");
    let skip = |kind, reason: String| Skipped::new(source.clone(), kind, reason);
    let Some(text) = record.get(&opts.text) else {
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
    let get = |f: &Option<Field>| {
        f.as_ref()
            .and_then(|f| record.get(f))
            .filter(|v| !v.trim().is_empty())
    };
    let id = get(&opts.id).unwrap_or_else(|| format!("{name}#{number}"));
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
        meta: Meta {
            date: get(&opts.date).map(|d| dates::normalize(&d).unwrap_or(d)),
            author: get(&opts.author),
            group: get(&opts.group),
            fields: opts
                .keep
                .iter()
                .filter_map(|(name, field)| Some((name.clone(), get(&Some(field.clone()))?)))
                .collect(),
            ..Meta::default()
        },
        ..Document::default()
    })
}

impl Record for serde_json::Map<String, serde_json::Value> {
    fn get(&self, field: &Field) -> Option<String> {
        let Field::Name(name) = field else {
            return None;
        };
        match self.get(name)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

/// One record of a JSON Lines file, read but not parsed: parsing is done by
/// the worker threads ([`JsonLine::parse`]), not by the one that reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLine {
    /// The file's name.
    pub name: String,
    /// Record number (1-based, blank lines not counted).
    pub number: usize,
    /// Line number (1-based).
    pub line_no: usize,
    /// The line.
    pub text: String,
}

impl JsonLine {
    /// Parses the record into a document.
    pub fn parse(&self, opts: &CorpusOptions) -> Result<Document, Skipped> {
        let (number, source) = (self.number, || format!("{}:{}", self.name, self.line_no));
        match serde_json::from_str::<serde_json::Value>(&self.text) {
            Ok(serde_json::Value::Object(map)) => {
                document(&self.name, number, self.line_no, &map, opts)
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
pub fn json_line_records<'a, R: BufRead + 'a>(
    name: String,
    reader: R,
) -> impl Iterator<Item = Result<JsonLine, Skipped>> + 'a {
    let mut number = 0;
    reader.lines().enumerate().filter_map(move |(i, line)| {
        let line_no = i + 1;
        let text = match line {
            Ok(line) => line,
            Err(e) => {
                return Some(Err(Skipped::new(
                    format!("{name}:{line_no}"),
                    SkipKind::Unreadable,
                    e.to_string(),
                )));
            }
        };
        if text.trim().is_empty() {
            return None;
        }
        number += 1;
        Some(Ok(JsonLine {
            name: name.clone(),
            number,
            line_no,
            text,
        }))
    })
}

struct CsvRow<'h> {
    row: csv::StringRecord,
    header: Option<&'h csv::StringRecord>,
}

impl Record for CsvRow<'_> {
    fn get(&self, field: &Field) -> Option<String> {
        let index = match field {
            Field::Index(i) => i - 1,
            Field::Name(n) => self.header?.iter().position(|h| h.trim() == n)?,
        };
        self.row.get(index).map(str::to_string)
    }
}

/// CSV: one document per row, in the dialect of `opts`.
pub fn csv<'a, R: std::io::Read + 'a>(
    name: String,
    reader: R,
    opts: &'a CorpusOptions,
) -> Box<dyn Iterator<Item = Result<Document, Skipped>> + 'a> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(opts.delimiter)
        .quote(opts.quote)
        .has_headers(opts.header)
        .flexible(true)
        .from_reader(reader);
    let header = if opts.header {
        match reader.headers() {
            Ok(h) => Some(h.clone()),
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
                        format!("columns: {}", h.iter().collect::<Vec<_>>().join(", "))
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
    Box::new(reader.into_records().map(move |row| {
        number += 1;
        match row {
            Ok(row) => {
                let line = row.position().map_or(0, |p| p.line() as usize);
                let record = CsvRow {
                    row,
                    header: header.as_ref(),
                };
                document(&name, number, line, &record, opts)
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                Err(Skipped::new(
                    format!("{name}:{line}"),
                    SkipKind::Malformed,
                    format!("record {number} is not valid CSV: {e}"),
                ))
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
        let out: Vec<_> = json_line_records("c.jsonl".into(), text.as_bytes())
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
        let docs: Vec<Document> = csv("c.csv".into(), text.as_bytes(), &opts)
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
        let docs: Vec<Document> = csv("n.csv".into(), text.as_bytes(), &opts)
            .map(Result::unwrap)
            .collect();
        assert_eq!(docs[0].text, "Ein Text; mit Semikolon");
        assert_eq!(docs[1].meta.group.as_deref(), Some("Inland"));
    }

    #[test]
    fn a_missing_column_names_the_columns() {
        let opts = CorpusOptions {
            text: Field::Name("body".into()),
            ..CorpusOptions::default()
        };
        let out: Vec<_> = csv("c.csv".into(), "id,text\n1,x\n".as_bytes(), &opts).collect();
        let e = out[0].as_ref().unwrap_err();
        assert!(
            e.reason.contains("no column `body` (columns: id, text)"),
            "{}",
            e.reason
        );
    }
}
