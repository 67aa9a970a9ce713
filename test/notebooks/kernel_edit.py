"""Drives a real tslab kernel in a scratch copy of the project (used by test/notebooks/kernel-edit.test.ts).

Usage: .venv/bin/python test/notebooks/kernel_edit.py SCRATCH_PROJECT
Starts the project's kernel wrapper (scratch/scripts/jupyter/tslab-kernel.sh, so the kernel's working folder is
the scratch copy), runs CELL, edits src/util/format.ts (formatPct's "%" becomes " percent"; the cell reaches it
through src/insights/index.ts and src/insights/format.ts), runs the same cell again at once, and prints one JSON
line: {"before": stdout of the first run, "after": stdout of the second run, "errors": [...]}.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import KernelManager

CELL = 'import { formatPct } from "./src/insights/index.js";\nconsole.log(formatPct(0.25));'


def run(client, code: str) -> tuple[str, list[str]]:
    """Executes `code`; returns its stdout text and any error/stderr texts."""
    out, errors = [], []

    def hook(msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            (out if content["name"] == "stdout" else errors).append(content["text"])
        elif kind == "error":
            errors.append(f"{content['ename']}: {content['evalue']}")

    reply = client.execute_interactive(code, timeout=300, output_hook=hook)
    if reply["content"]["status"] != "ok" and not errors:
        errors.append(f"status {reply['content']['status']}")
    return "".join(out), errors


def main() -> int:
    project = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as jpath:
        spec = Path(jpath) / "kernels" / "tslab-scratch"
        spec.mkdir(parents=True)
        argv = ["/bin/bash", str(project / "scripts" / "jupyter" / "tslab-kernel.sh"), "kernel", "--config-path", "{connection_file}"]
        (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "scratch", "language": "typescript"}))
        os.environ["JUPYTER_PATH"] = jpath
        km = KernelManager(kernel_name="tslab-scratch")
        km.start_kernel(cwd=str(project))
        try:
            client = km.client()
            client.start_channels()
            client.wait_for_ready(timeout=120)
            before, e1 = run(client, CELL)
            helper = project / "src" / "util" / "format.ts"
            text = helper.read_text(encoding="utf-8")
            edited = text.replace('"n/a") + "%";', '"n/a") + " percent";')
            if edited == text:
                print(json.dumps({"errors": ["formatPct not found in src/util/format.ts"]}))
                return 1
            helper.write_text(edited, encoding="utf-8")
            after, e2 = run(client, CELL)
            client.stop_channels()
        finally:
            km.shutdown_kernel(now=True)
    print(json.dumps({"before": before, "after": after, "errors": e1 + e2}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
