//! Ingest: paths, folders and stdin → [`Document`]s.
//!
//! Nothing is lost: every input becomes either a document or a [`Skipped`]
//! record with a reason, in a deterministic order (folders are walked sorted
//! by name). A read error is reported for that input and the run goes on.

mod decode;
mod markdown;
mod urls;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::document::{Document, Mask, Meta};

pub use decode::decode;

/// File extensions read when walking a folder, and how.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown"];

/// How a source's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: all of it is prose.
    Text,
    /// Markdown: code, HTML and front matter are masked.
    Markdown,
}

impl Format {
    /// The format a file name implies (plain text when unknown).
    pub fn of(path: &Path) -> Format {
        match extension(path) {
            Some(ext) if MARKDOWN_EXTENSIONS.contains(&ext.as_str()) => Format::Markdown,
            _ => Format::Text,
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Something to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Source {
    /// How the source is named in output.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "<stdin>".into(),
        }
    }
}

/// An input that was not analyzed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The input's name.
    pub source: String,
    /// Why it was skipped.
    pub reason: String,
    /// Whether this is an input error (unreadable, missing) rather than a
    /// file klartext does not read (unsupported type, binary): errors make
    /// the run exit with code 2.
    pub error: bool,
}

/// One item of a run's input list, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// To be read and analyzed.
    Read(Source),
    /// Already known to be skipped.
    Skip(Skipped),
}

/// Expands the inputs given on the command line (`-` is stdin) into items:
/// files as given, folders walked recursively in name order. Hidden files and
/// folders inside a walked folder are passed over (like `.git`); files of
/// other types inside a folder are listed as skipped.
pub fn discover(inputs: &[PathBuf]) -> Vec<Item> {
    let mut items = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            items.push(Item::Read(Source::Stdin));
            continue;
        }
        match fs::metadata(input) {
            Err(e) => items.push(Item::Skip(Skipped {
                source: input.display().to_string(),
                reason: io_reason(&e),
                error: true,
            })),
            Ok(m) if m.is_dir() => walk(input, &mut items),
            Ok(_) => items.push(Item::Read(Source::File(input.clone()))),
        }
    }
    items
}

fn walk(root: &Path, items: &mut Vec<Item>) {
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Err(e) => items.push(Item::Skip(Skipped {
                source: e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string()),
                reason: e.io_error().map_or_else(|| e.to_string(), io_reason),
                error: true,
            })),
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let path = e.into_path();
                let known = extension(&path).is_some_and(|ext| {
                    TEXT_EXTENSIONS.contains(&ext.as_str())
                        || MARKDOWN_EXTENSIONS.contains(&ext.as_str())
                });
                items.push(if known {
                    Item::Read(Source::File(path))
                } else {
                    Item::Skip(Skipped {
                        source: path.display().to_string(),
                        reason: "unsupported file type (klartext reads .txt and .md)".into(),
                        error: false,
                    })
                });
            }
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads a source into a document.
pub fn read(source: &Source) -> Result<Document, Skipped> {
    let name = source.name();
    let skipped = |reason: String, error: bool| Skipped {
        source: name.clone(),
        reason,
        error,
    };
    let (bytes, format) = match source {
        Source::File(path) => (
            fs::read(path).map_err(|e| skipped(io_reason(&e), true))?,
            Format::of(path),
        ),
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| skipped(e.to_string(), true))?;
            (buf, Format::Text)
        }
    };
    let (text, encoding) = decode(&bytes).map_err(|reason| skipped(reason, false))?;
    Ok(document(name, text, format, encoding))
}

/// Builds a document from decoded text.
pub fn document(
    name: String,
    text: String,
    format: Format,
    encoding: Option<&'static str>,
) -> Document {
    let mut doc = Document {
        id: name.clone(),
        source: name,
        meta: Meta {
            encoding,
            ..Meta::default()
        },
        ..Document::default()
    };
    let mut masks = urls::masks(&text);
    if format == Format::Markdown {
        let md = markdown::parse(&text);
        masks.extend(md.masks);
        doc.quotes = md.quotes;
        doc.meta.date = md.date;
        doc.meta.author = md.author;
    }
    doc.masks = tidy_masks(masks);
    doc.text = text;
    doc
}

/// Sorts masks and merges overlapping ones (the earlier one's kind wins), as
/// [`Document::masks`] requires.
pub fn tidy_masks(mut masks: Vec<Mask>) -> Vec<Mask> {
    masks.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut out: Vec<Mask> = Vec::with_capacity(masks.len());
    for m in masks.into_iter().filter(|m| !m.range.is_empty()) {
        match out.last_mut() {
            Some(last) if m.range.start < last.range.end => {
                last.range.end = last.range.end.max(m.range.end)
            }
            _ => out.push(m),
        }
    }
    out
}
