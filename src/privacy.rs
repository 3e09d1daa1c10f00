//! Privacy for HR use: pseudonyms instead of addresses, reports without text.
//!
//! Pseudonyms are keyed hashes (BLAKE3 in keyed mode) of the lowercased
//! address: the same key gives the same pseudonym in every run, so trends stay
//! comparable, and without the key a pseudonym cannot be traced back by
//! hashing a list of known addresses.

use crate::pipeline::Analysis;

/// Derives pseudonyms from a secret key.
#[derive(Clone)]
pub struct Pseudonymizer {
    key: [u8; 32],
}

impl std::fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymizer { key: <secret> }")
    }
}

impl Pseudonymizer {
    /// A pseudonymizer for a key of any length (a passphrase or key file).
    pub fn new(key: &[u8]) -> Pseudonymizer {
        Pseudonymizer {
            key: blake3::derive_key("klartext 2026-11 author pseudonyms", key),
        }
    }

    /// The pseudonym of an address, e.g. `person-3f9a0c41be72`.
    pub fn pseudonym(&self, address: &str) -> String {
        let hash = blake3::keyed_hash(&self.key, address.trim().to_lowercase().as_bytes());
        format!("person-{}", &hash.to_hex()[..12])
    }
}

/// What a report may show.
#[derive(Debug, Clone, Default)]
pub struct Privacy {
    /// Replace author addresses with pseudonyms.
    pub pseudonyms: Option<Pseudonymizer>,
    /// Show no text of the input: no phrases, sentences or subjects.
    pub no_text: bool,
}

impl Privacy {
    /// The author as it may be shown.
    pub fn author(&self, author: &str) -> String {
        match &self.pseudonyms {
            Some(p) => p.pseudonym(author),
            None => author.to_string(),
        }
    }

    /// Removes from an analysis what may not be shown.
    pub fn apply(&self, a: &mut Analysis) {
        if self.pseudonyms.is_some() {
            a.meta.author = a.meta.author.as_deref().map(|x| self.author(x));
            // A message id often carries the sender's address or host.
            a.meta.message_id = None;
        }
        if self.no_text {
            a.meta.subject = None;
            a.full_text = None;
            for f in &mut a.findings {
                f.text.clear();
                f.sentence.clear();
                f.highlight = 0..0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_per_key_and_differ_between_keys() {
        let a = Pseudonymizer::new(b"works council 2026");
        let b = Pseudonymizer::new(b"another key");
        assert_eq!(
            a.pseudonym("Anna@Example.com"),
            a.pseudonym("anna@example.com ")
        );
        assert_ne!(
            a.pseudonym("anna@example.com"),
            b.pseudonym("anna@example.com")
        );
        assert_ne!(
            a.pseudonym("anna@example.com"),
            a.pseudonym("tom@example.com")
        );
        assert!(a.pseudonym("anna@example.com").starts_with("person-"));
        assert!(!format!("{a:?}").contains("works"));
    }
}
