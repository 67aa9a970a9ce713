"""Times one notebook's headless run and where its time went (used by bench/loop.ts; not a test).

Usage: <root>/.venv/bin/python bench/loop_notebook.py ROOT NOTEBOOK
Executes ROOT/NOTEBOOK with nbclient and the project's tslab kernel exactly as ROOT/scripts/run_notebooks.py
does (same kernel spec, working folder and environment; the executed copy is discarded), and prints one JSON
line: seconds from this script's start to the first cell being sent, i.e. the kernel started and answering (`kernel`), in the setup cell (`setup`: tslab
compiling the imports, then the analysis or its cache read), in all other cells (`cells`), and `total` (from
this script's start to the end of the last cell; Python's own start-up, about 0.3 s, is outside it: bench/loop.ts
also times the whole `run_notebooks.py` process).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

started = time.time()
root = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(root / "scripts" / "jupyter"))
import workbench  # noqa: E402

# what run_notebooks.py skips too (a checkout from before that change, measured as --base, has no such function)
getattr(workbench, "skip_slow_optional_imports", lambda: None)()
import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

os.environ.update(workbench.jupyter_env(root))
workbench.register(root)
nb = nbformat.read(root / sys.argv[2], as_version=4)
spans: list[list[float]] = []  # [start, end] of each code cell, by this process's clock


def on_execute(**_):
    spans.append([time.time(), time.time()])


def on_executed(**_):
    spans[-1][1] = time.time()


client = NotebookClient(nb, kernel_name=workbench.KERNEL_NAME, timeout=900, startup_timeout=120, allow_errors=False,
                        record_timing=False, resources={"metadata": {"path": str(root)}},
                        on_cell_execute=on_execute, on_cell_executed=on_executed)
client.execute()
ended = time.time()
setup = spans[0][1] - spans[0][0]
cells = sum(end - start for start, end in spans[1:])
print(json.dumps({"kernel": round(spans[0][0] - started, 3), "setup": round(setup, 3), "cells": round(cells, 3),
                  "total": round(ended - started, 3)}))
