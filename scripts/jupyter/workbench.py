"""The project-local Jupyter environment: where Jupyter keeps its files and how the tslab kernel is registered.

Everything stays inside the project: the kernel spec lives in `.venv/share/jupyter/kernels/tslab/`, and
Jupyter's config, data and runtime folders in `.jupyter/` (both git-ignored). Nothing is written to
~/.local/share/jupyter or to any global Jupyter folder, and `tslab install` is never used.

Used by scripts/setup-jupyter.sh, scripts/lab.sh and scripts/run_notebooks.py. As a command (with the venv's
Python):
    python scripts/jupyter/workbench.py --register           # (re)write kernel.json, .venv/package.json, lab overrides
    python scripts/jupyter/workbench.py --shell              # print `export …` lines for a shell to eval
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path

#: Name of the kernel spec; notebooks name it in metadata.kernelspec.name.
KERNEL_NAME = "tslab"
#: What JupyterLab shows in its launcher and kernel picker.
DISPLAY_NAME = "TypeScript (casestudy)"


def skip_slow_optional_imports() -> None:
    """Marks `rfc3987_syntax` absent for this process, before nbformat is imported.

    nbformat imports jsonschema, and jsonschema imports `rfc3987_syntax` when it is installed (jupyter-events,
    which JupyterLab needs, pulls it in); that package builds a Lark grammar at import, about 0.9 s of every
    headless run on this machine kind, for the "iri" string format, which no notebook schema uses. jsonschema
    treats the package as optional (its ImportError is suppressed), so validation is otherwise unchanged.
    Only the calling process is affected; JupyterLab itself is started as its own process.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def project_root() -> Path:
    """The project root: two folders above this file (scripts/jupyter/workbench.py)."""
    return Path(__file__).resolve().parent.parent.parent


def venv_dir(root: Path) -> Path:
    """The project's Python environment for Jupyter."""
    return root / ".venv"


def kernel_wrapper(root: Path) -> Path:
    """The script that starts tslab in the project root."""
    return root / "scripts" / "jupyter" / "tslab-kernel.sh"


def kernelspec_dir(root: Path) -> Path:
    """Where the tslab kernel spec of this project's environment lives."""
    return venv_dir(root) / "share" / "jupyter" / "kernels" / KERNEL_NAME


def kernelspec(root: Path) -> dict:
    """The kernel.json content: tslab started through the wrapper, so its working directory is `root`."""
    return {
        "argv": ["/bin/bash", str(kernel_wrapper(root)), "kernel", "--config-path", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "typescript",
        "interrupt_mode": "signal",
        "metadata": {"casestudy_root": str(root)},
    }


def write_kernelspec(root: Path) -> Path:
    """Writes kernel.json for `root` (atomically, only when its content changed); returns its path.

    Rewritten on every setup / lab start / notebook run, so the spec keeps pointing at the right wrapper when
    the project folder moves.
    """
    target = kernelspec_dir(root) / "kernel.json"
    text = json.dumps(kernelspec(root), indent=1, sort_keys=True) + "\n"
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".kernel.json.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return target


def isolate_venv_from_package_type(root: Path) -> Path:
    """Writes `.venv/package.json` = {"type": "commonjs"}; returns its path.

    The venv sits inside this project, whose package.json says "type": "module", so Node would load the
    CommonJS `yarn.js` that JupyterLab runs at start-up (jupyter_builder) as an ES module and fail with
    "Fail to get yarn configuration … Dynamic require of "util" is not supported". The nearest package.json wins.
    """
    target = venv_dir(root) / "package.json"
    text = '{"type": "commonjs"}\n'
    if not (target.exists() and target.read_text(encoding="utf-8") == text):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


#: JupyterLab defaults for this project (the venv's lab/settings/overrides.json; a user's own settings still win):
#: open a notebook with its kernel started (no "Select Kernel" dialog: there is one kernel), and never fetch
#: news or check for updates (no calls home; the server side is off too, see scripts/lab.sh).
LAB_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def write_lab_overrides(root: Path) -> Path:
    """Writes LAB_OVERRIDES to .venv/share/jupyter/lab/settings/overrides.json; returns its path."""
    target = venv_dir(root) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    text = json.dumps(LAB_OVERRIDES, indent=1, sort_keys=True) + "\n"
    if not (target.exists() and target.read_text(encoding="utf-8") == text):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


def register(root: Path) -> Path:
    """Everything the venv needs to serve this project (kernel spec, package type, JupyterLab defaults);
    returns the kernel.json path."""
    isolate_venv_from_package_type(root)
    write_lab_overrides(root)
    return write_kernelspec(root)


def jupyter_env(root: Path) -> dict[str, str]:
    """Environment variables that keep Jupyter's files inside the project.

    JUPYTER_PATH puts the venv's kernel folder first; JUPYTER_DATA_DIR replaces ~/.local/share/jupyter,
    JUPYTER_CONFIG_DIR replaces ~/.jupyter (JupyterLab's settings and workspaces live under it),
    JUPYTER_RUNTIME_DIR holds connection files. JUPYTER_PLATFORM_DIRS=1 silences jupyter_core's migration warning.
    """
    local = root / ".jupyter"
    return {
        "JUPYTER_PATH": str(venv_dir(root) / "share" / "jupyter"),
        "JUPYTER_CONFIG_DIR": str(local / "config"),
        "JUPYTER_DATA_DIR": str(local / "data"),
        "JUPYTER_RUNTIME_DIR": str(local / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "IPYTHONDIR": str(local / "ipython"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--register", action="store_true", help="(re)write the kernel spec, .venv/package.json and JupyterLab overrides")
    ap.add_argument("--shell", action="store_true", help="print export lines for the Jupyter environment")
    args = ap.parse_args(argv)
    root = project_root()
    if args.register:
        print(f"kernel spec: {register(root)}", file=sys.stderr)
    if args.shell:
        for key, value in jupyter_env(root).items():
            print(f"export {key}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
