#!/usr/bin/env bash
# Builds the whole case study on the selected dataset (CASESTUDY_DATASET / CASESTUDY_INPUT; default: the
# seeded synthetic store): set-up → Quarto (checked first, installed from ../shared/tools/quarto when missing and
# that folder exists) → analysis and exports → executed notebooks → the website, rendered by Quarto.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
quarto_bin=$(bash scripts/install-quarto.sh --if-missing)
export PATH="$quarto_bin:$PATH"
node bin/casestudy.js analyze --out report/exports --figures report/figures
bash scripts/jupyter/notebooks.sh
node bin/casestudy.js render
