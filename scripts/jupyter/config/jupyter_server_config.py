"""The project's JupyterLab defaults, read by `npm run lab` (scripts/lab.sh puts this folder on JUPYTER_CONFIG_PATH).

They live in a config file rather than on lab.sh's command line so that every one of them can be overridden:
Jupyter applies command-line arguments after config files, so `npm run lab -- --ip 0.0.0.0`,
`-- --ServerApp.ip=0.0.0.0`, `-- --port 9999`, `-- --ServerApp.root_dir=/elsewhere` or a token option win.

- The server's root is the project root (notebooks, src and data are browsable); it opens on notebooks/.
- It listens on 127.0.0.1 only unless told otherwise.
- Only the project's tslab kernel ("TypeScript (casestudy)") is offered, and it is the default.
- No calls home: no news feed, no update check, no PyPI extension manager.
- As root (CI, containers) it allows running as root, which Jupyter otherwise refuses.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821  (provided by traitlets when it executes this file)

_ROOT = Path(__file__).resolve().parent.parent.parent.parent  # scripts/jupyter/config/ → project root

c.ServerApp.root_dir = str(_ROOT)
c.ServerApp.ip = "127.0.0.1"
c.LabApp.default_url = "/lab/tree/notebooks"
c.KernelSpecManager.allowed_kernelspecs = {"tslab"}
c.MappingKernelManager.default_kernel_name = "tslab"
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.handlers.announcements.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
if hasattr(os, "getuid") and os.getuid() == 0:
    c.ServerApp.allow_root = True
