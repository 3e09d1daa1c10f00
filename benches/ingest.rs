//! Ingest micro benchmarks (divan): every input format, from bytes to
//! documents, each reporting bytes per second of input and each checking
//! what it produced (documents, text bytes, quotations), so that a reader
//! that gets faster by reading less fails here instead of looking good.
//!
//! Input: the files of `corpora/` (our own text), `COPIES` times, written
//! into each format here in memory (containers go through a temporary file,
//! since `ingest::units` streams them from a path as a scan does).
//!
//! Run: `cargo bench --bench ingest`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use klartext::ingest::{self, Format, IngestOptions, Mbox};

const COPIES: usize = 40;

fn main() {
    divan::main();
}

/// One document of the input: an id, the folder it came from, and its text
/// as in the corpus file.
struct Doc {
    id: String,
    lang: &'static str,
    text: String,
}

/// Every file of `corpora/de` and `corpora/en`, sorted by name, `COPIES` times.
fn docs() -> &'static [Doc] {
    static DOCS: OnceLock<Vec<Doc>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
        let mut files: Vec<(&'static str, PathBuf)> = ["de", "en"]
            .into_iter()
            .flat_map(|lang| {
                let dir = std::fs::read_dir(root.join(lang)).expect("corpora/ reads");
                dir.map(move |e| (lang, e.expect("corpora/ entry").path()))
            })
            .collect();
        files.sort();
        assert_eq!(
            files.len(),
            CORPUS_FILES,
            "files in corpora/de and corpora/en"
        );
        let mut out = Vec::new();
        for copy in 0..COPIES {
            for (lang, f) in &files {
                let name = f.file_name().unwrap().to_string_lossy();
                out.push(Doc {
                    id: format!("{copy}/{lang}/{name}"),
                    lang,
                    text: std::fs::read_to_string(f).expect("corpus file is UTF-8"),
                });
            }
        }
        out
    })
}

/// Files in `corpora/de` and `corpora/en`.
const CORPUS_FILES: usize = 8;
/// Documents of every container benchmark.
const DOCS: usize = CORPUS_FILES * COPIES;

fn text_bytes() -> usize {
    docs().iter().map(|d| d.text.len()).sum()
}

/// Writes `bytes` to `name` in a fresh temporary folder (removed when the
/// returned guard drops).
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(bytes))
        .expect("temporary file writes");
    (dir, path)
}

/// What a whole ingest of `path` produced: (documents, text bytes), failing
/// on any skip.
fn ingest_all(path: &Path, opts: &IngestOptions) -> (usize, usize) {
    let inputs = [path.to_path_buf()];
    let (mut docs, mut bytes) = (0, 0);
    for unit in ingest::units(&inputs, opts) {
        match ingest::load(unit, opts) {
            Ok(doc) => {
                docs += 1;
                bytes += doc.text.len();
            }
            Err(skip) => panic!("skipped: {skip:?}"),
        }
    }
    (docs, bytes)
}

/// A container file (JSON Lines, CSV, mbox) read the way `klartext scan`
/// reads it: streamed into units, each loaded into a document.
fn bench_container(bencher: Bencher, name: &str, bytes: &[u8], expected_text: usize) {
    let (_dir, path) = temp_file(name, bytes);
    let opts = IngestOptions::default();
    assert_eq!(ingest_all(&path, &opts), (DOCS, expected_text), "{name}");
    bencher
        .counter(BytesCount::new(bytes.len()))
        .counter(ItemsCount::new(DOCS))
        .bench(|| {
            let (docs, text) = ingest_all(black_box(&path), &opts);
            assert_eq!(docs, DOCS);
            text
        });
}

#[divan::bench]
fn json_lines(bencher: Bencher) {
    let mut jsonl = String::new();
    for d in docs() {
        jsonl.push_str(&serde_json::json!({"id": d.id, "text": d.text}).to_string());
        jsonl.push('\n');
    }
    bench_container(bencher, "corpus.jsonl", jsonl.as_bytes(), text_bytes());
}

#[divan::bench]
fn csv(bencher: Bencher) {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "text"]).unwrap();
    for d in docs() {
        w.write_record([&d.id, &d.text]).unwrap();
    }
    let csv = w.into_inner().unwrap();
    bench_container(bencher, "corpus.csv", &csv, text_bytes());
}

/// Header of the `n`th message of the benchmark mbox.
fn mail_header(n: usize, extra: &str) -> String {
    format!(
        "From: bench@example.invalid\nSubject: doc {n}\n\
         Date: Thu, 26 Nov 2026 00:00:00 +0000\nMessage-ID: <{n}@bench.invalid>\n\
         MIME-Version: 1.0\n{extra}"
    )
}

