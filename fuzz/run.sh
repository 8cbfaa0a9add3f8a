#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) and fuzzes each for N seconds
# (default 60) starting from its corpus. Exit status non-zero when a crash was found; the input is
# left in build-fuzz/fuzz/ as crash-* — copy it to fuzz/regressions/ (see fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
log=$(mktemp)
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DPODIUM_FUZZ=ON -DPODIUM_TESTS=OFF \
  -DPODIUM_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$log" 2>&1 ||
  { cat "$log"; exit 1; }
cmake --build build-fuzz --target fuzz_graph_model -j"$(nproc)"
work=build-fuzz/corpus-graph_model
mkdir -p "$work"
cd build-fuzz/fuzz
./fuzz_graph_model -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "../../$work" ../../fuzz/corpus/graph_model $(ls -A ../../fuzz/regressions 2>/dev/null | grep -q . && echo ../../fuzz/regressions)
