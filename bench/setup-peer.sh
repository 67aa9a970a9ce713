#!/usr/bin/env bash
# Creates the test-only Python environment of the second benchmark peer (polars + current scikit-learn from
# PyPI) in bench/.venv-peer (git-ignored), from bench/requirements-peer.txt. Idempotent; prints its python.
#   bash bench/setup-peer.sh
set -euo pipefail
cd "$(dirname "$0")"
venv=.venv-peer
if [ ! -x "$venv/bin/python" ] || ! cmp -s requirements-peer.txt "$venv/requirements-peer.txt"; then
  /usr/bin/python3 -m venv "$venv" || { echo "error: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r requirements-peer.txt
  cp requirements-peer.txt "$venv/requirements-peer.txt"
fi
echo "$(pwd)/$venv/bin/python"