/// `bodies` as the messages of an mboxrd file (body lines starting with
/// `From ` escaped as `>From `), and their bytes of text.
fn mbox_of(bodies: impl Iterator<Item = String>) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut text = 0;
    for (i, body) in bodies.enumerate() {
        text += body.len();
        out.extend_from_slice(b"From bench@example.invalid Thu Nov 26 00:00:00 2026\n");
        let header = mail_header(i + 1, "Content-Type: text/plain; charset=utf-8\n");
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(b"\n");
        for line in body.split_inclusive('\n') {
            if line.trim_start_matches('>').starts_with("From ") {
                out.push(b'>');
            }
            out.extend_from_slice(line.as_bytes());
        }
        out.extend_from_slice(b"\n");
    }
    (out, text)
}

/// Every document as a message of an mboxrd file. Each body gets a line
/// starting with "From " (escaped as ">From ") so the unescaping is timed too.
fn mbox() -> &'static (Vec<u8>, usize) {
    static MBOX: OnceLock<(Vec<u8>, usize)> = OnceLock::new();
    MBOX.get_or_init(|| {
        mbox_of(
            docs()
                .iter()
                .map(|d| format!("{}\nFrom here on, the numbers.\n", d.text.trim_end())),
        )
    })
}

/// `text` with its paragraphs wrapped at 72 columns, as mail clients send
/// it, each line with `prefix` in front.
fn wrapped(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 72 {
                out.push_str(&format!("{prefix}{line}\n"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&format!("{prefix}{line}\n{}\n", prefix.trim_end()));
    }
    out
}

/// Every document as a reply, the way mail looks in an archive: its text
/// wrapped at 72 columns, a sign-off, a legal notice, a reply header and the
/// previous document quoted with `> `.
fn replies() -> &'static (Vec<u8>, usize) {
    static REPLIES: OnceLock<(Vec<u8>, usize)> = OnceLock::new();
    REPLIES.get_or_init(|| {
        let docs = docs();
        mbox_of(docs.iter().enumerate().map(|(i, d)| {
            let earlier = &docs[(i + docs.len() - 1) % docs.len()];
            format!(
                "{}\nViele Grüße\nAnna Berg\n\n\
                 Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der\n\
                 richtige Adressat sind, informieren Sie bitte den Absender.\n\n\
                 Am 03.03.2025 um 09:14 schrieb Tom Weber <tom@example.com>:\n\n{}",
                wrapped(&d.text, ""),
                wrapped(&earlier.text, "> ")
            )
        }))
    })
}

/// Splitting an mbox into messages (and unescaping `>From `), in memory.
#[divan::bench]
fn mbox_split(bencher: Bencher) {
    let (bytes, _) = mbox();
    bencher
        .counter(BytesCount::new(bytes.len()))
        .counter(ItemsCount::new(DOCS))
        .bench(|| {
            let mut messages = 0;
            let mut escaped = 0;
            for m in Mbox::new(black_box(bytes.as_slice()), u64::MAX) {
                let m = m.expect("mbox reads");
                messages += 1;
                escaped += usize::from(m.bytes.windows(6).any(|w| w == b"\n>From"));
            }
            assert_eq!((messages, escaped), (DOCS, 0), "messages, still escaped");
            messages
        });
}

/// An mbox read the way `klartext scan` reads it: split, then every message
/// parsed as e-mail (MIME, signature and quote masks).
#[divan::bench]
fn mbox_load(bencher: Bencher) {
    let (bytes, text) = mbox();
    bench_container(bencher, "corpus.mbox", bytes, *text);
}

/// An mbox of replies read the way `klartext scan` reads it: what the
/// reply detection costs on mail as it is. Each message must come out with
/// its signature, notice, reply header and quotation masked, in that order.
#[divan::bench]
fn mbox_replies(bencher: Bencher) {
    use klartext::document::MaskKind::*;
    let (bytes, _) = replies();
    let (_dir, path) = temp_file("replies.mbox", bytes);
    let opts = IngestOptions::default();
    let inputs = [path.clone()];
    let masked = || {
        let mut right = 0;
        for unit in ingest::units(&inputs, &opts) {
            let doc = ingest::load(unit, &opts).expect("a reply reads");
            let kinds: Vec<_> = doc.masks.iter().map(|m| m.kind).collect();
            right += usize::from(kinds == [Signature, Disclaimer, ReplyHeader, QuotedReply]);
        }
        right
    };
    assert_eq!(masked(), DOCS, "replies read with all four masks");
    bencher
        .counter(BytesCount::new(bytes.len()))
        .counter(ItemsCount::new(DOCS))
        .bench(|| {
            let right = masked();
            assert_eq!(right, DOCS);
            right
        });
}

const ENCODINGS: [&str; 2] = ["quoted-printable", "base64"];

