"""Executes the case-study notebooks headlessly with Jupyter's own executor (nbclient) and the tslab kernel.

Usage (with the project's venv, made by scripts/setup-jupyter.sh):
    .venv/bin/python scripts/run_notebooks.py [NOTEBOOK ...] [--out DIR] [--timeout SECONDS] [--keep-going]

Without NOTEBOOK arguments it runs notebooks/NN-*.ipynb (01-eda … 04-insights) in name order. Each notebook
runs in a fresh kernel whose working directory is the project root (cells import "./src/….js"); the
environment passes through, so CASESTUDY_DATASET / CASESTUDY_INPUT / … choose the data.

Output: the executed copy goes to DIR (default notebooks/executed/) under the same file name, written atomically
(temporary file + rename). Volatile fields are normalised (execution counts renumbered 1, 2, … per notebook,
timing metadata removed, consecutive stream outputs merged, the kernel spec fixed, missing cell ids derived from
the cell position), so a second run on the same data writes byte-identical files.

Failure is loud: every error output and every stderr stream output in any cell prints one line
    error: notebooks/02-segmentation.ipynb cell 7: <first meaningful line of that text>
(cells are counted from 1 over all cells, markdown included, as they appear in the file), the stale executed copy
of that notebook is removed, and the exit status is 1. By default the run stops at the first failing notebook,
since later notebooks build on earlier ones; --keep-going runs the rest anyway. Exit status 2: set-up problem.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "jupyter"))
import workbench  # noqa: E402  (scripts/jupyter/workbench.py)

workbench.skip_slow_optional_imports()

ROOT = workbench.project_root()
SETUP_HINT = "run 'bash scripts/setup-jupyter.sh' (or 'npm run setup') and use .venv/bin/python"

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as exc:  # wrong interpreter, or no venv yet
    print(f"error: {exc.name or exc} is not installed for {sys.executable}: {SETUP_HINT}", file=sys.stderr)
    sys.exit(2)

#: Default seconds one cell may run before the notebook fails.
DEFAULT_TIMEOUT_S = 600
#: Lines that name the error in a Node/TypeScript stderr text ("RangeError: …", "InputError: …").
ERROR_LINE = re.compile(r"^\s*(?:Uncaught\s+)?(?:[A-Za-z_$][\w$]*)?(?:Error|Exception)\b(?:\s*\[[^\]]*\])?:")
#: V8's location header and the source-excerpt lines above the message of an uncaught error.
NOISE_LINE = re.compile(r"^\s*(?:evalmachine\.<anonymous>:\d+|\^+|at .*)\s*$")


def display_path(path: Path) -> str:
    """`path` relative to the project root when inside it, else as an absolute path."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path.resolve())


