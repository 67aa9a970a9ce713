#!/usr/bin/env bash
# `npm run lab`: JupyterLab from the project's own environment (.venv), opened on notebooks/, offering only the
# project's tslab kernel ("TypeScript (casestudy)"), which starts in the project root so cells import
# "./src/….js". The server's root is the project root (notebooks, src and data are all browsable) and it
# listens on 127.0.0.1 only. Jupyter's config, data and runtime files stay in .jupyter/ (git-ignored).
# Extra arguments go to `jupyter lab` and override the project's defaults, e.g.
# `npm run lab -- --ip 0.0.0.0 --port 8899 --no-browser --IdentityProvider.token=…`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="$root/.venv/bin/python"
if [[ ! -x "$python" ]] || ! "$python" -c 'import jupyterlab' 2>/dev/null; then
  echo "error: the project's Jupyter environment (.venv) is missing: run 'bash scripts/setup-jupyter.sh' (or 'npm run setup')" >&2
  exit 2
fi
if [[ ! -x "$root/node_modules/.bin/tslab" ]]; then
  echo "error: node_modules/.bin/tslab missing: run 'npm ci'" >&2
  exit 2
fi
cd "$root"
eval "$("$python" scripts/jupyter/workbench.py --shell)"
mkdir -p "$JUPYTER_CONFIG_DIR" "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR"
"$python" scripts/jupyter/workbench.py --register 2>/dev/null  # follows the project if it moved

# The project's defaults (root dir, 127.0.0.1, the tslab kernel only, no calls home, --allow-root as root) are in
# scripts/jupyter/config/jupyter_server_config.py, put on JUPYTER_CONFIG_PATH: Jupyter reads config files first
# and command-line arguments last, so any argument given here overrides a default (`--ip 0.0.0.0`,
# `--ServerApp.ip=0.0.0.0`, `--port`, `--ServerApp.root_dir=…`, `--IdentityProvider.token=…`).
export JUPYTER_CONFIG_PATH="$root/scripts/jupyter/config${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"
exec "$python" -m jupyterlab "$@"
