//! The pattern language of lexicon entries (documented in `lexicons/README.md`).
//!
//! A pattern compiles into a small tree of [`Node`]s: word tests, bounded
//! gaps and groups of alternatives (an optional group is a group with an
//! empty alternative). The tree is matched as it is, so a pattern with many
//! alternatives costs one verification, not one per combination.

use std::fmt;
use std::sync::Arc;

use crate::segment::fold::fold;

/// Most plain sequences one pattern may stand for (the product of its
/// groups' sizes): a bound on the work of matching one pattern at one place.
pub const MAX_VARIANTS: usize = 1024;
/// Most ways the matcher may walk one pattern from one start ([`walks`]):
/// gaps and optional groups multiply, so without a bound a pattern such as
/// `a ~8 [b] ~8 [b] ~8 [b] ~8 [b] ~8 c` (944,784 walks) would make every
/// start cost as much as a long document (issue #9). Walking one start
/// visits at most `walks × (nodes + 1)` nodes. The built-in lexicons need
/// at most 11,880.
pub const MAX_WALKS: usize = 16_384;
/// Longest gap `~N`.
pub const MAX_GAP: u8 = 8;
/// Gap length of a bare `~`.
pub const DEFAULT_GAP: u8 = 3;
/// Fewest letters a wildcard word needs besides the `*`.
const MIN_WILDCARD_LETTERS: usize = 3;

/// A test of one folded word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum WordTest {
    /// The word is exactly this.
    Exact(String),
    /// The word starts with this (`word*`).
    Prefix(String),
    /// The word ends with this (`*word`).
    Suffix(String),
    /// The word contains this (`*word*`).
    Contains(String),
}

impl WordTest {
    /// Whether the folded `word` (UTF-8 bytes) passes.
    pub fn matches(&self, word: &[u8]) -> bool {
        match self {
            WordTest::Exact(s) => word == s.as_bytes(),
            WordTest::Prefix(s) => word.starts_with(s.as_bytes()),
            WordTest::Suffix(s) => word.ends_with(s.as_bytes()),
            // Bytes of UTF-8 contain those of a string only where the
            // characters contain its characters.
            // (Words are short: no searcher is worth building.)
            WordTest::Contains(s) => {
                s.is_empty() || word.windows(s.len()).any(|w| w == s.as_bytes())
            }
        }
    }

    /// The literal every passing word contains.
    pub fn literal(&self) -> &str {
        match self {
            WordTest::Exact(s)
            | WordTest::Prefix(s)
            | WordTest::Suffix(s)
            | WordTest::Contains(s) => s,
        }
    }
}

impl fmt::Display for WordTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordTest::Exact(s) => write!(f, "{s}"),
            WordTest::Prefix(s) => write!(f, "{s}*"),
            WordTest::Suffix(s) => write!(f, "*{s}"),
            WordTest::Contains(s) => write!(f, "*{s}*"),
        }
    }
}

/// The tests one word may pass: a word matches when it passes any of them.
/// Alternatives of single words (`(trennen|getrennt)`) become one set, which
/// is tested in one step instead of one branch per word.
#[derive(Debug, Clone)]
pub struct WordSet {
    tests: Vec<WordTest>,
    /// The bytes a passing word can start with (every byte when a test
    /// leaves the start open): the matcher tests sets at every proposed
    /// start and in every step of its walks, and one bit test rejects most
    /// words before any test is tried.
    first_bytes: ByteSet,
}

/// A set of bytes, as a bitmap.
#[derive(Debug, Clone, Copy, Default)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    #[inline]
    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }
}

impl WordSet {
    /// The set of `tests`.
    pub fn new(tests: Vec<WordTest>) -> WordSet {
        let mut first_bytes = ByteSet::default();
        for t in &tests {
            match t {
                WordTest::Exact(s) | WordTest::Prefix(s) if !s.is_empty() => {
                    first_bytes.insert(s.as_bytes()[0]);
                }
                _ => first_bytes = ByteSet([u64::MAX; 4]),
            }
        }
        WordSet { tests, first_bytes }
    }

    /// Its tests.
    pub fn tests(&self) -> &[WordTest] {
        &self.tests
    }

