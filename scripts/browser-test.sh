#!/usr/bin/env bash
# Checks klartext's HTML reports in a real headless Chromium; see --help.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bash scripts/browser-test.sh [--help]

Builds klartext, writes HTML reports of the demo corpus, of a generated
24-month mail archive (with and without --no-text) and of hostile inputs,
and opens each in headless Chromium (tests/browser/check.mjs): no console
error, no request but the page itself, no script from the input run, no
image, frame or external style sheet, the title unchanged, #summary visible,
readable with JavaScript off, and no input text with --no-text. Writes a
full-page screenshot of each report to target/browser/*.png.

Installs what it needs when missing: Debian's chromium (apt-get, as root or
with password-less sudo) and tests/browser/node_modules (npm ci). Needs
node >= 20, npm, python3 and cargo. Nothing it runs uses the network.

Environment:
  KLARTEXT=PATH       test this klartext binary instead of building one
  CARGO_TARGET_DIR    where cargo builds (default: target)

Exit status: 0 when every check passed, 1 when one failed (named in the
output), 2 on a usage error.
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
out=target/browser
chromium=/usr/bin/chromium
failed=()
passed=0

fatal() {
  echo "browser-test: FAIL: $*" >&2
  exit 1
}

# --- Chromium: Debian's package (playwright-core downloads no browser) ----
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    fatal "$chromium is missing: install Debian's package 'chromium' (apt-get install --no-install-recommends chromium) as root"
  fi
  echo "== browser-test: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -q || fatal "apt-get update failed (needed to install the package 'chromium')"
  "${as_root[@]}" apt-get install -y -q -o Dpkg::Use-Pty=0 --no-install-recommends chromium ||
    fatal "apt-get install chromium failed"
  [ -x "$chromium" ] || fatal "the package 'chromium' did not install $chromium"
fi
# The launcher script's own stderr chatter is dropped; the version line is kept.
echo "== browser-test: $("$chromium" --version 2>/dev/null)"

# --- playwright-core, exactly as locked ------------------------------------
locked=$(node -e 'console.log(require("./tests/browser/package-lock.json").packages["node_modules/playwright-core"].version)')
installed=$(node -e 'try { console.log(require("./tests/browser/node_modules/playwright-core/package.json").version) } catch { console.log("none") }')
if [ "$installed" != "$locked" ]; then
  echo "== browser-test: npm ci (playwright-core $locked, installed: $installed)"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || fatal "npm ci in tests/browser failed"
fi

# --- klartext ---------------------------------------------------------------
if [ -n "${KLARTEXT:-}" ]; then
  klartext=$KLARTEXT
else
  echo "== browser-test: cargo build --locked"
  cargo build --locked || fatal "cargo build failed"
  klartext="${CARGO_TARGET_DIR:-target}/debug/klartext"
fi
[ -x "$klartext" ] || fatal "no klartext binary at $klartext"

# --- inputs -----------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out"
python3 tests/browser/make_archive.py "$out" || fatal "tests/browser/make_archive.py failed"

# report NAME ARGS...: runs `klartext ARGS...`, which must exit 0 and write
# $out/NAME.html.
report() {
  local name=$1
  shift
  echo "+ klartext $*"
  local status=0
  "$klartext" "$@" || status=$?
  if [ "$status" -ne 0 ]; then
    failed+=("$name: klartext exited $status")
    echo "browser-test: FAIL $name: klartext exited $status" >&2
    return 1
  fi
  if [ ! -s "$out/$name.html" ]; then
    failed+=("$name: klartext wrote no $out/$name.html")
    echo "browser-test: FAIL $name: klartext wrote no $out/$name.html" >&2
    return 1
  fi
}

# check LABEL [check.mjs options] PAGE SCREENSHOT
check() {
  local label=$1
  shift
  echo "+ node tests/browser/check.mjs $*"
  if node tests/browser/check.mjs "$@"; then
    passed=$((passed + 1))
  else
    failed+=("$label: tests/browser/check.mjs $*")
  fi
}

# --- the reports and their checks -------------------------------------------
# Each report: the klartext command line, then the checks of its page.
# --min-group-size 1: every sender of the generated archive is a group of one
# and is meant to be shown (the default 5 would fold them all into "other").
trends=(trends --format html --by month --group-by author --min-group-size 1)

echo "== browser-test: (a) demo corpus, scan"
if report demo scan --format html -o "$out/demo.html" corpora/; then
  check "demo" "$out/demo.html" "$out/demo.png"
  check "demo, JavaScript off" --js-off "$out/demo.html" "$out/demo-nojs.png"
fi

echo "== browser-test: (b) mail archive, trends"
if report trends "${trends[@]}" -o "$out/trends.html" "$out/archive.mbox"; then
  check "trends" --require-some-text "$out/nontext-sentences.txt" "$out/trends.html" "$out/trends.png"
fi

echo "== browser-test: (c) mail archive, trends --no-text"
if report trends-notext "${trends[@]}" --no-text -o "$out/trends-notext.html" "$out/archive.mbox"; then
  check "trends --no-text" --forbid-text "$out/nontext-sentences.txt" \
    "$out/trends-notext.html" "$out/trends-notext.png"
fi

echo "== browser-test: (d) hostile inputs, scan"
if report hostile scan --format html -o "$out/hostile.html" "$out/hostile/"; then
  check "hostile" --require-some-text "$out/payload-text.txt" "$out/hostile.html" "$out/hostile.png"
  check "hostile, JavaScript off" --js-off "$out/hostile.html" "$out/hostile-nojs.png"
fi

echo "== browser-test: (e) hostile inputs, scan --no-text"
if report hostile-notext scan --format html --no-text -o "$out/hostile-notext.html" "$out/hostile/"; then
  check "hostile --no-text" --forbid-text "$out/payload-text.txt" \
    "$out/hostile-notext.html" "$out/hostile-notext.png"
fi

# --- summary ------------------------------------------------------------------
echo "screenshots:"
shopt -s nullglob
for png in "$out"/*.png; do
  echo "  $root/$png"
done
echo "browser-test: $((SECONDS - start)) s"
if [ "${#failed[@]}" -gt 0 ]; then
  for f in "${failed[@]}"; do
    echo "browser-test: FAILED $f" >&2
  done
fi
echo "browser-test: $passed passed, ${#failed[@]} failed"
[ "${#failed[@]}" -eq 0 ]
