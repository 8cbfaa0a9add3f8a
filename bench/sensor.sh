#!/usr/bin/env bash
# Sensor benchmarks. FIT decode: podium's reader vs @garmin/fitsdk (via activity-ref, installed
# once into build/activity-ref from its package-lock.json; shared/ stays read-only), same files
# from memory, same rounds, measured in this run; prints a markdown table with the ratio.
#   bash bench/sensor.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
build_dir=${PODIUM_BUILD_DIR:-build}
shared=${PODIUM_SHARED:-../shared}
data=$shared/data/activities
[ -d "$data" ] || { echo "bench: no activity files at $data (set PODIUM_SHARED)" >&2; exit 3; }
cmake --build "$build_dir" --target podium_bench_fit >/dev/null

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
