//! Small fixed sets of short words, looked up as integers.
//!
//! Language detection asks for each of the first words of every document, and
//! choosing anchors for every word of every pattern: a word of up to 15 bytes
//! is packed into one integer and found in a hash table (up to 8 bytes) or a
//! short sorted list (longer), where comparing strings (one by one, or by a
//! binary search with a `memcmp` per step) cost far more.

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
///
/// A table: the segmenter and the prefilter ask for every word, and a load
/// is one instruction where the shift by a variable count took six.
#[inline]
pub(crate) fn low_bytes(n: usize) -> u64 {
    debug_assert!((1..=8).contains(&n));
    LOW_BYTES[n]
}

/// [`low_bytes`] of 0 to 8.
static LOW_BYTES: [u64; 9] = {
    let mut masks = [0; 9];
    let mut n = 1;
    while n <= 8 {
        masks[n] = u64::MAX >> (64 - 8 * n);
        n += 1;
    }
    masks
};

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

/// A set of words with a value each. A word of up to eight bytes (all but a
/// few) has a slot of its own among `SLOTS` (a power of two, many times the
/// number of words): a look-up is one multiplication, one load and one
/// compare, with no probing loop. The language sample asks for most words of
/// every document, and whether a word is a function word is a coin toss
/// that a probing loop's branches mispredict.
pub(crate) struct WordTable<V, const SLOTS: usize> {
    /// (bytes, length, value) of the words of 1 to 8 bytes; length 0: empty.
    short: [(u64, u8, V); SLOTS],
    /// Mixed into the short words before hashing: the first seed that gives
    /// every short word a slot of its own, found when the table is built.
    seed: u64,
    /// The keys of the words of 9 to 15 bytes, sorted, with their values.
    long: Vec<(u128, V)>,
}

impl<V: Copy, const SLOTS: usize> WordTable<V, SLOTS> {
    /// A table of `words`; `filler` is the value of the empty slots (never
    /// returned).
    ///
    /// # Panics
    /// When a word is empty or longer than 15 bytes, is in the list twice,
    /// or the short words are too many for `SLOTS` (no seed in the tries
    /// spreads them).
    pub(crate) fn new(words: impl IntoIterator<Item = (&'static str, V)>, filler: V) -> Self {
        assert!(SLOTS.is_power_of_two() && SLOTS >= 2);
        let (mut short, mut long) = (Vec::new(), Vec::new());
        for (word, value) in words {
            let bytes = word.as_bytes();
            match bytes.len() {
                1..=8 => short.push((pack(bytes), bytes.len() as u8, value)),
                _ => long.push((key(bytes).expect("table words have 1 to 15 bytes"), value)),
            }
        }
        long.sort_unstable_by_key(|&(k, _)| k);
        let mut keys: Vec<(u64, u8)> = short.iter().map(|&(bytes, len, _)| (bytes, len)).collect();
        keys.sort_unstable();
        assert!(
            keys.windows(2).all(|w| w[0] != w[1]) && long.windows(2).all(|w| w[0].0 != w[1].0),
            "a word is in the table twice"
        );
        // About 1 / P(no collision) tries, e^(n² / 2·SLOTS) for n words (some
        // hundreds for the function words): each marks slots in a bitmap and
        // stops at its first collision; only the seed found fills the table.
        let mut used = vec![0u64; SLOTS.div_ceil(64)];
        for seed in 0..100_000 {
            used.fill(0);
            let spread = short.iter().all(|&(bytes, _, _)| {
                let slot = Self::slot_of(bytes, seed);
                let (word, bit) = (slot / 64, 1 << (slot % 64));
                let free = used[word] & bit == 0;
                used[word] |= bit;
                free
            });
            if spread {
                let mut slots = [(0, 0, filler); SLOTS];
                for &(bytes, len, value) in &short {
                    slots[Self::slot_of(bytes, seed)] = (bytes, len, value);
                }
                return WordTable {
                    short: slots,
                    seed,
                    long,
                };
            }
        }
        panic!("{} words do not spread over {SLOTS} slots", short.len());
    }

    /// The value of `word`, if it is in the table.
    #[inline]
    pub(crate) fn get(&self, word: &[u8]) -> Option<V> {
        match word.len() {
            1..=8 => {
                let (found, value) = self.probe(pack(word), word.len());
                found.then_some(value)
            }
            // The function words have no long word: no key to build.
            _ if self.long.is_empty() => None,
            _ => {
                let k = key(word)?;
                let i = self.long.binary_search_by_key(&k, |&(k, _)| k).ok()?;
                Some(self.long[i].1)
            }
        }
    }

    /// Whether the word of `len` bytes whose first eight bytes are `lo`
    /// (little-endian, zero above a shorter word) is one of the table's
    /// words of up to eight bytes, and the value of the slot it would be in
    /// (the filler when that is empty). A longer word is never found: call
    /// [`WordTable::get`] for those.
    ///
    /// For a caller that has the word in a register already and counts:
    /// the answer comes without a branch, and whether a word is a function
    /// word is a coin toss the branch predictor cannot learn.
    #[inline]
    pub(crate) fn probe(&self, lo: u64, len: usize) -> (bool, V) {
        let (bytes, l, value) = self.short[Self::slot_of(lo, self.seed)];
        // `&`, not `&&`: no branch.
        ((bytes == lo) & (usize::from(l) == len), value)
    }

    #[inline]
    fn slot_of(bytes: u64, seed: u64) -> usize {
        (mix(bytes ^ seed) >> (64 - SLOTS.trailing_zeros())) as usize
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
        let probe = |w: &[u8]| {
            let mut b = [0; 8];
            let n = w.len().min(8);
            b[..n].copy_from_slice(&w[..n]);
            let (found, value) = table.probe(u64::from_le_bytes(b), w.len());
            found.then_some(value)
        };
        for word in [&b"in"[..], b"der", b"i", b"inn", b"de", b"x", b"derderde"] {
            assert_eq!(probe(word), table.get(word), "{word:?}");
        }
        // Only words of up to eight bytes are probed: not "managemen…".
        assert_eq!(probe(b"management"), None);
        assert_eq!(probe(b"in\0"), None, "the length tells padding apart");
    }

    #[test]
    fn many_words_each_find_their_own_value() {
        let words: Vec<&'static str> = (0..120)
            // 1 to 14 bytes: both kinds of word.
            .map(|n| &*format!("{}{n}", "w".repeat(n % 12)).leak())
            .collect();
        let table: WordTable<usize, 1024> =
            WordTable::new(words.iter().enumerate().map(|(i, &w)| (w, i)), usize::MAX);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(table.get(w.as_bytes()), Some(i), "{w}");
        }
        assert_eq!(table.get(b"wwwwwwwwwwww12"), None);
    }

    #[test]
    #[should_panic(expected = "twice")]
    fn a_word_twice_is_refused() {
        let _: WordTable<u8, 64> = WordTable::new([("der", 1), ("die", 2), ("der", 3)], 0);
    }
}