    /// Whether the folded `word` (UTF-8 bytes) passes one of the tests.
    #[inline]
    pub fn matches(&self, word: &[u8]) -> bool {
        word.first().is_none_or(|&b| self.first_bytes.contains(b))
            && self.tests.iter().any(|t| t.matches(word))
    }

    /// The literals of the tests: every matching word contains one of them.
    pub fn literals(&self) -> impl Iterator<Item = &str> {
        self.tests.iter().map(WordTest::literal)
    }
}

// Equal tests make equal sets: the byte set follows from them.
impl PartialEq for WordSet {
    fn eq(&self, other: &Self) -> bool {
        self.tests == other.tests
    }
}

impl Eq for WordSet {}

impl std::hash::Hash for WordSet {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.tests.hash(state);
    }
}

impl fmt::Display for WordSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tests: Vec<String> = self.tests.iter().map(WordTest::to_string).collect();
        match tests.len() {
            1 => f.write_str(&tests[0]),
            _ => write!(f, "({})", tests.join("|")),
        }
    }
}

/// A node of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    /// The next word must pass one of these tests (shared between copies).
    Word(Arc<WordSet>),
    /// Skip 0 to N words.
    Gap(u8),
    /// One of the branches; an empty branch makes the group optional.
    Alt(Vec<Vec<Node>>),
}

impl Node {
    /// Fewest and most words this node covers.
    pub fn span(&self) -> (usize, usize) {
        match self {
            Node::Word(_) => (1, 1),
            Node::Gap(n) => (0, usize::from(*n)),
            Node::Alt(branches) => {
                let mut spans = branches.iter().map(|b| seq_span(b));
                spans.next().map_or((0, 0), |first| {
                    spans.fold(first, |(lo, hi), (a, b)| (lo.min(a), hi.max(b)))
                })
            }
        }
    }
}

/// Fewest and most words a sequence of nodes covers.
pub fn seq_span(nodes: &[Node]) -> (usize, usize) {
    nodes
        .iter()
        .map(Node::span)
        .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
}

/// How many plain sequences the nodes stand for.
fn count(nodes: &[Node]) -> usize {
    nodes.iter().fold(1usize, |acc, n| match n {
        Node::Alt(branches) => acc.saturating_mul(
            branches
                .iter()
                .map(|b| count(b))
                .fold(0usize, usize::saturating_add),
        ),
        _ => acc,
    })
}

/// How many ways the matcher can walk the nodes from one start: like
/// `count`, but a gap `~N` is N + 1 ways (it skips 0 to N words). Nested
/// optional groups and gaps multiply: `a [~8 [~8 [~8 b]]] c` is one sequence
/// of words but 1 + 9 · (1 + 9 · (1 + 9)) walks.
pub fn walks(nodes: &[Node]) -> usize {
    nodes.iter().fold(1usize, |acc, n| match n {
        Node::Word(_) => acc,
        Node::Gap(g) => acc.saturating_mul(usize::from(*g) + 1),
        Node::Alt(branches) => acc.saturating_mul(
            branches
                .iter()
                .map(|b| walks(b))
                .fold(0usize, usize::saturating_add),
        ),
    })
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = |b: &Vec<Node>| b.iter().map(Node::to_string).collect::<Vec<_>>().join(" ");
        match self {
            Node::Word(w) => write!(f, "{w}"),
            Node::Gap(n) => write!(f, "~{n}"),
            Node::Alt(branches) => {
                let filled: Vec<String> =
                    branches.iter().filter(|b| !b.is_empty()).map(seq).collect();
                if filled.len() < branches.len() {
                    write!(f, "[{}]", filled.join("|"))
                } else {
                    write!(f, "({})", filled.join("|"))
                }
            }
        }
    }
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as written in the lexicon.
    pub source: String,
    /// Its tree.
    pub nodes: Vec<Node>,
}

/// Why a pattern does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError(pub String);

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PatternError {}