/// `.eml` files: every document as a single-part message in one transfer
/// encoding, decoded by the MIME parser.
#[divan::bench(args = ENCODINGS)]
fn eml(bencher: Bencher, encoding: &str) {
    let messages: Vec<Vec<u8>> = docs()
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let body = match encoding {
                "base64" => base64(d.text.as_bytes()),
                _ => quoted_printable(d.text.as_bytes()),
            };
            let extra = format!(
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: {encoding}\n"
            );
            format!("{}\n{body}", mail_header(i + 1, &extra)).into_bytes()
        })
        .collect();
    let size: usize = messages.iter().map(Vec::len).sum();
    let parse = |(i, m): (usize, &Vec<u8>)| {
        ingest::from_bytes(
            format!("{i}.eml"),
            format!("{i}.eml"),
            m.clone(),
            Format::Email,
        )
        .expect("message parses")
    };
    for (m, d) in messages.iter().enumerate().map(parse).zip(docs()) {
        assert_eq!(m.text.trim_end(), d.text.trim_end(), "{encoding}: {}", d.id);
    }
    bencher
        .counter(BytesCount::new(size))
        .counter(ItemsCount::new(DOCS))
        .bench(|| {
            let text: usize = black_box(&messages)
                .iter()
                .enumerate()
                .map(|m| parse(m).text.len())
                .sum();
            assert!(text >= text_bytes(), "{encoding}: {text} bytes of text");
            text
        });
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push('\n'); // 76 characters a line
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out.push('\n');
    out
}

/// Quoted-printable with soft line breaks before 76 characters; line breaks
/// of the text stay hard line breaks.
fn quoted_printable(bytes: &[u8]) -> String {
    let mut out = String::new();
    for line in bytes.split(|&b| b == b'\n') {
        let mut width = 0;
        for (i, &b) in line.iter().enumerate() {
            let last = i + 1 == line.len();
            let plain = (b'!'..=b'~').contains(&b) && b != b'=' || (b == b' ' && !last);
            let code = if plain {
                (b as char).to_string()
            } else {
                format!("={b:02X}")
            };
            if width + code.len() > 75 {
                out.push_str("=\n");
                width = 0;
            }
            width += code.len();
            out.push_str(&code);
        }
        out.push('\n');
    }
    out
}

/// One HTML page per language: every paragraph a `<p>`, every tenth in a
/// `<blockquote>`, with a `<script>` and a `<style>` nobody sees.
#[divan::bench(args = ["de", "en"])]
fn html(bencher: Bencher, lang: &str) {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html><head><title>Memo</title>\
         <style>p { margin: 0 }</style>\
         <script>const hidden = \"leverage synergies\";</script></head>\n<body>\n",
    );
    let mut quotes = 0;
    let paragraphs = docs()
        .iter()
        .filter(|d| d.lang == lang)
        .flat_map(|d| d.text.split("\n\n"))
        .filter(|p| !p.trim().is_empty());
    for (i, p) in paragraphs.enumerate() {
        let escaped = p
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        if i % 10 == 0 {
            quotes += 1;
            html.push_str(&format!("<blockquote><p>{escaped}</p></blockquote>\n"));
        } else {
            html.push_str(&format!("<p>{escaped}</p>\n"));
        }
    }
    html.push_str("</body></html>\n");
    let doc = ingest::document("b.html".into(), html.clone(), Format::Html, None);
    assert_eq!(doc.quotes.len(), quotes, "{lang}: block quotes");
    assert!(!doc.text.contains("hidden") && !doc.text.contains("margin"));
    assert!(!doc.text.contains("<p>"), "{lang}: markup left in the text");
    let text_len = doc.text.len();
    assert!(
        text_len > html.len() / 2,
        "{lang}: {text_len} bytes of text"
    );
    bencher.counter(BytesCount::of_str(&html)).bench(|| {
        let doc = ingest::document("b.html".into(), black_box(html.clone()), Format::Html, None);
        assert_eq!((doc.text.len(), doc.quotes.len()), (text_len, quotes));
        doc.text.len()
    });
}

/// Plain text files: decoding (UTF-8 here) and the URL masks.
#[divan::bench]
fn plain_text(bencher: Bencher) {
    let files: Vec<&Doc> = docs().iter().collect();
    bencher
        .counter(BytesCount::new(text_bytes()))
        .counter(ItemsCount::new(DOCS))
        .bench(|| {
            let mut text = 0;
            for d in black_box(&files) {
                let doc = ingest::from_bytes(
                    d.id.clone(),
                    d.id.clone(),
                    d.text.clone().into(),
                    Format::Text,
                )
                .expect("UTF-8 text reads");
                text += doc.text.len();
            }
            assert_eq!(text, text_bytes());
            text
        });
}

/// UTF-16 with a byte-order mark (what Windows Notepad may write): the
/// English texts, decoded.
#[divan::bench]
fn decode_utf16le(bencher: Bencher) {
    let text: String = docs()
        .iter()
        .filter(|d| d.lang == "en")
        .map(|d| d.text.as_str())
        .collect();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bencher
        .counter(BytesCount::new(bytes.len()))
        .with_inputs(|| bytes.clone())
        .bench_values(|bytes| {
            let (decoded, encoding) = ingest::decode(black_box(bytes)).expect("decodes");
            assert_eq!((decoded.len(), encoding), (text.len(), Some("UTF-16LE")));
            decoded.len()
        });
}
