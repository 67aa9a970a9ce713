#!/usr/bin/env bash
# Builds the whole case study on the selected dataset (CASESTUDY_DATASET / CASESTUDY_INPUT; default: the
# seeded synthetic store): set-up → analysis and exports → executed notebooks → the website.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node bin/casestudy.js analyze --out report/exports --figures report/figures
bash scripts/jupyter/notebooks.sh
node bin/casestudy.js render
