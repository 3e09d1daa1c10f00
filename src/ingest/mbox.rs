//! mbox: one file, many messages, read as a stream.
//!
//! A message starts at a line beginning with `From ` at the start of the file,
//! or after a blank line when that line looks like a separator (`From`, the
//! sender, a date with a time of day and a year: `From a@example.com Mon Jan
//! 1 00:00:00 2024`) or the line after it is a header (`Name: value`). Any
//! other `From ` line is body text: mboxo files and careless writers leave
//! `From ` unescaped at the start of body lines ("From now on …"), and
//! splitting there cut a message in two and lost the line (issue #9). Body lines that begin
//! with `>From `, `>>From `, … lose one `>` (the mboxrd convention; for mboxo
//! files this is the best that can be done, since their escaping is
//! ambiguous). Only one message is held in memory at a time, so an mbox of
//! any size can be read.

use std::io::BufRead;

/// One message as found in an mbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMessage {
    /// 1-based number of the message in the file.
    pub number: usize,
    /// 1-based line of its `From ` separator.
    pub line: usize,
    /// The message (headers and body), unescaped, without the separator.
    pub bytes: Vec<u8>,
    /// The message was larger than the size limit; `bytes` holds only its start.
    pub too_large: bool,
}

/// Why an mbox could not be read further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MboxError {
    /// The file does not start with a `From ` line.
    NotAnMbox,
    /// Reading failed at this line.
    Io(usize, String),
}

/// Iterates over the messages of an mbox.
pub struct Mbox<R> {
    reader: R,
    max_size: u64,
    line: usize,
    number: usize,
    /// The separator line of the next message, once read.
    next_start: Option<usize>,
    /// A line read ahead (to look at the line after a `From ` line), with
    /// its number and whole length.
    ahead: Option<(Vec<u8>, usize, usize)>,
    prev_blank: bool,
    done: bool,
}

/// The part of a line always kept to decide whether it is a separator.
const SEPARATOR_KEPT: usize = 1024;

impl<R: BufRead> Mbox<R> {
    /// Reads messages from `reader`; messages larger than `max_size` bytes are
    /// reported as too large instead of being held in memory.
    pub fn new(reader: R, max_size: u64) -> Mbox<R> {
        Mbox {
            reader,
            max_size,
            line: 0,
            number: 0,
            next_start: None,
            ahead: None,
            prev_blank: true,
            done: false,
        }
    }
}

fn is_blank(line: &[u8]) -> bool {
    matches!(line, b"\n" | b"\r\n")
}

/// `>From `, `>>From `, …: a body line escaped by the mboxrd convention.
fn is_escaped_from(line: &[u8]) -> bool {
    line.iter()
        .position(|&b| b != b'>')
        .is_some_and(|i| i > 0 && line[i..].starts_with(b"From "))
}

/// Whether a `From ` line looks like an mbox separator: a sender, then a
/// date with a time of day (`00:00`) and a four-digit year, as every mbox
/// writer puts it (RFC 4155).
pub fn is_from_line(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let mut words = rest
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty());
    let sender = words.next().is_some();
    let (mut time, mut year) = (false, false);
    for w in words {
        time |= w.len() >= 4
            && w.windows(3)
                .any(|x| x[0].is_ascii_digit() && x[1] == b':' && x[2].is_ascii_digit());
        year |= w.len() == 4 && w.iter().all(u8::is_ascii_digit);
    }
    sender && time && year
}

/// Whether a line is a header field (`Name: value`): a name of printable
/// ASCII without spaces, then a colon.
pub fn is_header(line: &[u8]) -> bool {
    let name = line.split(|&b| b == b':').next().unwrap_or_default();
    name.len() < line.len() && !name.is_empty() && name.iter().all(|&b| b.is_ascii_graphic())
}

impl<R: BufRead> Mbox<R> {
    /// Longest part of a line kept: no more than a message may hold, but
    /// never less than [`SEPARATOR_KEPT`], so that a separator line is told
    /// from body text whatever the size limit. A longer line makes its
    /// message too large, and is read past rather than held (a file without
    /// line breaks is one line).
    fn keep(&self) -> usize {
        usize::try_from(self.max_size)
            .unwrap_or(usize::MAX)
            .saturating_add(1)
            .max(SEPARATOR_KEPT)
    }

    /// The next line into `buf` (the one read ahead, if any), its number
    /// and whole length; `None` at the end of the input.
    fn next_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<(usize, usize)>> {
        if let Some((line, number, len)) = self.ahead.take() {
            *buf = line;
            return Ok(Some((number, len)));
        }
        let keep = self.keep();
        let Some(len) = super::read_line_bounded(&mut self.reader, buf, keep)? else {
            return Ok(None);
        };
        self.line += 1;
        Ok(Some((self.line, len)))
    }

