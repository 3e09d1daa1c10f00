//! mbox: one file, many messages, read as a stream.
//!
//! A message starts at a line beginning with `From ` at the start of the file
//! or after a blank line. Body lines that begin with `>From `, `>>From `, …
//! lose one `>` (the mboxrd convention; for mboxo files this is the best that
//! can be done, since their escaping is ambiguous). Only one message is held
//! in memory at a time, so an mbox of any size can be read.

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
    prev_blank: bool,
    done: bool,
}

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
            prev_blank: true,
            done: false,
        }
    }
}

fn is_blank(line: &[u8]) -> bool {
    matches!(line, b"\n" | b"\r\n")
}

impl<R: BufRead> Iterator for Mbox<R> {
    type Item = Result<RawMessage, MboxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
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
            buf.clear();
            let read = match self.reader.read_until(b'\n', &mut buf) {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(MboxError::Io(self.line + 1, e.to_string())));
                }
            };
            if read == 0 {
                self.done = true;
                return message.map(|m| Ok(finish(m)));
            }
            self.line += 1;
            let separator = buf.starts_with(b"From ") && self.prev_blank;
            self.prev_blank = is_blank(&buf);
            if separator {
                match message {
                    Some(m) => {
                        self.next_start = Some(self.line);
                        return Some(Ok(finish(m)));
                    }
                    None => {
                        self.number += 1;
                        message = Some(RawMessage {
                            number: self.number,
                            line: self.line,
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
            let quoted_from = buf
                .iter()
                .position(|&b| b != b'>')
                .is_some_and(|i| i > 0 && buf[i..].starts_with(b"From "));
            let line = if quoted_from { &buf[1..] } else { &buf[..] };
            if (m.bytes.len() + line.len()) as u64 > self.max_size {
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
}
