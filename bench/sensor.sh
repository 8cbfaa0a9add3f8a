#!/usr/bin/env bash
# Sensor benchmarks, each printed as a table with its reference measured in the same run:
# 1. FIT decode: podium's reader vs @garmin/fitsdk (via activity-ref, installed once into
#    build/activity-ref from its package-lock.json; shared/ stays read-only), same files from
#    memory, same rounds; the ratio.
# 2. Power-duration kernels (Google Benchmark): fast exact MMP vs the naive O(n^2) one, a 10-hour
#    ride, W'bal, CP fits.
# 3. `podium activity import` of the whole shared activity folder into a fresh store (3 runs).
#   bash bench/sensor.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
build_dir=${PODIUM_BUILD_DIR:-build}
shared=${PODIUM_SHARED:-../shared}
data=$shared/data/activities
[ -d "$data" ] || { echo "bench: no activity files at $data (set PODIUM_SHARED)" >&2; exit 3; }
cmake --build "$build_dir" --target podium_bench_fit podium_bench_sensor podium >/dev/null

ref=$build_dir/activity-ref
mkdir -p "$ref"
cp "$shared"/tools/activity-ref/{package.json,package-lock.json,ref.mjs} "$ref/"
[ -d "$ref/node_modules" ] || (cd "$ref" && npm ci --silent --no-audit --no-fund >/dev/null)

# fitsdk is much slower: a quarter of the rounds (at least 1) keeps the run short; MB/s compare.
js_rounds=$(( rounds / 4 > 0 ? rounds / 4 : 1 ))
js=$(node bench/fit_decode.mjs "$ref" "$data" "$js_rounds")
cpp=$("$build_dir/bench/podium_bench_fit" "$data" "$rounds")
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
echo "| FIT decode (from memory) | files | MB/round | rounds | s | MB/s |"
echo "|---|---|---|---|---|---|"
echo "| @garmin/fitsdk $(cd "$ref" && node -p "require('@garmin/fitsdk/package.json').version") | $(field files "$js") | $(field mb_per_round "$js") | $(field rounds "$js") | $(field seconds "$js") | $(field mb_per_s "$js") |"
echo "| podium | $(field files "$cpp") | $(field mb_per_round "$cpp") | $(field rounds "$cpp") | $(field seconds "$cpp") | $(field mb_per_s "$cpp") |"
echo
echo "podium / fitsdk: $(awk -v a="$(field mb_per_s "$cpp")" -v b="$(field mb_per_s "$js")" 'BEGIN { printf "%.0fx", a / b }') (target >= 50x)"

echo
echo "### Power-duration kernels (CPU time, median of 5)"
"$build_dir/bench/podium_bench_sensor" --benchmark_repetitions=5 --benchmark_report_aggregates_only \
  --benchmark_filter='_median' 2>/dev/null | grep -E "^BM_|^Benchmark|^-" ||
  "$build_dir/bench/podium_bench_sensor" --benchmark_repetitions=5 --benchmark_report_aggregates_only \
    2>/dev/null | grep -E "median|^Benchmark"

echo
echo "### Import of $data (every file, fresh store each run)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=("$data"/*.fit "$data"/*.FIT "$data"/*.fit.gz "$data"/*.tcx "$data"/*.gpx)
mb=$(du -cb "${files[@]}" | tail -1 | awk '{ printf "%.1f", $1 / 1e6 }')
echo "| run | files | MB | imported | failed | wall s |"
echo "|---|---|---|---|---|---|"
for run in 1 2 3; do
  db=$tmp/run$run.db
  PODIUM_HOME=$tmp "$build_dir/podium" athlete add bench --db "$db" >/dev/null
  PODIUM_HOME=$tmp "$build_dir/podium" consent grant bench --purpose performance_modelling \
    --db "$db" >/dev/null
  t0=$(date +%s.%N)
  out=$(PODIUM_HOME=$tmp "$build_dir/podium" activity import "${files[@]}" --athlete bench \
    --db "$db" 2>/dev/null | tail -1 || true)
  t1=$(date +%s.%N)
  imported=$(sed -n 's/^\([0-9]*\) imported.*/\1/p' <<<"$out")
  failed=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$out")
  echo "| $run | ${#files[@]} | $mb | $imported | $failed | $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') |"
done
