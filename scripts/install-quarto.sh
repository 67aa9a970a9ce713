#!/usr/bin/env bash
# `npm run quarto:install`: makes Quarto available to `casestudy render` on a machine without internet, from the
# offline build in ../shared/tools/quarto (its install.sh takes Quarto's sources from the tarball there, Deno,
# Dart Sass and esbuild from npm, pandoc from PyPI). The install goes into a per-machine cache keyed by the
# tarball's checksum, so the next clone or CI run on the same machine reuses it (about 400 MB, about 10 s to
# install), and is linked as .tools/quarto in the project, where `casestudy render` looks after PATH.
#
# Usage: bash scripts/install-quarto.sh [--if-missing]
#   --if-missing   do nothing when Quarto ≥ 1.5 is already usable (CASESTUDY_QUARTO, quarto on PATH, or
#                  .tools/quarto); this is what `npm run build` runs before the analysis.
# Prints the folder of the quarto executable on stdout (for PATH); progress and errors on stderr, one
# `error: …` line on failure. Environment: QUARTO_OFFLINE_DIR (default ../shared/tools/quarto),
# CASESTUDY_TOOLS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/casestudy).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
die() { echo "error: $*" >&2; exit 1; }
help="install Quarto ≥ 1.5 from https://quarto.org/docs/get-started/ or with 'pip install quarto-cli' (both need internet)"

# quarto_ok CMD: prints CMD's version and succeeds when it is Quarto ≥ 1.5
quarto_ok() {
  local v
  v=$("$1" --version 2>/dev/null | head -n1) || return 1
  [[ "$v" =~ ^([0-9]+)\.([0-9]+) ]] || return 1
  echo "$v"
  (( BASH_REMATCH[1] > 1 || (BASH_REMATCH[1] == 1 && BASH_REMATCH[2] >= 5) ))
}

if [[ "${1:-}" == "--if-missing" ]]; then
  if [[ -n "${CASESTUDY_QUARTO:-}" ]]; then
    # An explicit choice is used or refused, never replaced (as `casestudy render` does).
    v=$(quarto_ok "$CASESTUDY_QUARTO") || die "CASESTUDY_QUARTO=$CASESTUDY_QUARTO is not Quarto ≥ 1.5 (${v:-does not run}): $help"
    echo "quarto: $v ($CASESTUDY_QUARTO)" >&2
    dirname "$CASESTUDY_QUARTO"
    exit 0
  fi
  for cmd in quarto "$root/.tools/quarto/bin/quarto"; do
    if v=$(quarto_ok "$cmd"); then
      echo "quarto: $v ($cmd)" >&2
      dirname "$(command -v "$cmd")"
      exit 0
    fi
  done
elif [[ $# -gt 0 ]]; then
  die "usage: bash scripts/install-quarto.sh [--if-missing]"
fi

src="${QUARTO_OFFLINE_DIR:-$root/../shared/tools/quarto}"
[[ -f "$src/install.sh" ]] || die "Quarto ≥ 1.5 not found and no offline build at $src (install.sh): $help"
tarball=$(ls "$src"/quarto-*-offline-src.tar.gz 2>/dev/null | head -n1)
[[ -n "$tarball" ]] || die "no quarto-*-offline-src.tar.gz in $src"
version=$(basename "$tarball" | sed -E 's/^quarto-(.*)-offline-src\.tar\.gz$/\1/')
sha=$(sha256sum "$tarball" | cut -d' ' -f1)
cache="${CASESTUDY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/casestudy}"
dest="$cache/quarto-$version-${sha:0:12}"
mkdir -p "$cache" || die "cannot create the tools cache $cache"

installed() { grep -qx "tarball_sha256=$sha" "$dest/.quarto-offline-install" 2>/dev/null && [[ "$("$dest/bin/quarto" --version 2>/dev/null)" == "$version" ]]; }
(
  # One installer at a time per cache entry (two clones building at once share it).
  if command -v flock >/dev/null 2>&1; then flock 9; fi
  if installed; then
    echo "quarto: $version already installed in $dest" >&2
  else
    echo "quarto: installing $version from $src into $dest" >&2
    bash "$src/install.sh" "$dest" >&2 || die "installing Quarto $version from $src failed (see the error above)"
    installed || die "Quarto $version in $dest does not run after installation"
  fi
) 9>"$cache/.quarto-$version.lock"
mkdir -p "$root/.tools"
ln -sfn "$dest" "$root/.tools/quarto"
echo "quarto: $version linked as .tools/quarto" >&2
echo "$root/.tools/quarto/bin"