def first_line(text: str) -> str:
    """The line of an error/stderr text worth printing: the `SomeError: message` line when there is one
    (V8 prints the source location and excerpt first), else the first line that is not noise."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if ERROR_LINE.match(line):
            return line.strip()
    for line in lines:
        if not NOISE_LINE.match(line):
            return line.strip()
    return lines[0].strip() if lines else "(no message)"


def output_problems(nb) -> list[tuple[int, str]]:
    """(1-based cell number, first line) for every error output and stderr stream output in `nb`."""
    problems = []
    for index, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []) or []:
            if out.get("output_type") == "error":
                text = "\n".join(out.get("traceback") or []) or f"{out.get('ename')}: {out.get('evalue')}"
                text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # ANSI colours in tracebacks
                problems.append((index, first_line(f"{out.get('ename', 'Error')}: {out.get('evalue', '')}")
                                 if out.get("ename") else first_line(text)))
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append((index, first_line(out.get("text", ""))))
    return problems


def merge_streams(outputs: list) -> list:
    """Joins consecutive stream outputs of the same name: how a kernel chunks stdout is timing-dependent."""
    merged: list = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (prev is not None and out.get("output_type") == "stream" and prev.get("output_type") == "stream"
                and prev.get("name") == out.get("name")):
            prev["text"] = prev.get("text", "") + out.get("text", "")
        else:
            merged.append(out)
    return merged


def normalise(nb) -> None:
    """Removes what changes between two runs on the same data (see the module doc), in place."""
    count = 0
    for index, cell in enumerate(nb.cells):
        if nb.get("nbformat_minor", 0) >= 5 and not cell.get("id"):
            cell["id"] = f"cell-{index + 1:03d}"
        cell.get("metadata", {}).pop("execution", None)
        if cell.get("cell_type") != "code":
            continue
        if cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
        cell["outputs"] = merge_streams(cell.get("outputs", []))
        for out in cell["outputs"]:
            out.pop("transient", None)
            if out.get("output_type") == "execute_result":
                out["execution_count"] = cell["execution_count"]
    nb.metadata["kernelspec"] = {
        "name": workbench.KERNEL_NAME,
        "display_name": workbench.DISPLAY_NAME,
        "language": "typescript",
    }
    for volatile in ("widgets", "papermill", "execution"):
        nb.metadata.pop(volatile, None)


def write_atomic(path: Path, text: str) -> None:
    """Writes `text` to `path` through a temporary sibling and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def run_one(path: Path, out_dir: Path, timeout: int) -> bool:
    """Executes one notebook; writes its normalised copy on success, prints `error:` lines on failure."""
    shown = display_path(path)
    target = out_dir / path.name
    nb = nbformat.read(path, as_version=4)
    current = {"cell": None}

    def on_cell_start(cell, cell_index, **_):
        current["cell"] = cell_index + 1

    client = NotebookClient(
        nb,
        kernel_name=workbench.KERNEL_NAME,
        timeout=timeout,
        startup_timeout=120,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(ROOT)}},
        on_cell_start=on_cell_start,
    )
    started = time.monotonic()
    fatal = None
    try:
        client.execute()
    except CellTimeoutError:
        fatal = (current["cell"], f"timed out after {timeout} s (--timeout to change)")
    except DeadKernelError as exc:
        fatal = (current["cell"], f"the kernel died: {first_line(str(exc))}")
    except CellExecutionError as exc:
        # The cell's own outputs say what went wrong (nbclient's message can be blank with tslab); this line is
        # used only when the cell has no error or stderr output at all.
        fatal = (current["cell"], first_line(str(exc).split("-----")[-1]) if str(exc).strip()
                 else "the kernel reported an error without any output")
    except Exception as exc:  # kernel failed to start, bad notebook, …
        fatal = (current["cell"], f"{type(exc).__name__}: {first_line(str(exc))}")

    problems = output_problems(nb)
    if fatal is not None and fatal[0] not in {cell for cell, _ in problems}:
        problems.append(fatal)
    if problems:
        for cell, text in sorted(problems, key=lambda p: (p[0] is None, p[0] or 0)):
            where = f" cell {cell}" if cell is not None else ""
            print(f"error: {shown}{where}: {text}", file=sys.stderr, flush=True)
        if target.exists() and target.resolve() != path.resolve():
            target.unlink()
            print(f"run_notebooks: removed the stale {display_path(target)}", file=sys.stderr)
        return False

    normalise(nb)
    text = nbformat.writes(nb)
    write_atomic(target, text if text.endswith("\n") else text + "\n")  # as nbformat.write does
    print(f"run_notebooks: {shown} ok in {time.monotonic() - started:.1f} s -> {display_path(target)}",
          file=sys.stderr, flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Execute the case-study notebooks with the tslab kernel; fail on any error or stderr output.")
    ap.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/NN-*.ipynb)")
    ap.add_argument("--out", type=Path, default=ROOT / "notebooks" / "executed",
                    help="folder for the executed copies (default: notebooks/executed)")
    ap.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT_S,
                    help=f"seconds per cell (default: {DEFAULT_TIMEOUT_S})")
    ap.add_argument("--keep-going", action="store_true", help="run the remaining notebooks after a failure")
    args = ap.parse_args(argv)

    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    if not paths:
        print("error: no notebooks to run (notebooks/NN-*.ipynb is empty)", file=sys.stderr)
        return 2
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"error: {missing[0]}: no such notebook", file=sys.stderr)
        return 2
    if not (ROOT / "node_modules" / ".bin" / "tslab").exists():
        print("error: node_modules/.bin/tslab missing: run 'npm ci'", file=sys.stderr)
        return 2

    os.environ.update(workbench.jupyter_env(ROOT))
    for key in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        Path(os.environ[key]).mkdir(parents=True, exist_ok=True)
    workbench.register(ROOT)  # keeps the spec right if the project folder moved

    failed = 0
    for path in paths:
        if not run_one(path, args.out, args.timeout):
            failed += 1
            if not args.keep_going:
                break
    if failed:
        print(f"run_notebooks: {failed} notebook(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
