#!/usr/bin/env bash
# loadStore alone (bench/load.ts) on each input, with this loader and with the one before issue 15 (commit
# 339b3e1, extracted with `git archive`), alternating, two rounds; replaces bench/results/load.jsonl.
# The old loader runs against the published nodejs-polars, as it did then: the copy in its folder has this
# project's patch (patches/nodejs-polars+0.26.1.patch) taken out again. Called by bench/run-all.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
git archive 339b3e1 src package.json tsconfig.json | tar -x -C "$old"
mkdir -p "$old/node_modules" "$old/bench"
for p in node_modules/* node_modules/.bin; do ln -s "$(pwd)/$p" "$old/node_modules/$(basename "$p")"; done
rm "$old/node_modules/nodejs-polars"
cp -r node_modules/nodejs-polars "$old/node_modules/nodejs-polars"
repo=$(pwd)
(cd "$old" && patch -s -R -p1 < "$repo/patches/nodejs-polars+0.26.1.patch")
! grep -q "casestudy patch" "$old/node_modules/nodejs-polars/bin/lazy/expr/index.js" || { echo "error: could not take the patch out of the old loader's nodejs-polars" >&2; exit 1; }
cp bench/load.ts "$old/bench/"
rm -f bench/results/load.jsonl
for r in 1 2; do
  for run in uci:bench/out/uci.csv 0.1m:bench/out/uci-100k.csv 1m:bench/out/uci-1m.csv 5m:bench/out/uci-5m.csv; do
    echo "loadStore ${run%%:*} (round $r)"
    (cd "$old" && node --import tsx bench/load.ts --input "$repo/${run#*:}" --label "${run%%:*}" --commit 339b3e1 | tail -1) >> bench/results/load.jsonl
    node --import tsx bench/load.ts --input "${run#*:}" --label "${run%%:*}" | tail -1 >> bench/results/load.jsonl
  done
done
