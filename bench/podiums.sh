#!/usr/bin/env bash
# Podiums benchmarks on the shared PCS data, printed as tables:
# 1. `podium results import` of the whole pcs_noctildon folder into a fresh store, beside the
#    reference measured in the same run: sqlite3's own `.import` of the same results CSV (gunzip
#    included; no parsing of meaning, no events, no dedup, no riders file) - the floor for
#    getting these bytes into SQLite.
# 2. Per model, `podium rank train --year Y --json`: loading the store, building the training
#    features, training (1 thread), and scoring the test year with `rank evaluate`.
#   bash bench/podiums.sh [YEAR]        # default 2019
set -euo pipefail
cd "$(dirname "$0")/.."
year=${1:-2019}
build_dir=${PODIUM_BUILD_DIR:-build}
shared=${PODIUM_SHARED:-../shared}
pcs=$shared/data/cycling/pcs_noctildon
[ -d "$pcs" ] || { echo "bench: no PCS data at $pcs (set PODIUM_SHARED)" >&2; exit 3; }
cmake --build "$build_dir" --target podium >/dev/null
podium=$build_dir/podium
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
json_field() { node -e "const j = JSON.parse(require('fs').readFileSync(0)); console.log($1)"; }

t0=$(now)
zcat "$pcs/pcs_rider_results.csv.gz" >"$tmp/results.csv"
sqlite3 "$tmp/reference.db" ".import --csv $tmp/results.csv results"
t1=$(now)
"$podium" results import "$pcs" --format pcs --db "$tmp/podium.db" >"$tmp/import.txt"
t2=$(now)
rows=$(sqlite3 "$tmp/reference.db" "SELECT count(*) FROM results")
ref_s=$(elapsed "$t0" "$t1")
imp_s=$(elapsed "$t1" "$t2")
echo "### Results import ($rows CSV rows, $(du -h "$pcs/pcs_rider_results.csv.gz" | cut -f1) gzip)"
echo
echo "| step | s | vs reference |"
echo "|---|---|---|"
echo "| reference: zcat + sqlite3 .import (raw rows) | $ref_s | 1.00x |"
echo "| podium results import --format pcs | $imp_s | $(awk -v a="$imp_s" -v b="$ref_s" 'BEGIN { printf "%.2fx", a / b }') |"
echo
sed 's/^/    /' "$tmp/import.txt" | head -3
echo
echo "### Rankers, test year $year (1 thread)"
echo
echo "| model | train races | rows | features | load s | features s | train s | evaluate s | mean NDCG@10 |"
echo "|---|---|---|---|---|---|---|---|---|"
for model in xgboost-ndcg xgboost-pairwise neural; do
  "$podium" rank train --year "$year" --model "$model" --db "$tmp/podium.db" --json >"$tmp/train.json"
  t3=$(now)
  "$podium" rank evaluate --year "$year" --model "$model" --db "$tmp/podium.db" --json >"$tmp/eval.json"
  t4=$(now)
  row=$(json_field '[j.train_races, j.train_rows, j.features, (j.seconds.load + j.seconds.index).toFixed(2), j.seconds.features.toFixed(2), j.seconds.train.toFixed(2)].join(" | ")' <"$tmp/train.json")
  ndcg=$(json_field 'j.mean_ndcg10.toFixed(3) + " (baseline " + j.baseline_mean_ndcg10.toFixed(3) + ")"' <"$tmp/eval.json")
  echo "| $model | $row | $(elapsed "$t3" "$t4") | $ndcg |"
done
