#!/usr/bin/env bash
# Whole-run benchmark of klartext against the ripgrep anchor (issue #7 goals).
# `bash benches/run.sh --help` explains; everything it prints to stdout is the
# summary (Markdown), everything it does is logged to stderr.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bash benches/run.sh [OPTIONS]

Builds klartext (cargo build --release --locked), generates the benchmark
corpora if they are not there yet, times klartext against ripgrep on the same
input in alternating rounds, measures peak memory and prints a Markdown
summary of the performance goals to stdout (progress goes to stderr).

Options (each also settable through the environment variable named):
  --dir DIR          work dir for corpora and results   KT_BENCH_DIR    (/tmp/kt-bench)
  --shared DIR       gen_corpus.py + anchor-phrases.txt KT_BENCH_SHARED (<repo>/../shared/bench;
                     in a clone made elsewhere, that of the repository it was cloned from)
  --runs N           timed rounds per command           KT_BENCH_RUNS   (5, after 1 warm-up)
  --mb N             size of the main corpus in MB      KT_BENCH_MB     (100; the goals are
                     stated for 100, smaller sizes are for trying the script out)
  --startup-runs N   runs of the start-up benchmark     KT_BENCH_STARTUP_RUNS (30)
  --1gb              also the 1 GB corpus (folder, JSON Lines, mbox) for
                     peak memory: ~3.1 GB of disk, minutes  KT_BENCH_1GB=1 (off)
  --big-mb N         size of that large corpus in MB    KT_BENCH_BIG_MB (1000)
  --bin PATH         benchmark this klartext binary instead of building one
                                                        KT_BENCH_BIN
  --enron FILE       real mail (JSON Lines, `body`, `id`) KT_BENCH_ENRON
                     (<shared>/../data/enron-mail/enron-dev.jsonl; skipped if absent)
  --fallback         time without hyperfine and /usr/bin/time even where
                     they are installed (to try the fallbacks)  KT_BENCH_FALLBACK=1
  -h, --help         this text

Corpora (made once, then reused; a `.stamp` file next to each marks it complete):
  DIR/100mb/                 gen_corpus.py --mb 100 (one file per document)
  DIR/100mb.jsonl            the same documents, one {"id", "text"} per line
  DIR/100mb-de/, 100mb-en/   symlinks to the German / English files of 100mb/
  DIR/1000mb/, 1000mb.jsonl, 1000mb.mbox   with --1gb: gen_corpus.py --mb 1000,
                             as above, and as an mbox (mboxrd escaping; each
                             document's own From:/To:/Date:/Subject: lines are
                             left out: klartext would mask the body after them
                             as a forwarded message)
Delete a corpus (and its .stamp) to have it made again. Results (hyperfine
JSON, timings, peak memory) go to DIR/results/<date-time>/.