    /// Appends to `bytes` the whole lines in the reader's buffer that are
    /// plain message text, as one piece, and whether there were any. It
    /// stops before a line that may be a separator (`From ` after a blank
    /// line) or is an escaped one (`>From `), and before a line that would
    /// make the message too large: those are for the line-by-line reading
    /// of [`Iterator::next`], which gives the same result for the lines
    /// taken here. (Copying each line into a buffer of its own and then
    /// into the message was 8 % of a scan of mail.)
    fn take_plain_lines(&mut self, bytes: &mut Vec<u8>) -> bool {
        if self.ahead.is_some() {
            return false;
        }
        // A read error is left for the line-by-line reading to report.
        let Ok(chunk) = self.reader.fill_buf() else {
            return false;
        };
        let room = usize::try_from(self.max_size)
            .unwrap_or(usize::MAX)
            .saturating_sub(bytes.len());
        let (mut taken, mut lines, mut prev_blank) = (0, 0, self.prev_blank);
        for end in memchr::memchr_iter(b'\n', chunk).map(|i| i + 1) {
            let line = &chunk[taken..end];
            // (A line longer than kept is longer than `room` too.)
            if (prev_blank && line.starts_with(b"From ")) || is_escaped_from(line) || end > room {
                break;
            }
            prev_blank = is_blank(line);
            (taken, lines) = (end, lines + 1);
        }
        if taken == 0 {
            return false;
        }
        bytes.extend_from_slice(&chunk[..taken]);
        self.reader.consume(taken);
        self.line += lines;
        self.prev_blank = prev_blank;
        true
    }

    /// Whether the line after the current one is a header; reads it ahead.
    fn header_follows(&mut self) -> std::io::Result<bool> {
        let mut next = Vec::new();
        let keep = self.keep();
        let Some(len) = super::read_line_bounded(&mut self.reader, &mut next, keep)? else {
            return Ok(false);
        };
        self.line += 1;
        let header = is_header(&next);
        self.ahead = Some((next, self.line, len));
        Ok(header)
    }
}

impl<R: BufRead> Iterator for Mbox<R> {
    type Item = Result<RawMessage, MboxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut buf = Vec::with_capacity(256);
        let mut message: Option<RawMessage> = self.next_start.take().map(|line| {
            self.number += 1;
            RawMessage {
                number: self.number,
                line,
                bytes: Vec::new(),
                too_large: false,
            }
        });
        loop {
            if let Some(m) = message.as_mut()
                && !m.too_large
                && self.take_plain_lines(&mut m.bytes)
            {
                continue;
            }
            let (number, len) = match self.next_line(&mut buf) {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    return message.map(|m| Ok(finish(m)));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(MboxError::Io(self.line + 1, e.to_string())));
                }
            };
            let candidate = buf.starts_with(b"From ") && self.prev_blank;
            self.prev_blank = is_blank(&buf);
            // The first line must be a separator; after that, a `From ` line
            // after a blank line is one only when it looks like one or a
            // header follows it.
            let separator = candidate
                && (message.is_none()
                    || is_from_line(&buf)
                    || match self.header_follows() {
                        Ok(header) => header,
                        Err(e) => {
                            self.done = true;
                            return Some(Err(MboxError::Io(self.line + 1, e.to_string())));
                        }
                    });
            if separator {
                match message {
                    Some(m) => {
                        self.next_start = Some(number);
                        return Some(Ok(finish(m)));
                    }
                    None => {
                        self.number += 1;
                        message = Some(RawMessage {
                            number: self.number,
                            line: number,
                            bytes: Vec::new(),
                            too_large: false,
                        });
                        continue;
                    }
                }
            }
            let Some(m) = message.as_mut() else {
                // Text before the first separator: not an mbox.
                self.done = true;
                return Some(Err(MboxError::NotAnMbox));
            };
            if m.too_large {
                continue;
            }
            let line = if is_escaped_from(&buf) {
                &buf[1..]
            } else {
                &buf[..]
            };
            if len > buf.len() || (m.bytes.len() + line.len()) as u64 > self.max_size {
                m.too_large = true;
                continue;
            }
            m.bytes.extend_from_slice(line);
        }
    }
}

