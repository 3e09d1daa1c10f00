#!/usr/bin/env bash
# Peak memory of `scan` and `trends` over a 2 GB mbox (issue #9).
# `bash benches/memory.sh --help` explains; the result table goes to stdout,
# progress to stderr.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bash benches/memory.sh [OPTIONS]

Builds klartext (cargo build --release --locked), makes a 2 GB mbox once
(deterministic), then runs, one after the other, under /usr/bin/time -v:

  klartext scan --format ndjson MBOX | tail -n 1
  klartext trends --group-by author --format json MBOX

and prints peak memory (maximum resident set size) and wall time of each.
Each run must read every message (its summary is checked: the number of
messages, words and findings, nothing skipped, no error). Exits with 1 when
a run's peak memory is at or above the limit (issue #9: 300 MB, 10^6 bytes).

Options (each also settable through the environment variable named):
  --dir DIR      work dir for the mbox and results  KT_BENCH_DIR    (/tmp/kt-bench)
  --shared DIR   where gen_corpus.py is             KT_BENCH_SHARED (<repo>/../shared/bench;
                 in a clone made elsewhere, that of the repository it was cloned from)
  --mb N         documents to generate, in MB       KT_BENCH_MBOX_MB (2000; the mbox is
                 a little larger: headers)
  --limit-mb N   peak memory limit in MB (10^6)     KT_BENCH_LIMIT_MB (300)
  --bin PATH     measure this klartext binary instead of building one
                                                    KT_BENCH_BIN
  -h, --help     this text

The mbox, DIR/<N>mb-mail.mbox (DIR/<N>mb-mail.mbox.stamp marks it complete;
delete both to have it made again): gen_corpus.py --mb N --single writes the
documents, which this script turns into messages as they stream by. Each
document's own header lines become the message's From: (name and address),
Subject: and Date: (the document's date, at a time of day from its number),
so that `trends --group-by author` has authors and months to group by; the
body is escaped the mboxrd way. About 12 minutes for 2000 MB on one core,
2.1 GB of disk. Results go to DIR/results/memory-<date-time>/.
EOF
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log_tag=memory
# log, die, install, build_klartext, present
# shellcheck source=benches/lib.sh
source "$repo/benches/lib.sh"

dir=${KT_BENCH_DIR:-/tmp/kt-bench}
shared=${KT_BENCH_SHARED:-$(default_shared)}
mb=${KT_BENCH_MBOX_MB:-2000}
limit_mb=${KT_BENCH_LIMIT_MB:-300}
bin=${KT_BENCH_BIN:-}

while (($#)); do
    case $1 in
    -h | --help)
        usage
        exit 0
        ;;
    --dir) dir=${2:?--dir needs a value}; shift ;;
    --shared) shared=${2:?--shared needs a value}; shift ;;
    --mb) mb=${2:?--mb needs a value}; shift ;;
    --limit-mb) limit_mb=${2:?--limit-mb needs a value}; shift ;;
    --bin) bin=${2:?--bin needs a value}; shift ;;
    *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done

[[ $mb =~ ^[1-9][0-9]*$ ]] || die "--mb/KT_BENCH_MBOX_MB must be a positive number, not '$mb'"
[[ $limit_mb =~ ^[1-9][0-9]*$ ]] || die "--limit-mb/KT_BENCH_LIMIT_MB must be a positive number, not '$limit_mb'"
[[ -n $dir ]] || die "empty work dir"

install time /usr/bin/time
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed for peak memory: apt-get install time"
command -v python3 >/dev/null || die "python3 is needed (corpus generator, checks)"
gen=$shared/gen_corpus.py
[[ -f $gen ]] || die "no $gen (set KT_BENCH_SHARED or --shared)"
gen=$(cd "$(dirname "$gen")" && pwd)/gen_corpus.py

build_klartext "$bin"

# --- the mbox ----------------------------------------------------------------

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mbox=$dir/${mb}mb-mail.mbox

