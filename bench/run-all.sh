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
# 5. bench/table.ts --write.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2}
mkdir -p bench/out bench/results
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
node --import tsx bench/table.ts --write
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
