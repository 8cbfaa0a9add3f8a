#!/usr/bin/env bash
# Builds every libFuzzer target (fuzz/fuzz_<name>.cpp) with clang-14 (ASan + UBSan) and fuzzes
# them one after another for N seconds in total (default 60), split evenly between the targets,
# each from its seed corpus fuzz/corpus/<name>/ plus its kept crashes fuzz/regressions/<name>/,
# with its dictionary fuzz/dict/<format>.dict (the CSV targets share csv.dict).
# Exit status non-zero when any target found a crash; the input is left in build-fuzz/fuzz/ as
# crash-* — copy it to fuzz/regressions/<name>/ (see fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
names=()
for src in fuzz/fuzz_*.cpp; do
  name=$(basename "$src" .cpp)
  names+=("${name#fuzz_}")
done
log=$(mktemp)
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DPODIUM_FUZZ=ON -DPODIUM_TESTS=OFF \
  -DPODIUM_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$log" 2>&1 ||
  { cat "$log"; exit 1; }
cmake --build build-fuzz -j"$(nproc)" --target "${names[@]/#/fuzz_}"
status=0
count=${#names[@]}
for i in "${!names[@]}"; do
  name=${names[$i]}
  # An even share; the first (seconds % count) targets get one second more.
  share=$(( seconds / count + (i < seconds % count ? 1 : 0) ))
  (( share > 0 )) || continue
  echo "=== fuzz_$name: $share s"
  work=build-fuzz/corpus-$name
  mkdir -p "$work"
  regressions=()
  [ -d "fuzz/regressions/$name" ] && regressions=("../../fuzz/regressions/$name")
  case $name in
    plan | results_* | csv) dict=fuzz/dict/csv.dict ;;
    *) dict=fuzz/dict/$name.dict ;;
  esac
  options=()
  [ -f "$dict" ] && options=("-dict=../../$dict")
  (cd build-fuzz/fuzz && "./fuzz_$name" -max_total_time="$share" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${options[@]}" "../../$work" "../../fuzz/corpus/$name" \
    "${regressions[@]}") || status=1
done
exit "$status"
