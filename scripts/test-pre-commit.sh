#!/usr/bin/env bash
# Runs klartext's pre-commit hook the way a user would: pre-commit (installed
# from PyPI into a throwaway virtual environment) `try-repo`s this repository
# on a temporary git repository; a hollow file must fail, a frank one pass.
# Needs python3 and network access to PyPI; pre-commit builds klartext with
# cargo (language: rust), so the first run takes a few minutes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
export PRE_COMMIT_HOME="$work/cache"
repo="$work/repo"
mkdir "$repo" && cd "$repo"
git init -q
git config user.email ci@example.com
git config user.name ci
printf '# Quartal\n\nWir haben im März 40 Drehbänke ausgeliefert.\n' > frank.md
printf '# Personalie\n\nHerr Krause verlässt uns auf eigenen Wunsch.\n' > hollow.md
git add frank.md hollow.md
if ! "$work/venv/bin/pre-commit" try-repo "$root" klartext --files frank.md; then
  echo "FAIL: the hook rejected a frank file" >&2
  exit 1
fi
if "$work/venv/bin/pre-commit" try-repo "$root" klartext --files hollow.md; then
  echo "FAIL: the hook passed a hollow file" >&2
  exit 1
fi
echo "pre-commit: 2 passed, 0 failed"