fn err<T>(msg: impl Into<String>) -> Result<T, PatternError> {
    Err(PatternError(msg.into()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lexeme<'s> {
    Open(char),
    Close(char),
    Pipe,
    /// A run of other characters than white space and the four above.
    Atom(&'s str),
}

fn lex(src: &str) -> Vec<Lexeme<'_>> {
    let mut out = Vec::with_capacity(src.len() / 4);
    let mut atom_start = None;
    for (i, c) in src.char_indices() {
        let lexeme = match c {
            '(' | '[' => Some(Lexeme::Open(c)),
            ')' | ']' => Some(Lexeme::Close(c)),
            '|' => Some(Lexeme::Pipe),
            _ if c.is_whitespace() => None,
            _ => {
                atom_start.get_or_insert(i);
                continue;
            }
        };
        if let Some(start) = atom_start.take() {
            out.push(Lexeme::Atom(&src[start..i]));
        }
        out.extend(lexeme);
    }
    if let Some(start) = atom_start {
        out.push(Lexeme::Atom(&src[start..]));
    }
    out
}

struct Parser<'s> {
    lexemes: Vec<Lexeme<'s>>,
    at: usize,
    /// The alternatives of the groups being parsed, innermost last: one
    /// stack for the whole pattern instead of a vector per group.
    branches: Vec<Branch>,
}

/// One alternative of a group, as parsed. Most alternatives are a single
/// word (`(we|we're|i|i'm|…)`) and end up in one [`WordSet`]: such a word
/// stays a bare test until its group knows, which saves the sequence, set
/// and `Arc` that a [`Node::Word`] of its own would allocate and drop (a
/// fifth of the start-up instructions went to parsing patterns).
enum Branch {
    /// A single word.
    Word(WordTest),
    /// Anything else.
    Seq(Vec<Node>),
}

impl Branch {
    fn is_empty(&self) -> bool {
        matches!(self, Branch::Seq(nodes) if nodes.is_empty())
    }

    fn into_nodes(self) -> Vec<Node> {
        match self {
            Branch::Word(test) => vec![word(test)],
            Branch::Seq(nodes) => nodes,
        }
    }
}

/// What one atom is: a gap, a word, or a hyphenated compound's group.
enum Item {
    Gap(u8),
    Word(WordTest),
    Group(Node),
}

impl Item {
    fn into_node(self) -> Node {
        match self {
            Item::Gap(n) => Node::Gap(n),
            Item::Word(test) => word(test),
            Item::Group(node) => node,
        }
    }
}

impl Parser<'_> {
    /// alts := seq ('|' seq)*
    ///
    /// Pushes the alternatives onto [`Parser::branches`] and returns where
    /// they start.
    fn alts(&mut self) -> Result<usize, PatternError> {
        let start = self.branches.len();
        let first = self.branch()?;
        self.branches.push(first);
        while self.lexemes.get(self.at) == Some(&Lexeme::Pipe) {
            self.at += 1;
            let next = self.branch()?;
            self.branches.push(next);
        }
        Ok(start)
    }

    /// One `seq` of [`Parser::alts`], a single word as a bare test.
    fn branch(&mut self) -> Result<Branch, PatternError> {
        if let Some(&Lexeme::Atom(atom)) = self.lexemes.get(self.at)
            && matches!(
                self.lexemes.get(self.at + 1),
                None | Some(Lexeme::Pipe | Lexeme::Close(_))
            )
        {
            self.at += 1;
            return Ok(match atom_item(atom)? {
                Item::Word(test) => Branch::Word(test),
                other => Branch::Seq(vec![other.into_node()]),
            });
        }
        self.seq().map(Branch::Seq)
    }

    /// seq := item*
    fn seq(&mut self) -> Result<Vec<Node>, PatternError> {
        let mut out: Vec<Node> = Vec::with_capacity(4);
        loop {
            let node = match self.lexemes.get(self.at).copied() {
                None | Some(Lexeme::Pipe) | Some(Lexeme::Close(_)) => return Ok(out),
                Some(Lexeme::Atom(atom)) => {
                    self.at += 1;
                    atom_item(atom)?.into_node()
                }
                Some(Lexeme::Open(open)) => {
                    self.at += 1;
                    let start = self.alts()?;
                    let close = if open == '(' { ')' } else { ']' };
                    match self.lexemes.get(self.at) {
                        Some(Lexeme::Close(c)) if *c == close => self.at += 1,
                        _ => return err(format!("`{open}` is not closed by `{close}`")),
                    }
                    if self.branches[start..].iter().any(Branch::is_empty) {
                        return err(format!("empty alternative inside `{open}…{close}`"));
                    }
                    group(self.branches.drain(start..), open == '[')
                }
            };
            // Neighbouring gaps are one gap.
            match (out.last_mut(), node) {
                (Some(Node::Gap(a)), Node::Gap(b)) => *a = a.saturating_add(b),
                (_, node) => out.push(node),
            }
        }
    }
}

