#!/usr/bin/env bash
# Creates the test-only referee environment .venv-referee/ (git-ignored) from PyPI with the pinned versions in
# scripts/referee/requirements.txt: Python `lifetimes` (BG/NBD, Gamma–Gamma) and mpmath, used by
# test/insights/lifetimes-referee.test.ts and test/insights/bgnbd-numerics.test.ts (which skip, saying so, without
# it). Idempotent: does nothing when the environment already matches the requirements.
#   bash scripts/setup-referees.sh            (REFEREE_PYTHON=/path/to/python3.11 to choose the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-referee
req=scripts/referee/requirements.txt
# numpy 1.26 / pandas 1.5 / scipy 1.11 have wheels up to CPython 3.12: Debian 12's python3 (3.11) by default.
python=${REFEREE_PYTHON:-/usr/bin/python3}
[ -x "$python" ] || python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "setup-referees: no python3 found (apt-get install python3-venv)" >&2
  exit 1
fi
stamp="$venv/.requirements.sha256"
want=$( { sha256sum "$req" | cut -d' ' -f1; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup-referees: $venv is up to date"
  exit 0
fi
rm -rf "$venv"
if ! "$python" -m venv "$venv"; then
  echo "setup-referees: '$python -m venv' failed (apt-get install python3-venv)" >&2
  exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
"$venv/bin/python" -c 'import lifetimes, mpmath, pyarrow; print("setup-referees: lifetimes", lifetimes.__version__, "mpmath", mpmath.__version__, "in .venv-referee")'
echo "$want" > "$stamp"
