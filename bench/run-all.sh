#!/usr/bin/env bash
# Regenerates every recorded benchmark result and the tables in bench/README.md and README.md, in one go.
# Run it when the machine is otherwise idle (it takes about 15 minutes on 2 cores; `uptime` first):
#   bash bench/run-all.sh            (ROUNDS=3 bash bench/run-all.sh for more alternating rounds)
# 1. inputs under bench/out/ (git-ignored), made once: the UCI file as CSV, then 0.1 M, 1 M and 5 M lines
#    written the way pandas writes them (bench/make_uci_csv.py: CustomerID as 17850.0);
# 2. the polars + current scikit-learn peer's test-only environment (bench/setup-peer.sh);
# 3. bench/compare.ts on each input (`casestudy analyze`, core, pandas + sklearn, polars + sklearn, alternating);
#    the results replace bench/results/<input>.jsonl;
# 4. loadStore alone with this loader and the one before it (bench/load.ts; commit 339b3e1 via git archive),
#    the lookalike-only runs and the fixed runtime costs (bench/baseline.sh), also replaced;
# 5. with ENGINES=1 (long: about an hour on 2 cores), the line-level engines (bench/engines.ts; rows are appended to
#    bench/results/engines.jsonl and the table shows the latest per input, engine and limit): the UCI file with
#    polars, duckdb:1GB and spark:2GB, then 50 M generated lines in $BIGDATA/uci-50m.parquet (BIGDATA defaults to
#    ../bigdata, outside the repository; the file is made once by `casestudy generate`, ~10 minutes) with
#    duckdb:2GB, spark:6GB and polars (which meets the 14 GB budget). The spark runs need `bash scripts/setup-spark.sh`;
#    ENGINES=only skips steps 1-4;
# 6. bench/table.ts --write.
#   ENGINES=1 bash bench/run-all.sh        (everything, engines included)
#   ENGINES=only bash bench/run-all.sh     (the engines and the tables only)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
mkdir -p bench/out bench/results
ENGINES=${ENGINES:-0}
if [ "$ENGINES" != only ]; then
[ -s bench/out/uci.csv ] || node --import tsx bench/uci-to-csv.ts bench/out/uci.csv
for n in 100k:100000 1m:1000000 5m:5000000; do
  f="bench/out/uci-${n%%:*}.csv"
  [ -s "$f" ] || /usr/bin/python3 bench/make_uci_csv.py --lines "${n##*:}" --out "$f"
done
bash bench/setup-peer.sh >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in uci:bench/out/uci.csv 0.1m:bench/out/uci-100k.csv 1m:bench/out/uci-1m.csv 5m:bench/out/uci-5m.csv; do
  label=${run%%:*}
  rm -f "bench/results/$label.jsonl"
  echo "compare $label"
  node --import tsx bench/compare.ts --input "${run#*:}" --label "$label" --rounds "$ROUNDS" --record "bench/results/$label.jsonl" >/dev/null
done
bash bench/load-compare.sh
rm -f bench/results/lookalike.jsonl
for s in segments none; do
  echo "lookalike-only $s"
  node --import tsx bench/bench.ts --lookalike-only --customers 100000 --structure "$s" | tail -1 >> bench/results/lookalike.jsonl
done
bash bench/baseline.sh > bench/results/baseline.jsonl
fi
if [ "$ENGINES" = 1 ] || [ "$ENGINES" = only ]; then
  BIGDATA=${BIGDATA:-$(cd .. && pwd)/bigdata}
  big="$BIGDATA/uci-50m.parquet"
  if [ ! -s "$big" ]; then
    mkdir -p "$BIGDATA"
    npx casestudy generate --format uci --rows 50000000 --out "$big"
  fi
  echo "engines: the UCI file"
  node --import tsx bench/engines.ts --input ../shared/data/uci-online-retail/online_retail.parquet --label "UCI file" --run polars --run duckdb:1GB --run spark:2GB
  echo "engines: 50 M lines"
  node --import tsx bench/engines.ts --input "$big" --label "50 M" --run duckdb:2GB --run spark:6GB --run polars --max-rss-gb 14 --timeout 3600
fi
node --import tsx bench/table.ts --write
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