/// A group of branches. Neighbouring single-word alternatives become one
/// word set (`(cut|trim|take out)` is `((cut|trim)|take out)`: a walk tests
/// one set where it tried each branch), and a group of one branch is that
/// branch.
fn group(branches: std::vec::Drain<Branch>, optional: bool) -> Node {
    let mut out: Vec<Vec<Node>> = Vec::with_capacity(branches.len() + 1);
    let mut singles: Vec<Branch> = Vec::new();
    for b in branches {
        if single_word(&b) {
            singles.push(b);
        } else {
            out.extend(word_set(&mut singles));
            out.push(b.into_nodes());
        }
    }
    out.extend(word_set(&mut singles));
    if optional {
        out.push(Vec::new());
    } else if let [only] = out.as_mut_slice()
        && only.len() == 1
    {
        return only.pop().expect("one node");
    }
    Node::Alt(out)
}

/// Whether a branch is one word.
fn single_word(b: &Branch) -> bool {
    match b {
        Branch::Word(_) => true,
        Branch::Seq(nodes) => matches!(nodes.as_slice(), [Node::Word(_)]),
    }
}

/// The single-word branches `singles` (emptied) as one branch of one word
/// set, if there are any.
fn word_set(singles: &mut Vec<Branch>) -> Option<Vec<Node>> {
    match singles.len() {
        0 => return None,
        1 => return singles.pop().map(Branch::into_nodes),
        _ => {}
    }
    let mut set: Vec<WordTest> = Vec::with_capacity(singles.len());
    let mut add = |t: WordTest| {
        if !set.contains(&t) {
            set.push(t);
        }
    };
    for b in singles.drain(..) {
        match b {
            Branch::Word(t) => add(t),
            Branch::Seq(mut nodes) => {
                if let Some(Node::Word(words)) = nodes.pop() {
                    // Just built (a nested group): the only owner, so no
                    // copy is made.
                    let tests = Arc::try_unwrap(words)
                        .map_or_else(|shared| shared.tests.clone(), |w| w.tests);
                    tests.into_iter().for_each(&mut add);
                }
            }
        }
    }
    Some(vec![Node::Word(Arc::new(WordSet::new(set)))])
}

/// One atom: a gap, a word, or a hyphenated compound (its parts as separate
/// words, or closed up into one word).
fn atom_item(atom: &str) -> Result<Item, PatternError> {
    if let Some(n) = atom.strip_prefix('~') {
        let n = if n.is_empty() {
            DEFAULT_GAP
        } else {
            match n.parse::<u8>() {
                Ok(n) if (1..=MAX_GAP).contains(&n) => n,
                _ => return err(format!("gap `{atom}`: the length must be 1 to {MAX_GAP}")),
            }
        };
        return Ok(Item::Gap(n));
    }
    let folded = fold(atom);
    if !folded.contains('-') {
        return Ok(Item::Word(word_test(folded, atom)?));
    }
    let parts: Vec<&str> = folded.split('-').collect();
    if parts.iter().any(|p| p.is_empty() || p == &"*") {
        return err(format!("`{atom}`: a hyphen must stand between two words"));
    }
    let last = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        if (i > 0 && part.starts_with('*')) || (i < last && part.ends_with('*')) {
            return err(format!(
                "`{atom}`: `*` may only stand at the start or end of the compound"
            ));
        }
    }
    let separate = parts
        .iter()
        .map(|p| word_test(p.to_string(), atom).map(word))
        .collect::<Result<Vec<_>, _>>()?;
    let closed = vec![word(word_test(parts.concat(), atom)?)];
    Ok(Item::Group(Node::Alt(vec![separate, closed])))
}

fn word(test: WordTest) -> Node {
    Node::Word(Arc::new(WordSet::new(vec![test])))
}