Timing: hyperfine (`apt-get install hyperfine`) runs every command once per
round, all commands of a round in turn, so klartext and ripgrep see the same
machine state; medians over the rounds. Without hyperfine, a bash loop with
$EPOCHREALTIME does the same. Peak memory: /usr/bin/time -f %M (`apt-get
install time`), without it Python's resource.getrusage. ripgrep: `apt-get
install ripgrep` (the anchor; its version is printed with the results).
Missing tools are installed with apt-get when the script runs as root or
has password-less sudo.

The machine is shared and noisy: absolute MB/s mean little, the ratios to the
ripgrep run of the same round are what the goals are about.
EOF
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# log, die, install, build_klartext, present
# shellcheck source=benches/lib.sh
source "$repo/benches/lib.sh"

dir=${KT_BENCH_DIR:-/tmp/kt-bench}
shared=${KT_BENCH_SHARED:-$(default_shared)}
runs=${KT_BENCH_RUNS:-5}
startup_runs=${KT_BENCH_STARTUP_RUNS:-30}
one_gb=${KT_BENCH_1GB:-0}
mb=${KT_BENCH_MB:-100}
big_mb=${KT_BENCH_BIG_MB:-1000}
bin=${KT_BENCH_BIN:-}
enron=${KT_BENCH_ENRON:-}
fallback=${KT_BENCH_FALLBACK:-0}

while (($#)); do
    case $1 in
    -h | --help)
        usage
        exit 0
        ;;
    --dir) dir=${2:?--dir needs a value}; shift ;;
    --shared) shared=${2:?--shared needs a value}; shift ;;
    --runs) runs=${2:?--runs needs a value}; shift ;;
    --startup-runs) startup_runs=${2:?--startup-runs needs a value}; shift ;;
    --1gb) one_gb=1 ;;
    --mb) mb=${2:?--mb needs a value}; shift ;;
    --big-mb) big_mb=${2:?--big-mb needs a value}; shift ;;
    --bin) bin=${2:?--bin needs a value}; shift ;;
    --enron) enron=${2:?--enron needs a value}; shift ;;
    --fallback) fallback=1 ;;
    *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs/KT_BENCH_RUNS must be a positive number, not '$runs'"
[[ $startup_runs =~ ^[1-9][0-9]*$ ]] || die "--startup-runs must be a positive number, not '$startup_runs'"
[[ $one_gb == 1 ]] || one_gb=0
[[ $mb =~ ^[1-9][0-9]*$ ]] || die "--mb/KT_BENCH_MB must be a positive number, not '$mb'"
[[ $big_mb =~ ^[1-9][0-9]*$ ]] || die "--big-mb/KT_BENCH_BIG_MB must be a positive number, not '$big_mb'"
main=${mb}mb
big=${big_mb}mb
[[ -n $dir ]] || die "empty work dir"

# --- tools -------------------------------------------------------------------

if [[ $fallback != 1 ]]; then
    install hyperfine hyperfine
    install time /usr/bin/time
fi
install ripgrep rg
command -v python3 >/dev/null || die "python3 is needed (corpus generator, JSON, medians)"
command -v rg >/dev/null || die "ripgrep (rg) is the anchor and is missing: apt-get install ripgrep"
gen=$shared/gen_corpus.py
anchor=$shared/anchor-phrases.txt
enron=${enron:-$(dirname "$shared")/data/enron-mail/enron-dev.jsonl}
[[ -f $gen ]] || die "no $gen (set KT_BENCH_SHARED or --shared)"
[[ -f $anchor ]] || die "no $anchor (set KT_BENCH_SHARED or --shared)"
shared=$(cd "$shared" && pwd)
gen=$shared/gen_corpus.py
anchor=$shared/anchor-phrases.txt
enron=${enron:-$(dirname "$shared")/data/enron-mail/enron-dev.jsonl}

if [[ $fallback != 1 ]] && command -v hyperfine >/dev/null; then
    have_hyperfine=1
else
    have_hyperfine=0
    log "hyperfine not found (apt-get install hyperfine); timing with a bash loop instead"
fi
if [[ $fallback != 1 ]] && [[ -x /usr/bin/time ]]; then
    have_time=1
else
    have_time=0
    log "/usr/bin/time not found (apt-get install time); peak memory through Python's getrusage"
fi
((BASH_VERSINFO[0] >= 5)) || die "bash 5 or newer is needed (\$EPOCHREALTIME)"

# --- build -------------------------------------------------------------------

build_klartext "$bin"

# --- corpora -----------------------------------------------------------------

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# Free space (MB) on the file system that holds the work dir.
free_mb() { df -Pk "$dir" | awk 'NR == 2 { print int($4 / 1024) }'; }

# Disk needed for what is still missing, in MB (the 1 GB mbox and JSON Lines
# are a little larger than the text: headers, JSON escapes).
need=0
[[ -f $dir/$main.stamp ]] || need=$((need + mb * 11 / 10))
[[ -f $dir/$main.jsonl.stamp ]] || need=$((need + mb * 11 / 10))
if ((one_gb)); then
    [[ -f $dir/$big.stamp ]] || need=$((need + big_mb * 105 / 100))
    [[ -f $dir/$big.jsonl.stamp ]] || need=$((need + big_mb * 106 / 100))
    [[ -f $dir/$big.mbox.stamp ]] || need=$((need + big_mb * 108 / 100))
fi
free=$(free_mb)
log "work dir $dir: ${free} MB free, ${need} MB needed for missing corpora"
if ((need > 0 && free < need + need / 10)); then
    die "not enough disk in $dir: ${free} MB free, ${need} MB (+10 %) needed; free some or set KT_BENCH_DIR"
fi

# Folder statistics: "<documents> <bytes>" (sizes of the files, symlinks followed).
folder_stats() {
    python3 -B - "$1" <<'PY'
import os, sys
d = sys.argv[1]
names = [n for n in os.listdir(d) if not n.startswith(".")]
print(len(names), sum(os.stat(os.path.join(d, n)).st_size for n in names))
PY
}


# gen_folder NAME MB: DIR/NAME/ from gen_corpus.py --mb MB. A folder without
# stamp (made by hand or an older version of this script) is adopted if it
# holds at least MB·10^6 bytes, which the generator only writes when it ran
# to the end.
gen_folder() {
    local name=$1 mb=$2 out=$dir/$1
    present "$name" "$out" && return
    if [[ -d $out ]]; then
        local stats
        stats=$(folder_stats "$out")
        if ((${stats#* } >= mb * 1000000)); then
            log "corpus $name: adopting the existing folder ($stats)"
            echo "$stats" >"$out.stamp"
            return
        fi
        log "corpus $name: incomplete folder ($stats), making it again"
        rm -rf -- "$out"
    fi
    log "corpus $name: python3 gen_corpus.py --mb $mb (about $((mb / 3 + 5)) s)"
    rm -rf -- "$out.partial"
    (cd "$dir" && python3 -B "$gen" --mb "$mb" --out "$out.partial" >&2)
    mv -- "$out.partial" "$out"
    folder_stats "$out" >"$out.stamp"
    log "corpus $name: done ($(cat "$out.stamp"))"
}

# make_jsonl FOLDER: FOLDER.jsonl, one {"id": file name, "text": content} per
# line, files sorted by name.
make_jsonl() {
    local src=$dir/$1 out=$dir/$1.jsonl docs
    docs=$(cut -d' ' -f1 "$src.stamp")
    present "$1.jsonl" "$out" && return
    if [[ -f $out ]] && [[ $(wc -l <"$out") == "$docs" ]]; then
        log "corpus $1.jsonl: adopting the existing file ($docs lines)"
        echo "$docs $(stat -c %s "$out")" >"$out.stamp"
        return
    fi
    log "corpus $1.jsonl: writing $docs documents"
    python3 -B - "$src" "$out.partial" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8", newline="\n") as f:
    for name in sorted(n for n in os.listdir(src) if not n.startswith(".")):
        with open(os.path.join(src, name), encoding="utf-8") as doc:
            text = doc.read()
        f.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
PY
    mv -- "$out.partial" "$out"
    echo "$docs $(stat -c %s "$out")" >"$out.stamp"
}

# split_lang FOLDER: FOLDER-de/ and FOLDER-en/, relative symlinks to the
# *-de.txt / *-en.txt files of FOLDER.
split_lang() {
    local src=$dir/$1 lang out
    for lang in de en; do
        out=$src-$lang
        present "$1-$lang" "$out" && continue
        rm -rf -- "$out" "$out.partial"
        mkdir -p -- "$out.partial"
        python3 -B - "$src" "$out.partial" "$lang" <<'PY'
import os, sys
src, out, lang = sys.argv[1], sys.argv[2], sys.argv[3]
base = os.path.basename(src)
for name in sorted(os.listdir(src)):
    if name.endswith("-" + lang + ".txt"):
        os.symlink(os.path.join("..", base, name), os.path.join(out, name))
PY
        mv -- "$out.partial" "$out"
        folder_stats "$out" >"$out.stamp"
        log "corpus $1-$lang: $(cat "$out.stamp")"
    done
}

# make_mbox FOLDER: FOLDER.mbox, one message per document (mboxrd: body lines
# matching ^>*From get one more '>'), without the document's own header lines.
make_mbox() {
    local src=$dir/$1 out=$dir/$1.mbox docs
    docs=$(cut -d' ' -f1 "$src.stamp")
    present "$1.mbox" "$out" && return
    log "corpus $1.mbox: writing $docs messages"
    python3 -B - "$src" "$out.partial" <<'PY'
import os, re, sys
src, out = sys.argv[1], sys.argv[2]
escape = re.compile(rb"^(>*From )", re.M)
field = re.compile(rb"^[A-Za-z][A-Za-z-]*: ")
with open(out, "wb") as f:
    names = sorted(n for n in os.listdir(src) if not n.startswith("."))
    for n, name in enumerate(names, 1):
        with open(os.path.join(src, name), "rb") as doc:
            body = doc.read()
        # The generated mails start with their own From:/To:/Date:/Subject:
        # (Von:/An:/…) lines; in a message body klartext reads such a block
        # as a forwarded message and masks all that follows, so it goes.
        head, blank, rest = body.partition(b"\n\n")
        if blank and all(field.match(line) for line in head.split(b"\n")):
            body = rest
        body = escape.sub(rb">\1", body)
        if not body.endswith(b"\n"):
            body += b"\n"
        f.write(
            b"From bench@example.invalid Thu Nov 26 00:00:00 2026\n"
            b"From: bench@example.invalid\n"
            b"Subject: doc %d\n"
            b"Date: Thu, 26 Nov 2026 00:00:00 +0000\n"
            b"Message-ID: <%d@bench.invalid>\n"
            b"MIME-Version: 1.0\n"
            b"Content-Type: text/plain; charset=utf-8\n"
            b"Content-Transfer-Encoding: 8bit\n"
            b"\n" % (n, n)
        )
        f.write(body)
        f.write(b"\n")
PY
    mv -- "$out.partial" "$out"
    echo "$docs $(stat -c %s "$out")" >"$out.stamp"
}

gen_folder "$main" "$mb"
make_jsonl "$main"
split_lang "$main"
if ((one_gb)); then
    gen_folder "$big" "$big_mb"
    make_jsonl "$big"
    make_mbox "$big"
fi

# --- results dir, commands -----------------------------------------------------

results=$dir/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$results"
times=$results/times.tsv # name <TAB> seconds, one line per timed run
: >"$times"
log "results go to $results"

startup_doc=$repo/corpora/en/allhands-update.md
[[ -f $startup_doc ]] || die "no $startup_doc"

# Commands as bash-quoted strings: hyperfine -N splits them like a shell, the
# fallback loop evals them.
q() { printf '%q ' "$@"; }
declare -A cmd
cmd[kt-2t]=$(q "$bin" scan --format ndjson "$dir/$main")
cmd[rg-2t]=$(q rg -F -i -c -f "$anchor" "$dir/$main")
cmd[kt-1t]=$(q "$bin" scan --threads 1 --format ndjson "$dir/$main")
cmd[rg-1t]=$(q rg -j1 -F -i -c -f "$anchor" "$dir/$main")
cmd[kt-jsonl]=$(q "$bin" scan --format ndjson --text-field text --id-field id "$dir/$main.jsonl")
cmd[kt-de]=$(q "$bin" scan --format ndjson "$dir/$main-de")
cmd[kt-en]=$(q "$bin" scan --format ndjson "$dir/$main-en")
cmd[kt-startup]=$(q "$bin" scan "$startup_doc")
cmd[rg-startup]=$(q rg -F -i -c -f "$anchor" "$startup_doc")
main_round=(kt-2t rg-2t kt-1t rg-1t kt-jsonl kt-de kt-en)
have_enron=0
if [[ -f $enron ]]; then
    have_enron=1
    cmd[kt-enron]=$(q "$bin" scan --format ndjson --text-field body --id-field id "$enron")
else
    log "no $enron: the real-text row is left out"
fi

# check NAME DOCS: runs a klartext command once (also the warm-up), checks
# that its summary line shows DOCS documents, no skip and no error.
check() {
    local name=$1 docs=$2 summary
    log "warm-up and check: $name"
    summary=$(eval "${cmd[$name]}" | tail -n 1)
    python3 -B - "$name" "$docs" "$summary" <<'PY'
import json, sys
name, docs, line = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = json.loads(line)
if (s.get("type") != "summary" or s["documents"] != docs or s["skipped"] or s["errors"]
        or not s["words"] or not s["counted"]):
    sys.exit(f"{name}: expected {docs} documents with words and findings, no skip, no error; "
             f"the summary says {line}")
PY
}

docs_main=$(cut -d' ' -f1 "$dir/$main.stamp")
check kt-2t "$docs_main"
check kt-jsonl "$docs_main"
check kt-de "$(cut -d' ' -f1 "$dir/$main-de.stamp")"
check kt-en "$(cut -d' ' -f1 "$dir/$main-en.stamp")"
log "warm-up: kt-1t, rg-2t, rg-1t"
eval "${cmd[kt-1t]}" >/dev/null
for name in rg-2t rg-1t; do
    # rg exits 1 when nothing matched: that would be a broken anchor.
    eval "${cmd[$name]}" >/dev/null || die "$name found nothing or failed"
done

# time_runs JSON_STEM RUNS WARMUP NAME...: each command RUNS times after
# WARMUP unmeasured runs (hyperfine or the loop), appending to $times.
time_runs() {
    local stem=$1 n=$2 warmup=$3 name i
    shift 3
    if ((have_hyperfine)); then
        local args=()
        for name in "$@"; do args+=(-n "$name" "${cmd[$name]}"); done
        hyperfine -N --style none --warmup "$warmup" --runs "$n" \
            --export-json "$results/$stem.json" "${args[@]}" >&2
        python3 -B - "$results/$stem.json" >>"$times" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if any(r["exit_codes"]):
        sys.exit(f"{r['command']} failed: exit codes {r['exit_codes']}")
    for t in r["times"]:
        print(f"{r['command']}\t{t:.6f}")
PY
    else
        for name in "$@"; do
            for ((i = 0; i < warmup; i++)); do eval "${cmd[$name]}" >/dev/null; done
            for ((i = 0; i < n; i++)); do
                local t0=$EPOCHREALTIME
                eval "${cmd[$name]}" >/dev/null
                local t1=$EPOCHREALTIME
                # $EPOCHREALTIME has the locale's decimal separator.
                python3 -c "print('$name\t%.6f' % (${t1/,/.} - ${t0/,/.}))" >>"$times"
            done
        done
    fi
}

# --- timing ------------------------------------------------------------------

for ((r = 1; r <= runs; r++)); do
    log "round $r/$runs: ${main_round[*]}"
    time_runs "main-round-$r" 1 0 "${main_round[@]}"
    log "  $(awk -F'\t' -v n=${#main_round[@]} '{ a[NR] = $1 " " sprintf("%.2fs", $2) } END { for (i = NR - n + 1; i <= NR; i++) printf "%s  ", a[i] }' "$times")"
done

log "start-up: $startup_runs runs each (after 3 warm-up runs)"
time_runs startup "$startup_runs" 3 kt-startup rg-startup

if ((have_enron)); then
    enron_runs=$((runs < 10 ? 10 : runs))
    log "real text: $enron ($enron_runs runs)"
    time_runs enron "$enron_runs" 1 kt-enron
fi

# --- peak memory ---------------------------------------------------------------

mem=$results/memory.tsv # name <TAB> input <TAB> bytes <TAB> wall s <TAB> peak KiB <TAB> documents
: >"$mem"

# peak NAME INPUT BYTES DOCS CMD...: one run, wall time and peak RSS; the
# summary line must show DOCS documents and no error.
peak() {
    local name=$1 input=$2 bytes=$3 docs=$4 out=$results/peak-$1
    shift 4
    log "peak memory: $name"
    if ((have_time)); then
        /usr/bin/time -f '%e %M' -o "$out.time" "$@" | tail -n 1 >"$out.summary"
    else
        python3 -B - "$out.time" "$@" <<'PY' | tail -n 1 >"$out.summary"
import resource, subprocess, sys, time
t0 = time.monotonic()
code = subprocess.call(sys.argv[2:])
wall = time.monotonic() - t0
with open(sys.argv[1], "w") as f:
    print(f"{wall:.2f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=f)
sys.exit(code)
PY
    fi
    python3 -B - "$name" "$input" "$bytes" "$docs" "$out.time" "$out.summary" >>"$mem" <<'PY'
import json, sys
name, inp, size, docs, tfile, sfile = sys.argv[1:]
wall, kib = open(tfile).read().split()[-2:]
if name.startswith("rg"):
    found = "-"
else:
    s = json.loads(open(sfile).read())
    found = s["documents"]
    if found != int(docs) or s["errors"] or s["skipped"] or not s["words"] or not s["counted"]:
        sys.exit(f"{name}: expected {docs} documents with words and findings, no skip, no error; got {s}")
print(f"{name}\t{inp}\t{size}\t{wall}\t{kib}\t{found}")
PY
}

bytes_of() { stat -L -c %s "$1"; }
folder_bytes() { cut -d' ' -f2 "$dir/$1.stamp"; }

peak kt-mem-main "$main/ folder" "$(folder_bytes "$main")" "$docs_main" \
    "$bin" scan --format ndjson "$dir/$main"
peak rg-mem-main "$main/ folder" "$(folder_bytes "$main")" - \
    rg -F -i -c -f "$anchor" "$dir/$main"
peak kt-mem-main-jsonl "$main.jsonl" "$(bytes_of "$dir/$main.jsonl")" "$docs_main" \
    "$bin" scan --format ndjson --text-field text --id-field id "$dir/$main.jsonl"
if ((one_gb)); then
    docs_big=$(cut -d' ' -f1 "$dir/$big.stamp")
    peak kt-mem-big "$big/ folder" "$(folder_bytes "$big")" "$docs_big" \
        "$bin" scan --format ndjson "$dir/$big"
    peak kt-mem-big-jsonl "$big.jsonl" "$(bytes_of "$dir/$big.jsonl")" "$docs_big" \
        "$bin" scan --format ndjson --text-field text --id-field id "$dir/$big.jsonl"
    peak kt-mem-big-mbox "$big.mbox" "$(bytes_of "$dir/$big.mbox")" "$docs_big" \
        "$bin" scan --format ndjson "$dir/$big.mbox"
fi

# --- summary -----------------------------------------------------------------

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo || true)
{
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "uname=$(uname -srm)"
    echo "cpu=${cpu:-unknown}"
    echo "cores=$(nproc)"
    echo "rustc=$(rustc --version 2>/dev/null || echo unknown)"
    echo "rg=$(rg --version | sed -n 1p)" # sed reads all: no broken pipe
    if ((have_hyperfine)); then
        echo "timer=$(hyperfine --version)"
    else
        echo "timer=bash \$EPOCHREALTIME loop (hyperfine not installed)"
    fi
    echo "commit=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
    echo "bin=$bin"
    echo "runs=$runs"
    echo "startup_runs=$startup_runs"
    echo "rayon=${RAYON_NUM_THREADS:-}"
    echo "one_gb=$one_gb"
    echo "dir=$dir"
    echo "results=$results"
    echo "startup_doc=corpora/en/allhands-update.md ($(bytes_of "$startup_doc") bytes)"
    echo "main=$main"
    for c in "$main" "$main.jsonl" "$main-de" "$main-en"; do echo "stamp.${c/#$main/main}=$(cat "$dir/$c.stamp")"; done
    if ((have_enron)); then echo "enron=$enron $(bytes_of "$enron")"; fi
} >"$results/env.txt"

python3 -B - "$results" <<'PY' | tee "$results/summary.md"
import statistics, sys
res = sys.argv[1]
env = dict(l.rstrip("\n").split("=", 1) for l in open(f"{res}/env.txt"))
times = {}
for l in open(f"{res}/times.tsv"):
    name, t = l.rstrip("\n").split("\t")
    times.setdefault(name, []).append(float(t))
med = {k: statistics.median(v) for k, v in times.items()}
mem = [l.rstrip("\n").split("\t") for l in open(f"{res}/memory.tsv")]
stamp = {k[6:]: v.split() for k, v in env.items() if k.startswith("stamp.")}
b100 = int(stamp["main"][1])
bjsonl = int(stamp["main.jsonl"][1])
main = env["main"]
size_name = main[:-2] + " MB"
bde, ben = int(stamp["main-de"][1]), int(stamp["main-en"][1])

def mbps(b, t): return b / t / 1e6
def s(t): return f"{t:.3f} s"
def ms(t): return f"{t * 1000:.1f} ms"
def ok(p): return "PASS" if p else "MISS"

rows = []
kt2, rg2 = mbps(b100, med["kt-2t"]), mbps(b100, med["rg-2t"])
rows.append([f"{size_name} folder, both cores, vs `rg -F -i -c -f`", s(med["kt-2t"]), s(med["rg-2t"]),
             f"{kt2:.1f}", f"{rg2:.1f}", f"{kt2 / rg2:.2f}", "≥ 0.50", ok(kt2 / rg2 >= 0.5)])
kt1, rg1 = mbps(b100, med["kt-1t"]), mbps(b100, med["rg-1t"])
rows.append([f"{size_name} folder, `--threads 1` vs `rg -j1`", s(med["kt-1t"]), s(med["rg-1t"]),
             f"{kt1:.1f}", f"{rg1:.1f}", f"{kt1 / rg1:.2f}", "≥ 0.50", ok(kt1 / rg1 >= 0.5)])
ktj = mbps(bjsonl, med["kt-jsonl"])
rows.append([f"{size_name} as one JSON Lines file vs the folder (klartext, both cores)", s(med["kt-jsonl"]),
             s(med["kt-2t"]), f"{ktj:.1f}", f"{kt2:.1f}", f"{ktj / kt2:.2f}", "≥ 1.00", ok(ktj / kt2 >= 1.0)])
de, en = mbps(bde, med["kt-de"]), mbps(ben, med["kt-en"])
spread = max(de, en) / min(de, en)
rows.append(["German alone (klartext) vs English alone (anchor column)", s(med["kt-de"]), s(med["kt-en"]),
             f"{de:.1f}", f"{en:.1f}", f"{de / en:.2f}", "0.83–1.20 (±20 %)", ok(spread <= 1.2)])
sc = med["kt-1t"] / med["kt-2t"]
rows.append(["scaling 1 → 2 threads (klartext 2 threads; anchor column: 1 thread)", s(med["kt-2t"]),
             s(med["kt-1t"]), f"{kt2:.1f}", f"{kt1:.1f}", f"{sc:.2f}×", "≥ 1.80×", ok(sc >= 1.8)])
rows.append(["start-up: one 1 KB document, built-in lexicon (anchor: rg, same file)",
             ms(med["kt-startup"]), ms(med["rg-startup"]), "", "", "", "≤ 20 ms",
             ok(med["kt-startup"] <= 0.020)])
rg_mem = {m[1]: m for m in mem if m[0].startswith("rg")}
for name, inp, size, wall, kib, docs in mem:
    if name.startswith("rg"):
        continue
    mib = int(kib) / 1024
    anc = rg_mem.get(inp)
    rows.append([f"peak memory, {inp} ({int(size) / 1e6:.0f} MB, {docs} documents)",
                 f"{mib:.1f} MiB ({float(wall):.1f} s)",
                 f"{int(anc[4]) / 1024:.1f} MiB (rg)" if anc else "",
                 f"{mbps(int(size), float(wall)):.1f}", "", "", "≤ 64 MiB", ok(mib <= 64)])
if env["one_gb"] != "1":
    rows.append(["peak memory, 1 GB folder / JSON Lines / mbox", "not run (needs KT_BENCH_1GB=1)",
                 "", "", "", "", "≤ 64 MiB", "—"])
if "kt-enron" in med:
    path, size = env["enron"].rsplit(" ", 1)
    e = mbps(int(size), med["kt-enron"])
    rows.append([f"real text: Enron mail, JSON Lines ({int(size) / 1e6:.1f} MB; anchor: synthetic JSON Lines)",
                 s(med["kt-enron"]), s(med["kt-jsonl"]), f"{e:.1f}", f"{ktj:.1f}", f"{e / ktj:.2f}",
                 "report", "info"])
else:
    rows.append(["real text: Enron mail", "not run (no enron-dev.jsonl)", "", "", "", "", "report", "—"])

print(f"## klartext whole-run benchmark, {env['date']}")
print()
for k in ["uname", "cpu", "cores", "rustc", "rg", "timer", "commit", "bin"]:
    print(f"- {k}: {env[k]}")
if env["rayon"]:
    print(f"- RAYON_NUM_THREADS={env['rayon']}")
print(f"- corpus: {env['dir']}/{main}: {stamp['main'][0]} documents, {b100:,} bytes "
      f"(German {stamp['main-de'][0]} / {bde:,}, English {stamp['main-en'][0]} / {ben:,}); "
      f"{main}.jsonl {bjsonl:,} bytes")
print(f"- medians of {env['runs']} alternating rounds after one warm-up; start-up: "
      f"{env['startup_runs']} runs (`{env['startup_doc']}`); peak memory: one run each")
print()
head = ["goal", "klartext", "anchor", "klartext MB/s", "anchor MB/s", "ratio", "target", "result"]
print("| " + " | ".join(head) + " |")
print("|" + " --- |" * len(head))
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
print("MB/s = bytes of input (10^6) / median wall time; the ratio is klartext MB/s / anchor MB/s "
      "(scaling: 1-thread time / 2-thread time). The JSON Lines file is "
      f"{(bjsonl / b100 - 1) * 100:.1f} % larger than the folder's text (JSON escapes), "
      f"by time alone it runs at {med['kt-2t'] / med['kt-jsonl']:.2f}× the folder's speed.")
print()


def per_round(num, den, scale=1.0):
    """num/den time ratios of the same rounds: median (lowest–highest)."""
    r = sorted(scale * a / b for a, b in zip(times[num], times[den]))
    return f"{statistics.median(r):.2f} ({r[0]:.2f}–{r[-1]:.2f})"


print("Per round, for telling a slow spell of the machine from a slow program (each ratio from the "
      "two commands of one round, median and lowest–highest over the rounds; the results above "
      f"are from the medians): both cores {per_round('rg-2t', 'kt-2t')}, one thread "
      f"{per_round('rg-1t', 'kt-1t')}, JSON Lines vs folder {per_round('kt-2t', 'kt-jsonl', bjsonl / b100)}, "
      f"scaling {per_round('kt-1t', 'kt-2t')}.")
print()
print(f"Raw data: {res}/ (hyperfine JSON, times.tsv, memory.tsv).")
PY
