"""Times one notebook's headless run and where its time went (used by bench/loop.ts; not a test).

Usage: <root>/.venv/bin/python bench/loop_notebook.py ROOT NOTEBOOK
Executes ROOT/NOTEBOOK with nbclient and the project's tslab kernel exactly as ROOT/scripts/run_notebooks.py
does (same kernel spec, working folder and environment; the executed copy is discarded), and prints one JSON
line: seconds from this script's start to the kernel answering (`kernel`), in the setup cell (`setup`: tslab
compiling the imports, then the analysis or its cache read), in all other cells (`cells`), and `total` (from
this script's start to the end of the last cell; Python's own start-up, about 0.3 s, is outside it: bench/loop.ts
also times the whole `run_notebooks.py` process).
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

started = time.time()
root = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(root / "scripts" / "jupyter"))
import nbformat  # noqa: E402
import workbench  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

os.environ.update(workbench.jupyter_env(root))
workbench.register(root)
nb = nbformat.read(root / sys.argv[2], as_version=4)
client = NotebookClient(nb, kernel_name=workbench.KERNEL_NAME, timeout=900, startup_timeout=120, allow_errors=False,
                        record_timing=True, resources={"metadata": {"path": str(root)}})
client.execute()
ended = time.time()


def ts(cell, key: str) -> float:
    return datetime.fromisoformat(cell.metadata["execution"][key].replace("Z", "+00:00")).timestamp()


code = [c for c in nb.cells if c.cell_type == "code" and "execution" in c.metadata]
first = ts(code[0], "iopub.status.busy")
setup = ts(code[0], "shell.execute_reply") - first
cells = sum(ts(c, "shell.execute_reply") - ts(c, "iopub.status.busy") for c in code[1:])
print(json.dumps({"kernel": round(first - started, 3), "setup": round(setup, 3), "cells": round(cells, 3),
                  "total": round(ended - started, 3)}))