fn word_test(mut word: String, atom: &str) -> Result<WordTest, PatternError> {
    let lead = word.starts_with('*');
    if lead {
        word.remove(0);
    }
    let trail = word.ends_with('*');
    if trail {
        word.pop();
    }
    let core = word;
    if core.is_empty() {
        return err(format!("`{atom}`: a word is needed around `*`"));
    }
    // Nearly every word is plain ASCII: one byte test each.
    let plain = core
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'\'');
    if !plain && let Some(bad) = core.chars().find(|&c| !c.is_alphanumeric() && c != '\'') {
        return err(format!("`{atom}`: unexpected character `{bad}`"));
    }
    if (lead || trail) && core.chars().filter(|c| c.is_alphabetic()).count() < MIN_WILDCARD_LETTERS
    {
        return err(format!(
            "`{atom}`: a wildcard needs at least {MIN_WILDCARD_LETTERS} letters besides `*`"
        ));
    }
    Ok(match (lead, trail) {
        (false, false) => WordTest::Exact(core),
        (false, true) => WordTest::Prefix(core),
        (true, false) => WordTest::Suffix(core),
        (true, true) => WordTest::Contains(core),
    })
}

impl Pattern {
    /// Compiles a pattern.
    pub fn parse(source: &str) -> Result<Pattern, PatternError> {
        let lexemes = lex(source);
        if lexemes.is_empty() {
            return err("empty pattern");
        }
        let edges = [lexemes.first(), lexemes.last()];
        if edges
            .iter()
            .any(|l| matches!(l, Some(Lexeme::Atom(a)) if a.starts_with('~')))
        {
            return err("a pattern may not start or end with a gap");
        }
        let mut parser = Parser {
            lexemes,
            at: 0,
            branches: Vec::new(),
        };
        parser.alts()?;
        if let Some(extra) = parser.lexemes.get(parser.at) {
            return err(format!("unexpected `{}`", lexeme_text(extra)));
        }
        let mut branches = parser.branches;
        let nodes = if branches.len() == 1 {
            branches.pop().map(Branch::into_nodes).unwrap_or_default()
        } else {
            vec![Node::Alt(
                branches.into_iter().map(Branch::into_nodes).collect(),
            )]
        };
        if seq_span(&nodes).0 == 0 {
            return err("every word of the pattern is optional: it would match anything");
        }
        if count(&nodes) > MAX_VARIANTS {
            return err(format!(
                "stands for more than {MAX_VARIANTS} word sequences; split it into several patterns"
            ));
        }
        let walks = walks(&nodes);
        if walks > MAX_WALKS {
            return err(format!(
                "can be walked in {} ways, more than {MAX_WALKS} (every gap `~N` multiplies by N + 1, every group by its alternatives); shorten its gaps, drop optional groups or split it into several patterns",
                if walks == usize::MAX {
                    "too many".to_string()
                } else {
                    walks.to_string()
                }
            ));
        }
        Ok(Pattern {
            source: source.to_string(),
            nodes,
        })
    }
}

