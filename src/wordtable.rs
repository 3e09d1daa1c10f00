//! Small fixed sets of short words, looked up as integers.
//!
//! Language detection asks for each of the first words of every document, and
//! choosing anchors for every word of every pattern: a word of up to 15 bytes
//! is packed into one integer and found in an open-addressing hash table,
//! where comparing strings (one by one, or by a binary search with a `memcmp`
//! per step) cost far more.

/// A word of 1 to 15 bytes as one integer: its bytes, and its length in the
/// top byte, so that no two words share a key and no key is 0.
pub(crate) fn key(word: &[u8]) -> Option<u128> {
    // Packed in 64-bit halves (most words fit the low one).
    match word.len() {
        1..=8 => Some(short_key(pack(word), word.len())),
        9..=15 => {
            let (lo, hi) = word.split_at(8);
            Some(short_key(pack(lo), word.len()) | u128::from(pack(hi)) << 64)
        }
        _ => None,
    }
}

/// Up to eight bytes as one integer, little-endian (the first byte lowest):
/// a shift loop, not a copy into a buffer, which called memcpy per word.
pub(crate) fn pack(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .rev()
        .fold(0u64, |k, &b| (k << 8) | u64::from(b))
}

/// The bits of the first `n` bytes (1 to 8) of a packed integer.
#[inline]
pub(crate) fn low_bytes(n: usize) -> u64 {
    debug_assert!((1..=8).contains(&n));
    u64::MAX >> (64 - 8 * n)
}

/// Spreads a key's bits for a hash table: the high bits of the result depend
/// on all of them.
pub(crate) fn mix(key: u64) -> u64 {
    key.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The key of a word of `len` bytes from its first eight bytes `lo` (in
/// little-endian order, zero above the word); longer words add their other
/// bytes above.
fn short_key(lo: u64, len: usize) -> u128 {
    u128::from(lo) | (len as u128) << 120
}

/// A set of words with a value each, in `SLOTS` slots (a power of two,
/// several times the number of words, so that a lookup probes about once).
pub(crate) struct WordTable<V, const SLOTS: usize> {
    /// (key, value); key 0: empty.
    slots: [(u128, V); SLOTS],
    /// Length of the longest word: longer ones are not looked up.
    longest: usize,
}

impl<V: Copy, const SLOTS: usize> WordTable<V, SLOTS> {
    /// A table of `words`; `filler` is the value of the empty slots (never
    /// returned).
    ///
    /// # Panics
    /// When a word is empty or longer than 15 bytes, or the words fill more
    /// than half the slots.
    pub(crate) fn new(words: impl IntoIterator<Item = (&'static str, V)>, filler: V) -> Self {
        assert!(SLOTS.is_power_of_two());
        let mut slots = [(0, filler); SLOTS];
        let (mut used, mut longest) = (0, 0);
        for (word, value) in words {
            longest = longest.max(word.len());
            let k = key(word.as_bytes()).expect("table words have 1 to 15 bytes");
            let mut slot = Self::slot_of(k);
            while slots[slot].0 != 0 {
                slot = (slot + 1) % SLOTS;
            }
            slots[slot] = (k, value);
            used += 1;
        }
        assert!(used * 2 <= SLOTS, "the table is sparse");
        WordTable { slots, longest }
    }

    /// The value of `word`, if it is in the table.
    #[inline]
    pub(crate) fn get(&self, word: &[u8]) -> Option<V> {
        if word.len() > self.longest {
            return None;
        }
        self.find(key(word)?)
    }

    /// The value of a word of `len` bytes (1 to 8) given as its bytes in
    /// little-endian order, zero above the word: what [`WordTable::get`]
    /// answers, for a caller that has the word in a register already.
    #[inline]
    pub(crate) fn get_short(&self, lo: u64, len: usize) -> Option<V> {
        debug_assert!((1..=8).contains(&len) && (len == 8 || lo >> (8 * len) == 0));
        if len > self.longest {
            return None;
        }
        self.find(short_key(lo, len))
    }

    fn find(&self, k: u128) -> Option<V> {
        let mut slot = Self::slot_of(k);
        loop {
            match self.slots[slot] {
                (0, _) => return None,
                (found, value) if found == k => return Some(value),
                _ => slot = (slot + 1) % SLOTS,
            }
        }
    }

    fn slot_of(key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64);
        (mix(folded) >> (64 - SLOTS.trailing_zeros())) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_words_apart_and_lengths_are_bounded() {
        assert_eq!(key(b""), None);
        assert_eq!(key(b"sixteen_bytes_xx"), None);
        assert!(key(b"fifteen_bytes_x").is_some());
        // A trailing NUL would pad like a shorter word without the length.
        assert_ne!(key(b"ab"), key(b"ab\0"));
        assert_ne!(key(b"ab"), key(b"ba"));
    }

    #[test]
    fn finds_its_words_and_nothing_else() {
        let table: WordTable<u8, 16> =
            WordTable::new([("in", 1), ("der", 2), ("management", 3)], 0);
        assert_eq!(table.get(b"in"), Some(1));
        assert_eq!(table.get(b"der"), Some(2));
        assert_eq!(table.get(b"management"), Some(3));
        for other in [&b"i"[..], b"inn", b"de", b"managemen", b"", b"x"] {
            assert_eq!(table.get(other), None);
        }
        let short = |w: &[u8]| {
            let mut b = [0; 8];
            b[..w.len()].copy_from_slice(w);
            table.get_short(u64::from_le_bytes(b), w.len())
        };
        for word in [&b"in"[..], b"der", b"i", b"inn", b"de", b"x", b"derderde"] {
            assert_eq!(short(word), table.get(word), "{word:?}");
        }
    }
}
