#!/usr/bin/env bash
# Runs klartext's fuzz targets: fuzz/run.sh [SECONDS] [TARGET...]
#
# Defaults: 20 seconds each, every target, one after the other. Installs the
# pinned cargo-fuzz if it is missing, seeds the corpora (fuzz/seed.sh), builds
# every target once (libFuzzer + AddressSanitizer, debug assertions and
# overflow checks on), then runs each for SECONDS. Fails if any target finds
# a crash, a leak, a timeout (one input taking more than 10 s) or an
# out-of-memory (over 2 GiB), and prints where the input was written.
# Prints, per target, libFuzzer's final stats: executions, exec/s,
# coverage (cov: edges, ft: features) and corpus size.
#
# Runs nice'd: the machine is shared. See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
ALL=(lexicon pattern mbox mime html markdown csv jsonl segment scan)

seconds=${1:-20}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${ALL[@]}")

# Longest input per target. Every parser here is meant to be linear; these
# keep executions fast, and are above our largest real seeds of each kind
# (a whole built-in lexicon file is ~50 KiB: the lexicon target is seeded
# with single entries too, and a longer input is cut).
max_len() {
    case $1 in
    pattern) echo 1024 ;;
    lexicon | mbox | mime | html | scan) echo 32768 ;;
    *) echo 16384 ;;
    esac
}

for t in "${targets[@]}"; do
    [[ " ${ALL[*]} " == *" $t "* ]] || {
        echo "unknown target: $t (targets: ${ALL[*]})" >&2
        exit 2
    }
done

if ! cargo fuzz --version 2>/dev/null | grep -qx "cargo-fuzz $CARGO_FUZZ_VERSION"; then
    echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked
fi

bash fuzz/seed.sh >/dev/null

# Stable Rust: the sanitizer and coverage flags cargo fuzz passes are
# unstable (-Zsanitizer=address), RUSTC_BOOTSTRAP=1 lets stable take them.
# One build for all targets; fuzz/target is fuzz's own target folder
# whatever CARGO_TARGET_DIR says.
echo "== cargo fuzz build (all targets)"
(cd fuzz && RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz build --debug-assertions \
    --target-dir target)
triple=$(rustc -vV | sed -n 's/^host: //p')
bin=fuzz/target/$triple/release

failed=()
printf '\n%-9s %7s %12s %8s %7s %7s %8s  %s\n' \
    target seconds executions exec/s cov ft corpus result
for t in "${targets[@]}"; do
    mkdir -p "fuzz/artifacts/$t" fuzz/logs
    log=fuzz/logs/$t.log
    status=0
    start=$SECONDS
    nice -n 10 "$bin/$t" "fuzz/corpus/$t" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$(max_len "$t")" -print_final_stats=1 \
        -artifact_prefix="fuzz/artifacts/$t/" >"$log" 2>&1 || status=$?
    took=$((SECONDS - start))
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
    written=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
    # A slow unit took long but less than -timeout (typically the first
    # input, which builds the matcher, on a loaded machine): a note, not a
    # failure. A real hang is a timeout and fails.
    artifacts=$(grep -v '/slow-unit-' <<<"$written" || true)
    slow=$(grep '/slow-unit-' <<<"$written" || true)
    result=ok
    if [[ $status -ne 0 || -n $artifacts ]]; then
        result="FAILED (exit $status; log $log)"
        failed+=("$t")
    fi
    printf '%-9s %7s %12s %8s %7s %7s %8s  %s\n' "$t" "$took" \
        "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" \
        "${cov:-?}" "${ft:-?}" "$corpus" "$result"
    for a in $slow; do echo "    note: a slow input (under the 10 s timeout): $a"; done
    if [[ $result != ok ]]; then
        grep -E '^(==[0-9]+==|SUMMARY|ERROR|thread .* panicked|ALARM)' "$log" | head -5 | sed 's/^/    /'
        for a in $artifacts; do echo "    input: $a (reproduce: $bin/$t $a)"; done
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzzing found problems in: ${failed[*]}" >&2
    exit 1
fi