fn lexeme_text(l: &Lexeme) -> String {
    match l {
        Lexeme::Open(c) | Lexeme::Close(c) => c.to_string(),
        Lexeme::Pipe => "|".to_string(),
        Lexeme::Atom(a) => a.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(p: &str) -> String {
        let nodes = Pattern::parse(p).unwrap().nodes;
        nodes
            .iter()
            .map(Node::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn words_wildcards_and_folding() {
        assert_eq!(show("Auf eigen* WUNSCH"), "auf eigen* wunsch");
        assert_eq!(show("*kapital *synergie*"), "*kapital *synergie*");
        assert_eq!(show("Größe"), "grösse");
    }

    #[test]
    fn word_tests_compare_the_bytes_of_folded_words() {
        let test = |t: WordTest, word: &str| t.matches(word.as_bytes());
        assert!(test(WordTest::Exact("größe".into()), "größe"));
        assert!(!test(WordTest::Exact("größe".into()), "grösse"));
        assert!(test(WordTest::Prefix("über".into()), "überstunden"));
        assert!(!test(WordTest::Prefix("über".into()), "üb"));
        assert!(test(WordTest::Suffix("ung".into()), "freistellung"));
        assert!(test(WordTest::Contains("ä".into()), "gäste"));
        assert!(test(WordTest::Contains("gäste".into()), "gäste"));
        assert!(!test(WordTest::Contains("gästeliste".into()), "gäste"));
        assert!(!test(WordTest::Contains("a".into()), "ä"));
    }

    #[test]
    fn a_word_set_passes_what_one_of_its_tests_passes() {
        let set = |tests: &[WordTest]| WordSet::new(tests.to_vec());
        let exact = WordTest::Exact("team".into());
        let prefix = WordTest::Prefix("über".into());
        let suffix = WordTest::Suffix("ung".into());
        let contains = WordTest::Contains("synerg".into());
        for word in [
            "team",
            "teams",
            "übernahme",
            "über",
            "freistellung",
            "ung",
            "synergien",
            "x",
            "",
        ] {
            for tests in [
                vec![exact.clone()],
                vec![exact.clone(), prefix.clone()],
                vec![prefix.clone(), suffix.clone()],
                vec![exact.clone(), contains.clone()],
            ] {
                let any = tests.iter().any(|t| t.matches(word.as_bytes()));
                assert_eq!(
                    set(&tests).matches(word.as_bytes()),
                    any,
                    "{word} {tests:?}"
                );
            }
        }
    }

    #[test]
    fn alternatives_optionals_and_gaps() {
        assert_eq!(
            show("auf [ihren|seinen] eigen* wunsch"),
            "auf [(ihren|seinen)] eigen* wunsch"
        );
        assert_eq!(show("(scheidet|schied) ~ aus"), "(scheidet|schied) ~3 aus");
        assert_eq!(show("steh* ~2 ~2 beratend"), "steh* ~4 beratend");
        assert_eq!(
            show("steh* ~2 [auch] ~2 beratend"),
            "steh* ~2 [auch] ~2 beratend"
        );
        assert_eq!(
            show("(wir haben|man hat) entschieden"),
            "(wir haben|man hat) entschieden"
        );
        assert_eq!(show("(a b)"), "(a b)");
        // Neighbouring single words of a group with longer branches are
        // one set; the order of the branches stays.
        assert_eq!(
            show("(cut|trim|take out|lower|reduce) costs"),
            "((cut|trim)|take out|(lower|reduce)) costs"
        );
        assert_eq!(show("[cut|take out] costs"), "[cut|take out] costs");
        let p = Pattern::parse("[sehr] (gut|schlecht) ~2 [gelaufen|gegangen]").unwrap();
        assert_eq!(seq_span(&p.nodes), (1, 5));
    }

    #[test]
    fn hyphens_give_separate_and_closed_spellings() {
        assert_eq!(show("game-changer"), "(game changer|gamechanger)");
        assert_eq!(show("ki-basiert*"), "(ki basiert*|kibasiert*)");
        assert_eq!(show("best-of-breed"), "(best of breed|bestofbreed)");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let e = |p: &str| Pattern::parse(p).unwrap_err().0;
        assert!(e("").contains("empty"));
        assert!(e("~2 foo").contains("start or end with a gap"));
        assert!(e("foo ~9 bar").contains("1 to 8"));
        assert!(e("(foo bar").contains("not closed"));
        assert!(e("foo)").contains("unexpected `)`"));
        assert!(e("ab*").contains("at least 3 letters"));
        assert!(e("[foo]").contains("optional"));
        assert!(e("fo*o").contains("unexpected character `*`"));
        assert!(e("foo. bar").contains("unexpected character `.`"));
        assert!(e("a-*b").contains("start or end"));
        assert!(e("(a b|c d|e f|g h) (a b|c d|e f|g h) (a b|c d|e f|g h) (a b|c d|e f|g h) (a b|c d|e f|g h) (a b|c d|e f|g h)").contains("1024"));
        // Issue #9: gaps and nested optional groups multiply the walks.
        assert!(e("aaa* ~8 [bbb] ~8 [bbb] ~8 [bbb] ~8 [bbb] ~8 ccc").contains("944784 ways"));
        assert!(e("aaa [~8 [~8 [~8 [~8 [~8 bbb]]]]] ccc").contains("more than 16384"));
        assert_eq!(
            walks(&Pattern::parse("aaa [~8 [~8 [~8 bbb]]] ccc").unwrap().nodes),
            1 + 9 * (1 + 9 * (1 + 9))
        );
    }
}
