#!/usr/bin/env bash
# Runs contrib/spark/klartext_spark.py on Spark and compares it with klartext
# run directly; see --help.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bash scripts/spark-test.sh [--help]

Runs the PySpark driver contrib/spark/klartext_spark.py in local[2] mode and
checks that it gives what klartext gives run directly on the same corpus:

 (a) a generated corpus of 10,000 JSON Lines records (contrib/spark/
     gen_corpus.py --irregular: with blank, broken, id-less and CR LF lines),
     in 8 partitions: the per-document results (NDJSON part files in name
     order) byte for byte equal to the document and skipped lines of
     `klartext scan --format ndjson` (its closing summary line is the one
     line the driver does not write), the merged trend report byte for byte
     equal to `klartext trends --format json`, and the same exit status (2:
     the broken lines could not be read);
 (b) the Parquet and CSV results of (a): the same records in the same order,
     each column equal to its value in the record (scripts/spark-test-helper.py);
 (c) the clean corpus as Parquet input: the same per-document results, only
     the source named `corpus.parquet:N` instead of `corpus.jsonl:N`, and the
     same trend report;
 (d) a klartext failure (an unknown --disable rule) fails the Spark job with
     klartext's message.

Prints the wall time of the direct runs and of the Spark run of (a).

Needs Java 17 (Spark 3.5 runs on no later Java): $JAVA_HOME/bin/java, java on
PATH or /usr/lib/jvm/*17*/bin/java. Where only a later Java is on PATH, it
installs Debian's openjdk-17-jre-headless when it runs as root with apt-get;
without Java 17 the test is skipped (exit 0) with a message saying so. Installs PyPI's pyspark as pinned in
contrib/spark/requirements.txt into target/spark-venv when that is missing
or installed from another pin (needs PyPI then; later runs are offline).
Needs python3 and cargo. Work files go to target/spark-test/.

Environment:
  KLARTEXT=PATH       test this klartext binary instead of building one
  CARGO_TARGET_DIR    where cargo builds (default: target)

Exit status: 0 when every check passed or the test was skipped, 1 when one
failed (named in the output), 2 on a usage error.
EOF
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$SECONDS
venv=target/spark-venv
work=target/spark-test
failed=()

fatal() {
  echo "spark-test: FAIL: $*" >&2
  exit 1
}

# --- Java 17 ------------------------------------------------------------------
java_major() {
  "$1" -version 2>&1 | sed -n '1s/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p'
}
find_java17() {
  java=
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*17*/bin/java; do
    if [ -x "$candidate" ] && [ "$(java_major "$candidate")" = 17 ]; then
      java=$candidate
      return
    fi
  done
}
find_java17
# A later Java (17+ is what the test asks for) but no 17: Spark 3.5 needs
# 17 itself, which Debian packages; install it where we may (as root).
if [ -z "$java" ] && command -v java >/dev/null && [ "$(java_major "$(command -v java)")" -gt 17 ] 2>/dev/null &&
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== spark-test: $(java -version 2>&1 | head -n 1) is too new for Spark 3.5: apt-get install openjdk-17-jre-headless"
  apt-get install -y -q openjdk-17-jre-headless >/dev/null || true
  find_java17
fi
if [ -z "$java" ]; then
  found=$(command -v java >/dev/null && java -version 2>&1 | head -n 1 || echo "no java on PATH")
  echo "spark-test: SKIPPED: needs Java 17 for Spark 3.5 (found: $found); install openjdk-17-jre-headless or set JAVA_HOME"
  exit 0
fi
export JAVA_HOME
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$java")")")
echo "== spark-test: $("$java" -version 2>&1 | head -n 1) ($JAVA_HOME)"

# --- pyspark, exactly as pinned -------------------------------------------------
if ! cmp -s contrib/spark/requirements.txt "$venv/requirements.txt"; then
  echo "== spark-test: installing contrib/spark/requirements.txt into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || fatal "python3 -m venv failed"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r contrib/spark/requirements.txt ||
    fatal "pip install -r contrib/spark/requirements.txt failed"
  cp contrib/spark/requirements.txt "$venv/requirements.txt"
fi
# spark-submit finds Spark through the python on PATH; the workers use it too.
export PATH="$root/$venv/bin:$PATH" PYSPARK_PYTHON="$root/$venv/bin/python" PYSPARK_DRIVER_PYTHON="$root/$venv/bin/python"
export SPARK_LOCAL_IP=127.0.0.1
echo "== spark-test: pyspark $(python -c 'import pyspark; print(pyspark.__version__)')"

# --- klartext -------------------------------------------------------------------
if [ -n "${KLARTEXT:-}" ]; then
  klartext=$(readlink -f "$KLARTEXT")
else
  echo "== spark-test: cargo build --release --locked"
  cargo build --release --locked || fatal "cargo build failed"
  klartext=$(readlink -f "${CARGO_TARGET_DIR:-target}/release/klartext")
fi
[ -x "$klartext" ] || fatal "no klartext binary at $klartext"

