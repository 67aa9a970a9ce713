#!/bin/bash
# Fixed runtime cost before any data: peak RSS (MB) of each runtime starting and exiting, as JSON lines.
#   bash bench/baseline.sh > bench/results/baseline.jsonl      (bench/run-all.sh does this)
cd "$(dirname "$0")/.."
rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
line() { echo "{\"runtime\":\"$1\",\"peak_rss_mb\":$(awk "BEGIN{printf \"%.1f\", $2/1024}")}"; }
line "node" "$(rss node -e 0)"
line "node + tsx" "$(rss node --import tsx -e 0)"
line "node + tsx + polars and the pipeline (src/data … src/pipeline)" "$(rss node --import tsx bench/baseline-imports.ts)"
line "python3 + pandas + sklearn" "$(rss /usr/bin/python3 -c 'import pandas, sklearn.cluster, sklearn.neighbors, sklearn.metrics, sklearn.decomposition')"
[ -x bench/.venv-peer/bin/python ] && line "python3 + polars + sklearn (bench/.venv-peer)" "$(rss bench/.venv-peer/bin/python -c 'import polars, sklearn.cluster, sklearn.neighbors, sklearn.metrics, sklearn.decomposition')"
