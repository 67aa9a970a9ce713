#!/usr/bin/env bash
# Set-up: everything the project needs that is not a system package, idempotent (a rerun is fast).
#   1. checks the prerequisites (one clear line each when one is missing),
#   2. installs the npm packages from package-lock.json (with nodejs-polars' native binary) and applies our
#      patch of tslab (postinstall),
#   3. creates the project-local Jupyter environment (.venv) and registers the tslab kernel in it only.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "error: $*" >&2; exit 1; }

command -v node >/dev/null || die "node is missing: install Node.js 20.19 or newer (Debian: apt-get install nodejs npm)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js $(node --version) is too old: this project needs 20.19 or newer (require of ES modules)"
command -v npm >/dev/null || die "npm is missing: apt-get install npm"
command -v python3 >/dev/null || die "python3 is missing: apt-get install python3 python3-venv"

# npm packages: reinstall only when package.json, package-lock.json or a patch of patches/ (applied by postinstall) changed
# since the last install.
stamp=node_modules/.casestudy-lock.sha
want=$(cat package.json package-lock.json patches/*.patch | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # `npm install` with the committed lock, not `npm ci`: nodejs-polars lists platform packages that were never
  # published for its version (android-arm64, …), so npm 11 finds the lock "out of sync" and `npm ci` refuses.
  # `npm install` installs exactly the locked versions and leaves package-lock.json unchanged.
  echo "setup: installing npm packages (npm install from package-lock.json)"
  # The patched packages are reinstalled pristine, so that a changed patch applies to the published files and not
  # on top of the previous version of itself (patch-package cannot apply a patch over an older one).
  # patches/<name>+<version>.patch, scoped as patches/@scope+name+<version>.patch.
  for patch in patches/*.patch; do
    pkg=$(basename "$patch" .patch); pkg=${pkg%+*}; pkg=${pkg//+//}
    rm -rf "node_modules/$pkg"
  done
  # postinstall runs `patch-package --error-on-fail`: a patch that does not apply fails the install (and the set-up).
  npm install --include=optional --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
node -e 'require("nodejs-polars")' 2>/dev/null \
  || die "nodejs-polars cannot load its native binary: run 'npm install --include=optional nodejs-polars-linux-x64-gnu'"

bash scripts/setup-jupyter.sh
echo "setup: ok"
