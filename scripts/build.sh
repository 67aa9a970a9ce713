#!/usr/bin/env bash
# Builds the whole case study on the selected dataset (CASESTUDY_DATASET / CASESTUDY_INPUT; default: the
# seeded synthetic store): set-up → analysis and exports → executed notebooks → the website.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node bin/casestudy.js analyze --out report/exports
node bin/casestudy.js figures --out report/figures
.venv/bin/python scripts/run_notebooks.py
node bin/casestudy.js render
