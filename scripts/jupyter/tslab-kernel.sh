#!/usr/bin/env bash
# Starts the tslab (TypeScript) kernel with the project root as its working directory, so notebook cells
# import "./src/….js" (tslab's rootDir is the kernel's working directory and it has no cwd option).
# Jupyter runs this through the kernel spec that scripts/setup-jupyter.sh writes into
# .venv/share/jupyter/kernels/tslab/kernel.json; arguments are passed to tslab unchanged
# (e.g. `kernel --config-path CONNECTION_FILE`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tslab="$root/node_modules/.bin/tslab"
if [[ ! -x "$tslab" ]]; then
  echo "error: $tslab missing: run 'npm ci' in $root" >&2
  exit 1
fi
cd "$root"
exec "$tslab" "$@"
