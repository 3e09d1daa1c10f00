//! Bytes → text.
//!
//! UTF-8 is the rule; a byte-order mark selects UTF-8, UTF-16LE or UTF-16BE.
//! Anything else that is not valid UTF-8 is decoded as Windows-1252, the
//! encoding German Office and mail software writes when it does not write
//! UTF-8 (a superset of ISO-8859-1 for text). Files with NUL bytes and no
//! UTF-16 mark are binary and are skipped.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes are checked for NUL.
const BINARY_PROBE: usize = 8192;

/// Whether `bytes` look binary: a NUL among the first [`BINARY_PROBE`]
/// (text has none, except UTF-16, which a byte-order mark announces).
pub(super) fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some()
}

/// Decoded text and, when it was not plain UTF-8, the encoding used.
pub type Decoded = (String, Option<&'static str>);

/// Decodes `bytes`, or says why it is not text. UTF-8 (most text) becomes
/// the text without a copy.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, String> {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let label = (encoding != UTF_8).then(|| encoding.name());
        return Ok((text.into_owned(), label));
    }
    if looks_binary(&bytes) {
        return Err("binary file (contains NUL bytes)".into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            Ok((text.into_owned(), Some(WINDOWS_1252.name())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn utf8_bom_utf16_and_windows_1252() {
        assert_eq!(decode("Grüße".into()).unwrap(), ("Grüße".to_string(), None));
        assert_eq!(
            decode(b"\xEF\xBB\xBFHallo".into()).unwrap(),
            ("Hallo".to_string(), None)
        );
        let utf16: Vec<u8> = [0xFF, 0xFE, b'G', 0, 0xFC, 0].to_vec();
        assert_eq!(decode(utf16).unwrap(), ("Gü".to_string(), Some("UTF-16LE")));
        assert_eq!(
            decode(b"Gr\xFC\xDFe \x80".into()).unwrap(),
            ("Grüße €".to_string(), Some("windows-1252"))
        );
        assert!(
            decode(b"PK\x03\x04\x00\x00".into())
                .unwrap_err()
                .contains("binary")
        );
    }
}
