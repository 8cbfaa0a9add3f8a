#!/usr/bin/env bash
# Builds every libFuzzer target (fuzz/fuzz_<name>.cpp) with clang-14 (ASan + UBSan) and fuzzes
# them for N seconds in total (default 60): one target per core at a time, the cores' time split
# evenly between the targets (2 cores, 13 targets, 70 s: 10-11 s each), each from its seed corpus
# fuzz/corpus/<name>/ plus its kept crashes fuzz/regressions/<name>/, with its dictionary
# fuzz/dict/<format>.dict (the CSV targets share csv.dict). A target's output is printed whole
# when it ends.
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
jobs=$(nproc)
count=${#names[@]}
logs=$(mktemp -d)
fuzz_one() {
  local name=$1 share=$2
  echo "=== fuzz_$name: $share s"
  local work=build-fuzz/corpus-$name dict
  mkdir -p "$work"
  local regressions=()
  [ -d "fuzz/regressions/$name" ] && regressions=("../../fuzz/regressions/$name")
  case $name in
    plan | results_* | csv) dict=fuzz/dict/csv.dict ;;
    *) dict=fuzz/dict/$name.dict ;;
  esac
  local options=()
  [ -f "$dict" ] && options=("-dict=../../$dict")
  cd build-fuzz/fuzz && "./fuzz_$name" -max_total_time="$share" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${options[@]}" "../../$work" "../../fuzz/corpus/$name" \
    "${regressions[@]}"
}
status=0
running=0
finish_one() {
  wait -n || status=1
  running=$((running - 1))
}
for i in "${!names[@]}"; do
  name=${names[$i]}
  # An even share of the cores' time; the first (seconds * jobs % count) targets get one second
  # more.
  share=$(( seconds * jobs / count + (i < seconds * jobs % count ? 1 : 0) ))
  (( share > 0 )) || continue
  (( running < jobs )) || finish_one
  (
    rc=0
    fuzz_one "$name" "$share" >"$logs/$name.log" 2>&1 || rc=$?
    cat "$logs/$name.log"
    exit "$rc"
  ) &
  running=$((running + 1))
done
while (( running > 0 )); do finish_one; done
rm -rf "$logs"
exit "$status"
