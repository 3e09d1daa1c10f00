//! mbox splitting (`ingest::Mbox`) of arbitrary bytes. The first byte sets
//! the size limit, so messages that are too large are exercised too.
#![no_main]

use klartext::ingest::{Mbox, MboxError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&limit, bytes)) = data.split_first() else {
        return;
    };
    let max_size = u64::from(limit) * 64;
    let mut number = 0;
    let mut last_line = 0;
    let mut errors = 0;
    let mut total = 0usize;
    for (i, item) in Mbox::new(bytes, max_size).enumerate() {
        assert_eq!(errors, 0, "an item after an error");
        match item {
            Ok(m) => {
                number += 1;
                assert_eq!(m.number, number, "messages are numbered 1, 2, …");
                assert!(m.line > last_line, "separator lines go forward");
                last_line = m.line;
                assert!(m.bytes.len() as u64 <= max_size, "a message over the limit");
                total += m.bytes.len();
            }
            Err(MboxError::NotAnMbox) => {
                assert_eq!(i, 0, "`not an mbox` comes first or never");
                assert!(!bytes.starts_with(b"From "));
                errors += 1;
            }
            Err(MboxError::Io(..)) => panic!("reading a slice cannot fail"),
        }
    }
    assert!(total <= bytes.len(), "messages hold more than the input");
    if !bytes.is_empty() && !bytes.starts_with(b"From ") {
        assert_eq!(
            errors, 1,
            "text before the first `From ` line is not an mbox"
        );
    }
});