/// Drops the blank line that separates a message from the next `From ` line.
fn finish(mut m: RawMessage) -> RawMessage {
    if m.bytes.ends_with(b"\r\n\r\n") {
        m.bytes.truncate(m.bytes.len() - 2);
    } else if m.bytes.ends_with(b"\n\n") {
        m.bytes.truncate(m.bytes.len() - 1);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Result<RawMessage, MboxError>> {
        Mbox::new(text.as_bytes(), 1 << 20).collect()
    }

    #[test]
    fn splits_messages_and_unescapes_from_lines() {
        let text = "From a@example.com Mon Jan  1 00:00:00 2024\nSubject: one\n\nFirst body\n>From here on\n>>From there\n\nFrom b@example.com Mon Jan  1 00:00:00 2024\nSubject: two\n\nHello\nFrom is a word here\n";
        let msgs: Vec<RawMessage> = read(text).into_iter().map(Result::unwrap).collect();
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].number, 1);
        assert_eq!(msgs[0].line, 1);
        assert_eq!(
            String::from_utf8_lossy(&msgs[0].bytes),
            "Subject: one\n\nFirst body\nFrom here on\n>From there\n"
        );
        assert_eq!(msgs[1].line, 8);
        // "From " inside a paragraph (no blank line before it) is body text.
        assert!(String::from_utf8_lossy(&msgs[1].bytes).ends_with("\nFrom is a word here\n"));
    }

    /// Issue #9: `From ` at the start of a body line, even after a blank
    /// line, is text unless a header follows; nothing is lost.
    #[test]
    fn unescaped_from_lines_in_bodies_stay_in_the_body() {
        let text = "From a@example.com Mon Jan  1 00:00:00 2024\nSubject: one\n\nHello.\n\nFrom now on we ship on Mondays.\nThanks.\n\nFrom b@example.com Mon Jan  1 00:00:00 2024\nSubject: two\n\nFrom\n";
        assert!(is_from_line(
            b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n"
        ));
        assert!(is_from_line(b"From a@b Sat, 1 Mar 2025 09:14 +0100\n"));
        assert!(!is_from_line(b"From now on we ship on Mondays.\n"));
        assert!(!is_from_line(b"From 9 to 5 in 2024\n"));
        let msgs: Vec<RawMessage> = read(text).into_iter().map(Result::unwrap).collect();
        assert_eq!(msgs.len(), 2);
        assert_eq!(
            String::from_utf8_lossy(&msgs[0].bytes),
            "Subject: one\n\nHello.\n\nFrom now on we ship on Mondays.\nThanks.\n"
        );
        assert_eq!((msgs[1].number, msgs[1].line), (2, 9));
        assert_eq!(
            String::from_utf8_lossy(&msgs[1].bytes),
            "Subject: two\n\nFrom\n"
        );
    }

    #[test]
    fn a_line_over_the_limit_is_not_held() {
        let text = format!("From a\nSubject: big\n\n{}", "x".repeat(1000));
        let msgs: Vec<RawMessage> = Mbox::new(text.as_bytes(), 100)
            .map(Result::unwrap)
            .collect();
        assert!(msgs[0].too_large);
        assert!(msgs[0].bytes.len() <= 100);
    }

    #[test]
    fn not_an_mbox_and_empty_input() {
        assert_eq!(read("Subject: x\n\nbody\n"), [Err(MboxError::NotAnMbox)]);
        assert!(read("").is_empty());
    }

    #[test]
    fn large_messages_are_cut_and_flagged() {
        let body = "x".repeat(100);
        let text = format!("From a\nSubject: big\n\n{body}\n\nFrom b\nSubject: small\n\nok\n");
        let msgs: Vec<RawMessage> = Mbox::new(text.as_bytes(), 50).map(Result::unwrap).collect();
        assert!(msgs[0].too_large);
        assert!(!msgs[1].too_large);
        assert_eq!(msgs[1].number, 2);
    }

    /// Lines an mbox is made of: separators, headers, blank lines (also
    /// CRLF), escaped and unescaped `From ` lines, quotes, a long line (and,
    /// as index `LINES.len()`, one longer than any line is kept).
    const LINES: &[&str] = &[
        "From a@example.com Mon Jan  1 00:00:00 2024\n",
        "From now on we ship on Mondays.\n",
        "From b\n",
        "Subject: x\n",
        "\n",
        "\r\n",
        ">From here\n",
        ">>From there\n",
        "> quoted\n",
        ">\n",
        "body text\r\n",
        "a long line of body text, longer than some of the limits below\n",
        "no line break at the end",
    ];

    proptest::proptest! {
        /// Reading through a buffer of one byte takes every line on its
        /// own; through larger buffers, plain lines are taken in pieces.
        /// Both give the same messages, numbers, lines and flags.
        #[test]
        fn plain_lines_taken_in_pieces_read_as_line_by_line(
            lines in proptest::collection::vec(0..=LINES.len(), 0..40),
            max_size in proptest::sample::select(&[5u64, 40, 90, 1 << 20][..]),
            capacity in proptest::sample::select(&[2usize, 7, 64, 4096][..]),
        ) {
            let longest = format!("{}\n", "y".repeat(SEPARATOR_KEPT + 10));
            let text: String = lines
                .iter()
                .map(|&i| LINES.get(i).copied().unwrap_or(&longest))
                .collect();
            let by_line: Vec<_> =
                Mbox::new(std::io::BufReader::with_capacity(1, text.as_bytes()), max_size).collect();
            let in_pieces: Vec<_> =
                Mbox::new(std::io::BufReader::with_capacity(capacity, text.as_bytes()), max_size)
                    .collect();
            proptest::prop_assert_eq!(&in_pieces, &by_line);
            let whole: Vec<_> = Mbox::new(text.as_bytes(), max_size).collect();
            proptest::prop_assert_eq!(&whole, &by_line);
        }
    }
}
