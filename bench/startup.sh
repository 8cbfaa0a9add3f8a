#!/usr/bin/env bash
# Process start-up: how long a podium command takes from exec to exit, beside the floor measured
# in the same run (sqlite3 --version: a small C program that loads one library). Prints a table.
#   bash bench/startup.sh [RUNS]        # default 50 runs per command (hyperfine)
# The activity file is a small shared FIT file (a 121 KB Fenix 2 run); without ../shared, the FIT
# seed fuzz/corpus/fit/ride-little.fit stands in.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
build_dir=${PODIUM_BUILD_DIR:-build}
shared=${PODIUM_SHARED:-../shared}
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 3; }
cmake --build "$build_dir" --target podium -j"$(nproc)" >/dev/null
podium=$build_dir/podium
fit=$shared/data/activities/fitparse-activity-small-fenix2-run.fit
[ -f "$fit" ] || fit=fuzz/corpus/fit/ride-little.fit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$podium" athlete add rider1 --ftp 280 --db "$tmp/s.db" >/dev/null
"$podium" consent grant rider1 --purpose performance_modelling --db "$tmp/s.db" >/dev/null
"$podium" activity import "$fit" --athlete rider1 --db "$tmp/s.db" >/dev/null

hyperfine -N -w 5 -r "$runs" --export-json "$tmp/h.json" \
  -n "floor: sqlite3 --version" "sqlite3 --version" \
  -n "podium --version" "$podium --version" \
  -n "podium --help" "$podium --help" \
  -n "podium activity show FILE --json" "$podium activity show $fit --json" \
  -n "podium activity show ID --json (store)" "$podium activity show 1 --json --db $tmp/s.db" \
  -n "podium models list" "$podium models list" \
  -n "podium rank --help" "$podium rank --help" \
  -n "podium pose --help (libtorch, OpenCV)" "$podium pose --help" >/dev/null

echo "### Start-up ($runs runs each; $(basename "$fit"))"
echo
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1])).results;
  const floor = r[0].median;
  console.log("| command | median ms | mean ± sd ms | × floor |");
  console.log("|---|---|---|---|");
  for (const x of r) {
    const ms = (v) => (1000 * v).toFixed(1);
    console.log(`| ${x.command} | ${ms(x.median)} | ${ms(x.mean)} ± ${ms(x.stddev)} | ${(x.median / floor).toFixed(1)}× |`);
  }' "$tmp/h.json"