if ! present "${mb}mb-mail.mbox" "$mbox"; then
    free=$(df -Pk "$dir" | awk 'NR == 2 { print int($4 / 1024) }')
    need=$((mb * 106 / 100))
    ((free > need + need / 10)) || die "not enough disk in $dir: $free MB free, $need MB (+10 %) needed"
    log "corpus ${mb}mb-mail.mbox: gen_corpus.py --mb $mb --single, as messages (about $((mb * 36 / 100 + 5)) s)"
    rm -f -- "$mbox" "$mbox.partial"
    python3 -B "$gen" --mb "$mb" --single /dev/stdout |
        python3 -B "$repo/benches/single_to_mbox.py" "$mbox.partial"
    mv -- "$mbox.partial" "$mbox"
    echo "$(cat "$mbox.partial.count") $(stat -c %s "$mbox")" >"$mbox.stamp"
    rm -f -- "$mbox.partial.count"
    log "corpus ${mb}mb-mail.mbox: done ($(cat "$mbox.stamp"))"
fi
messages=$(cut -d' ' -f1 "$mbox.stamp")
bytes=$(cut -d' ' -f2 "$mbox.stamp")

# --- runs --------------------------------------------------------------------

results=$dir/results/memory-$(date +%Y%m%d-%H%M%S)
mkdir -p "$results"
log "results go to $results"

# measure NAME CMD...: one run under /usr/bin/time -v; its stdout to
# $results/NAME.out, the time report to $results/NAME.time.
measure() {
    local name=$1
    shift
    log "$name: $*"
    /usr/bin/time -v -o "$results/$name.time" "$@" >"$results/$name.out" ||
        die "$name failed (exit code $?; see $results/$name.time)"
}

# tail -n 1 keeps only the summary line: klartext's memory does not depend
# on where its output goes, and the summary is what is checked.
measure scan bash -c "$(printf '%q ' "$bin" scan --format ndjson "$mbox")| tail -n 1"
measure trends "$bin" trends --group-by author --format json "$mbox"

python3 -B - "$results" "$messages" "$bytes" "$limit_mb" "$bin" "$mbox" <<'PY' | tee "$results/summary.md"
import json, re, sys
res, messages, size, limit_mb, binary, mbox = sys.argv[1:]
messages, size, limit_mb = int(messages), int(size), int(limit_mb)

def report(name):
    text = open(f"{res}/{name}.time").read()
    kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    return kib, secs

scan = json.loads(open(f"{res}/scan.out").read())
trends = json.loads(open(f"{res}/trends.out").read())["trends"]
problems = []
if scan.get("type") != "summary" or scan["documents"] != messages or scan["skipped"] or scan["errors"] \
        or not scan["words"] or not scan["counted"]:
    problems.append(f"scan: expected {messages} documents with words and findings, no skip: {scan}")
if trends["documents"] != messages or trends["skipped"] or not trends["series"]:
    problems.append(f"trends: expected {messages} documents in series, no skip: "
                    f"{ {k: trends[k] for k in ('documents', 'skipped', 'undated')} }")

rows = []
failed = False
for name, what in [("scan", f"{scan['documents']:,} documents, {scan['words']:,} words, {scan['counted']:,} counted findings"),
                   ("trends", f"{trends['documents']:,} documents, {len(trends['series'])} series (group-by author)")]:
    kib, secs = report(name)
    peak_mb = kib * 1024 / 1e6
    ok = peak_mb < limit_mb
    failed |= not ok
    rows.append(f"| `{name}` | {peak_mb:.1f} MB ({kib / 1024:.1f} MiB) | {secs:.1f} s "
                f"| {size / secs / 1e6:.1f} MB/s | {what} | {'PASS' if ok else 'FAIL'} |")

print(f"## Peak memory over a {size / 1e9:.2f} GB mbox ({messages:,} messages)")
print()
print(f"- binary: {binary}")
print(f"- mbox: {mbox} ({size:,} bytes)")
print(f"- limit: {limit_mb} MB (10^6 bytes) peak resident set size, per run")
print()
print("| command | peak memory | wall time | throughput | what it read | < limit |")
print("| --- | --- | --- | --- | --- | --- |")
for r in rows:
    print(r)
for p in problems:
    print(f"\nCHECK FAILED: {p}")
sys.exit(1 if failed or problems else 0)
PY