# --- corpora --------------------------------------------------------------------
rm -rf "$work"
mkdir -p "$work"
cd "$work"
python3 "$root/contrib/spark/gen_corpus.py" --documents 10000 --irregular -o corpus.jsonl
python3 "$root/contrib/spark/gen_corpus.py" --documents 10000 -o clean.jsonl
echo "== spark-test: corpus.jsonl: $(wc -l <corpus.jsonl) lines, $(wc -c <corpus.jsonl) bytes"

fields=(--id-field id --date-field date --author-field author --group-field group)
trends=(--by month --group-by group)

# timed NAME COMMAND...: runs COMMAND, sets $status and prints its wall time.
timed() {
  local name=$1 t0 t1
  shift
  t0=$(date +%s.%N)
  status=0
  "$@" || status=$?
  t1=$(date +%s.%N)
  awk -v n="$name" -v a="$t0" -v b="$t1" -v s="$status" \
    'BEGIN { printf "%s: %.2f s wall, exit status %s\n", n, b - a, s }'
}

# same LABEL EXPECTED ACTUAL: the two files must be byte for byte equal.
same() {
  if cmp -s "$2" "$3"; then
    echo "spark-test: $1: identical ($(wc -l <"$2") lines)"
  else
    echo "spark-test: FAIL $1: $3 differs from $2:" >&2
    diff "$2" "$3" | head -n 10 | cut -c 1-300 >&2 || true
    failed+=("$1")
  fi
}

# spark ARGS...: the driver in local mode, the way contrib/spark/README.md shows.
spark() {
  spark-submit --master 'local[2]' \
    --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
    --driver-java-options "-Dlog4j2.configurationFile=$root/contrib/spark/log4j2.properties" \
    --files "$klartext" "$root/contrib/spark/klartext_spark.py" --klartext "$klartext" "$@"
}

echo "== spark-test: (a) direct run, then Spark, on corpus.jsonl"
# Both exit 2 (the broken lines); the status is the scan's, the trends' must match it.
direct() {
  local scan=0
  "$klartext" scan --format ndjson "${fields[@]}" corpus.jsonl >direct.ndjson 2>direct.err || scan=$?
  "$klartext" trends --format json "${fields[@]}" "${trends[@]}" corpus.jsonl >direct-trends.json 2>>direct.err ||
    [ $? -eq "$scan" ]
  return "$scan"
}
timed "direct (klartext scan + klartext trends)" direct
direct_status=$status
# The one line the driver does not write: klartext's closing summary.
grep -v '^{"type":"summary"' direct.ndjson >direct-documents.ndjson
timed "spark (klartext_spark.py, local[2], 8 partitions)" \
  spark --partitions 8 "${fields[@]}" "${trends[@]}" --out out --documents-format ndjson,parquet,csv \
  --trends trends.json --trends-format json corpus.jsonl
if [ "$status" -ne "$direct_status" ]; then
  failed+=("(a) exit status: spark $status, direct $direct_status")
fi
if [ -d out/documents.ndjson ]; then
  cat out/documents.ndjson/part-* >spark-documents.ndjson
fi
same "(a) per-document results" direct-documents.ndjson spark-documents.ndjson
same "(a) trend report" direct-trends.json trends.json

echo "== spark-test: (b) Parquet and CSV results; clean.jsonl as Parquet"
python "$root/scripts/spark-test-helper.py" out direct-documents.ndjson clean.jsonl corpus.parquet ||
  failed+=("(b) scripts/spark-test-helper.py")

echo "== spark-test: (c) Parquet input"
"$klartext" scan --format ndjson "${fields[@]}" clean.jsonl |
  grep -v '^{"type":"summary"' | sed 's/"source":"clean\.jsonl:/"source":"corpus.parquet:/' >clean-documents.ndjson
"$klartext" trends --format json "${fields[@]}" "${trends[@]}" clean.jsonl >clean-trends.json
status=0
spark "${fields[@]}" "${trends[@]}" --out parquet-out --documents-format ndjson \
  --trends parquet-trends.json --trends-format json corpus.parquet || status=$?
[ "$status" -eq 0 ] || failed+=("(c) exit status $status")
if [ -d parquet-out/documents.ndjson ]; then
  cat parquet-out/documents.ndjson/part-* >parquet-documents.ndjson
fi
same "(c) per-document results" clean-documents.ndjson parquet-documents.ndjson
same "(c) trend report" clean-trends.json parquet-trends.json

echo "== spark-test: (d) klartext fails: the job fails with its message"
status=0
spark --disable no.such.rule --trends failing.txt clean.jsonl >failing.log 2>&1 || status=$?
if [ "$status" -eq 0 ] || ! grep -q 'no.such.rule. is no rule id' failing.log; then
  failed+=("(d) exit status $status, klartext's message in failing.log: $(grep -c 'is no rule id' failing.log || true)")
else
  echo "spark-test: (d) exit status $status, klartext's message shown: $(grep -m 1 -o 'klartext: .*is no rule id.*' failing.log)"
fi

# --- summary --------------------------------------------------------------------
echo "spark-test: $((SECONDS - start)) s"
if [ "${#failed[@]}" -gt 0 ]; then
  for f in "${failed[@]}"; do
    echo "spark-test: FAILED $f" >&2
  done
  exit 1
fi
echo "spark-test: all checks passed"
