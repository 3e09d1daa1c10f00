//! The built-in lexicons, compiled into the binary.

/// `lexicon_version` of the built-in set (from `lexicons/VERSION`).
pub const VERSION: &str = include_str!("../../lexicons/VERSION").trim_ascii();

macro_rules! files {
    ($($lang:literal / $cat:literal),* $(,)?) => {
        /// Every built-in lexicon file: its path in the repository and its text.
        pub const FILES: &[(&str, &str)] = &[
            $((
                concat!("lexicons/", $lang, "/", $cat, ".toml"),
                include_str!(concat!("../../lexicons/", $lang, "/", $cat, ".toml")),
            )),*
        ];
    };
}

files![
    "de" / "buzzword",
    "de" / "euphemism",
    "de" / "evasion",
    "de" / "excuse",
    "de" / "hedge",
    "de" / "jargon",
    "de" / "platitude",
    "en" / "buzzword",
    "en" / "euphemism",
    "en" / "evasion",
    "en" / "excuse",
    "en" / "hedge",
    "en" / "jargon",
    "en" / "platitude",
];
