#!/usr/bin/env bash
# Per-model inference speed: podium (1 and 2 threads) beside libtorch sgemm and TensorFlow.js
# wasm-SIMD, all measured in this run on this machine. Needs scripts/setup done and ../shared.
#   bash bench/run.sh [RUNS] [MODEL,MODEL...]
# tfjs-ref is run from a copy in build/tfjs-ref (its npm dependencies install there by name,
# pinned by its package-lock.json); shared/ itself stays read-only.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
models=${2:-}
build_dir=${PODIUM_BUILD_DIR:-build}
shared=${PODIUM_SHARED:-../shared}
vision=$shared/data/vision
[ -d "$vision" ] || { echo "bench: no golden inputs at $vision (set PODIUM_SHARED)" >&2; exit 3; }
cmake --build "$build_dir" --target podium podium_bench_nn -j"$(nproc)" >/dev/null
models_dir=$("$build_dir/podium" models list | tail -1 | cut -d' ' -f2)

ref=$build_dir/tfjs-ref
mkdir -p "$ref" "$build_dir/bench/tfjs-wasm"
cp "$shared"/tools/tfjs-ref/{package.json,package-lock.json,ref.mjs} "$ref/"
[ -d "$ref/node_modules" ] || (cd "$ref" && npm ci --silent --no-audit --no-fund >/dev/null)

# TF.js wasm on each model's first golden input (byte order, as podium_bench_nn picks it), first,
# so that both sides run on a quiet machine.
export LC_ALL=C
declare -A seen
for golden in "$vision"/*.cpu.json; do
  name=$(basename "$golden" .cpu.json)
  model=${name#*.}
  [ -z "$models" ] || [[ ",$models," == *",$model,"* ]] || continue
  [ -z "${seen[$model]:-}" ] || continue
  seen[$model]=1
  out=$build_dir/bench/tfjs-wasm/$model.wasm.json
  rm -f "$out"
  node "$ref/ref.mjs" --model "$models_dir/$model.json" --input "$vision/${name%%.*}.png" \
    --out "$out" --backend wasm --runs "$runs" --max-full 1 >/dev/null
done
"$build_dir/bench/podium_bench_nn" --vision "$vision" --tfjs "$build_dir/bench/tfjs-wasm" --runs "$runs" \
  ${models:+--models "$models"}
