#!/usr/bin/env bash
# `npm run lab`: JupyterLab from the project's own environment (.venv), opened on notebooks/, offering only the
# project's tslab kernel ("TypeScript (casestudy)"), which starts in the project root so cells import
# "./src/….js". The server's root is the project root (notebooks, src and data are all browsable) and it
# listens on 127.0.0.1 only. Jupyter's config, data and runtime files stay in .jupyter/ (git-ignored).
# Extra arguments go to `jupyter lab`, e.g. `npm run lab -- --port 8899 --no-browser --IdentityProvider.token=…`.
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

# Jupyter refuses to run as root without --allow-root (CI and containers run as root).
extra=()
if [[ "$(id -u)" == 0 ]]; then extra+=(--allow-root); fi

# No calls home: no news feed, no update check, no PyPI extension manager.
exec "$python" -m jupyterlab \
  --ServerApp.root_dir="$root" \
  --ServerApp.ip=127.0.0.1 \
  --LabApp.default_url=/lab/tree/notebooks \
  --KernelSpecManager.allowed_kernelspecs=tslab \
  --MappingKernelManager.default_kernel_name=tslab \
  --LabApp.news_url=None \
  --LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate \
  --LabApp.extension_manager=readonly \
  "${extra[@]}" "$@"
