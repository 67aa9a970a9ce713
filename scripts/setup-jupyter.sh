#!/usr/bin/env bash
# Sets up the project's own Jupyter: a Python venv in .venv/ with the pinned packages of
# requirements-jupyter.txt, and the tslab (TypeScript) kernel registered for that environment only
# (.venv/share/jupyter/kernels/tslab/kernel.json). Nothing is written outside the project.
# Reruns are fast: pip runs only when requirements-jupyter.txt or the Python changed.
# Usage: bash scripts/setup-jupyter.sh        (PYTHON=/path/to/python3 to choose the interpreter)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
venv="$root/.venv"
requirements="$root/requirements-jupyter.txt"
stamp="$venv/.requirements-jupyter.sha256"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "error: $python not found: apt-get install python3 python3-venv" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
  echo "error: $python is $("$python" --version 2>&1); JupyterLab 4 needs Python >= 3.9: apt-get install python3" >&2
  exit 1
fi
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "error: python3 venv module missing: apt-get install python3-venv" >&2
  exit 1
fi
if [[ ! -x node_modules/.bin/tslab ]]; then
  echo "error: node_modules/.bin/tslab missing: run 'npm ci' first" >&2
  exit 1
fi

# A venv whose interpreter no longer runs (base Python removed or upgraded) is rebuilt.
if [[ -e "$venv" ]] && ! "$venv/bin/python" -c '' >/dev/null 2>&1; then
  echo "setup-jupyter: $venv is broken; recreating it" >&2
  rm -rf "$venv"
fi
if [[ ! -e "$venv/bin/python" ]]; then
  echo "setup-jupyter: creating $venv with $("$python" --version 2>&1)" >&2
  if ! "$python" -m venv "$venv" >/dev/null; then
    rm -rf "$venv"
    echo "error: '$python -m venv' failed (ensurepip missing?): apt-get install python3-venv" >&2
    exit 1
  fi
fi

# Reinstall only when the pins or the interpreter changed. `python -m pip` (not .venv/bin/pip) keeps working
# when the project folder has moved, since the venv's script shebangs are absolute paths.
want="$( { sha256sum < "$requirements"; "$venv/bin/python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "setup-jupyter: installing requirements-jupyter.txt into .venv (a minute or two the first time)" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements"
  echo "$want" > "$stamp"
else
  echo "setup-jupyter: .venv already matches requirements-jupyter.txt" >&2
fi

# Project-local Jupyter folders and the kernel spec (rewritten every time, so a moved project keeps working).
eval "$("$venv/bin/python" scripts/jupyter/workbench.py --shell)"
mkdir -p "$JUPYTER_CONFIG_DIR" "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR"
"$venv/bin/python" scripts/jupyter/workbench.py --register
"$venv/bin/python" -m jupyter kernelspec list >&2
