#!/usr/bin/env bash
# `npm run notebooks`: executes the notebooks headlessly with the project's Jupyter (scripts/run_notebooks.py);
# arguments pass through (e.g. `npm run notebooks -- notebooks/02-segmentation.ipynb --timeout 900`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ ! -x "$root/.venv/bin/python" ]] || ! "$root/.venv/bin/python" -c 'import nbclient' 2>/dev/null; then
  echo "error: the project's Jupyter environment (.venv) is missing: run 'bash scripts/setup-jupyter.sh' (or 'npm run setup')" >&2
  exit 2
fi
exec "$root/.venv/bin/python" "$root/scripts/run_notebooks.py" "$@"
