#!/usr/bin/env bash
# Sets up the spark engine (`--engine spark`): PySpark and pyarrow, pinned in scripts/engines/requirements-spark.txt,
# installed into the project's Python environment .venv/ (the one scripts/setup-jupyter.sh makes; created here the
# same way when it is missing). Spark itself runs on Java 17 from Debian, which this script checks but does not
# install. Reruns are fast: pip runs only when the pins or the interpreter changed.
# Usage: bash scripts/setup-spark.sh        (PYTHON=/path/to/python3 to choose the interpreter of a new .venv)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
venv="$root/.venv"
requirements="$root/scripts/engines/requirements-spark.txt"
stamp="$venv/.requirements-spark.sha256"

die() { echo "error: $*" >&2; exit 1; }

# Java: Spark uses $JAVA_HOME/bin/java when JAVA_HOME is set, else the java on PATH; Spark 3.5 here needs 17+.
java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
java="${java:-$(command -v java || true)}"
[[ -n "$java" && -x "$java" ]] || die "the spark engine needs Java 17: apt-get install openjdk-17-jre-headless"
java_version="$("$java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
java_major="${java_version%%.*}"
[[ "$java_major" == 1 ]] && java_major="$(echo "$java_version" | cut -d. -f2)"   # "1.8.0_392" is Java 8
[[ "$java_major" =~ ^[0-9]+$ ]] || die "the spark engine needs Java 17 ('$java -version' did not say a version): apt-get install openjdk-17-jre-headless"
((java_major >= 17)) || die "the spark engine needs Java 17 (found Java $java_version): apt-get install openjdk-17-jre-headless"

# The project's .venv, as scripts/setup-jupyter.sh makes it.
if [[ -e "$venv" ]] && ! "$venv/bin/python" -c '' >/dev/null 2>&1; then
  echo "setup-spark: $venv is broken; recreating it (rerun scripts/setup-jupyter.sh for Jupyter)" >&2
  rm -rf "$venv"
fi
if [[ ! -e "$venv/bin/python" ]]; then
  command -v "$python" >/dev/null 2>&1 || die "$python not found: apt-get install python3 python3-venv"
  "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null \
    || die "$python is $("$python" --version 2>&1); PySpark 3.5 needs Python >= 3.9: apt-get install python3"
  "$python" -c 'import venv, ensurepip' >/dev/null 2>&1 || die "python3 venv module missing: apt-get install python3-venv"
  echo "setup-spark: creating $venv with $("$python" --version 2>&1)" >&2
  if ! "$python" -m venv "$venv" >/dev/null; then
    rm -rf "$venv"
    die "'$python -m venv' failed (ensurepip missing?): apt-get install python3-venv"
  fi
fi

want="$( { sha256sum < "$requirements"; "$venv/bin/python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]] || ! "$venv/bin/python" -c 'import pyspark, pyarrow.parquet' >/dev/null 2>&1; then
  echo "setup-spark: installing scripts/engines/requirements-spark.txt into .venv (a minute or two the first time)" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements"
  echo "$want" > "$stamp"
fi
"$venv/bin/python" -c 'import pyspark, pyarrow; print(f"setup-spark: PySpark {pyspark.__version__}, pyarrow {pyarrow.__version__} in .venv")' >&2
echo "setup-spark: Java $java_version ($java)" >&2
