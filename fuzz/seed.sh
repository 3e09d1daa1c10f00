#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from klartext's own files: tests/fixtures/**,
# corpora/** and lexicons/** (never tests/sarif, never data from elsewhere).
# Adds to what a corpus already holds (libFuzzer's finds stay); file names
# are content hashes, so running it again adds nothing twice.
#
# Targets whose input starts with a mode byte (see fuzz_targets/*.rs) get
# seeds with the byte that reads the file as it is meant to be read.
set -euo pipefail
cd "$(dirname "$0")/.."

C=fuzz/corpus
F=tests/fixtures
TARGETS=(lexicon pattern mbox mime html markdown csv jsonl segment scan)
for t in "${TARGETS[@]}"; do mkdir -p "$C/$t"; done

# seed TARGET MODE FILE: FILE, behind the mode byte MODE (two hex digits, or
# "" for none), as a corpus file named by its hash.
seed() {
    local target=$1 mode=$2 file=$3 tmp
    tmp=$(mktemp)
    if [[ -n $mode ]]; then printf "\\x$mode" >"$tmp"; fi
    cat "$file" >>"$tmp"
    mv "$tmp" "$C/$target/$(sha1sum "$tmp" | cut -c1-40)"
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Lexicons: each file whole, and each [[entry]] on its own (small inputs
# mutate faster; libFuzzer cuts longer ones at -max_len).
for f in lexicons/*/*.toml; do
    seed lexicon "" "$f"
    base=$(basename "$(dirname "$f")")-$(basename "$f" .toml)
    awk -v out="$scratch/$base-entry" '
        /^\[\[entry\]\]/ { n++ }
        n { print > (out "-" n) }
    ' "$f"
done
for f in "$scratch"/*-entry-*; do seed lexicon "" "$f"; done

# Patterns: each pattern of the lexicons, followed on the next line by the
# first `hit` sentence of its entry (the text the target matches).
awk -v out="$scratch/pattern" '
    function unq(s) {
        sub(/^[ \t]*"/, "", s); sub(/",?[ \t]*$/, "", s)
        gsub(/\\"/, "\"", s); gsub(/\\\\/, "\\", s)
        return s
    }
    /^\[\[entry\]\]/ { for (i = 1; i <= np; i++) emit(pat[i]); np = 0; hit = ""; key = "" }
    /^patterns = \[/ { key = "p"; next }
    /^hit = \[/      { key = "h"; next }
    /^\]/            { key = ""; next }
    /^[a-z]+ = /     { key = ""; next }
    key == "p" { pat[++np] = unq($0) }
    key == "h" && hit == "" { hit = unq($0) }
    function emit(p) { n++; printf "%s\n%s", p, hit > (out "-" n); close(out "-" n) }
    END { for (i = 1; i <= np; i++) emit(pat[i]) }
' lexicons/*/*.toml
for f in "$scratch"/pattern-*; do seed pattern "" "$f"; done

# The example sentences of each lexicon file, one per line: German and
# English prose full of findings, for segmentation and the whole pipeline.
for f in lexicons/*/*.toml; do
    out="$scratch/examples-$(basename "$(dirname "$f")")-$(basename "$f" .toml)"
    awk '
        /^(hit|miss) = \[/ { on = 1; next }
        /^\]/ { on = 0 }
        on { s = $0; sub(/^[ \t]*"/, "", s); sub(/",?[ \t]*$/, "", s); gsub(/\\"/, "\"", s); print s }
    ' "$f" >"$out"
    seed segment 00 "$out"
    seed scan 00 "$out"
done

# Mail: mbox files (mode byte ff: a size limit of 16 KiB), messages, and the
# messages split out of the mbox files.
for f in "$F"/mail/*.mbox "$F"/mail/no-extension-mbox; do
    seed mbox ff "$f"
    seed scan 04 "$f"
    awk -v out="$scratch/$(basename "$f")-msg" '
        /^From / && (NR == 1 || blank) { n++; blank = 0; next }
        n { print > (out "-" n) }
        { blank = ($0 == "" || $0 == "\r") }
    ' "$f"
done
for f in "$scratch"/*-msg-* "$F"/mail/*.eml "$F"/mail/maildir/*/*; do
    [[ $(basename "$f") == .keep ]] && continue
    seed mime "" "$f"
    seed scan 03 "$f"
done

# HTML.
for f in "$F"/html/*.html; do
    seed html "" "$f"
    seed scan 02 "$f"
done

# Markdown: the fixtures, the corpus memos and the READMEs of these folders.
for f in "$F"/markdown/*.md corpora/*/*.md corpora/README.md lexicons/README.md "$F"/README.md; do
    seed markdown "" "$f"
    seed segment 02 "$f"
    seed scan 01 "$f"
done

# Plain text.
for f in corpora/*/*.txt; do
    seed segment 00 "$f"
    seed segment 01 "$f"
    seed scan 00 "$f"
done

# Corpora. records.csv has a header row and commas (mode 00; 10: the texts
# are mail bodies); news-like.csv has none, `;` and `'`, text in column 2
# (mode 4b).
seed csv 00 "$F"/corpus/records.csv
seed csv 10 "$F"/corpus/records.csv
seed csv 4b "$F"/corpus/news-like.csv
seed scan 06 "$F"/corpus/records.csv
seed jsonl 00 "$F"/corpus/records.jsonl
seed jsonl 02 "$F"/corpus/records.jsonl
seed scan 05 "$F"/corpus/records.jsonl

for t in "${TARGETS[@]}"; do
    printf '%-9s %5d files\n' "$t" "$(find "$C/$t" -type f | wc -l)"
done
