#!/usr/bin/env bash
# Captures what the podium CLI prints and writes on the shared data, so a refactoring can be
# checked byte for byte: run it before and after, then diff the two folders.
#   bash tests/cli_capture.sh OUT_DIR [--quick]
#   diff -r before/ after/
# PODIUM_BIN names another podium binary to capture (e.g. a copy of the one before a change).
# Timing fields (inference_ms, seconds, wall_seconds, ...) are blanked; everything else is kept
# as printed, with the exit code of every command. --quick skips the slow podiums part (PCS import,
# careers, rank training). Needs node (JSON normalisation) and the shared data (PODIUM_SHARED).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: tests/cli_capture.sh OUT_DIR [--quick]}
quick=${2:-}
build_dir=${PODIUM_BUILD_DIR:-build}
shared=${PODIUM_SHARED:-../shared}/data
podium=$(realpath "${PODIUM_BIN:-$build_dir/podium}")
[ -d "$shared" ] || { echo "capture: no shared data at $shared (set PODIUM_SHARED)" >&2; exit 3; }
mkdir -p "$out"
out=$(realpath "$out")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Blanks the values of timing keys in JSON (any depth); other text passes through unchanged.
normalise() {
  node -e '
    const fs = require("fs");
    const text = fs.readFileSync(0, "utf8");
    const timing = /^(inference_ms|median_ms|min_ms|load_ms|seconds|wall_seconds|stage_seconds)$/;
    const blank = (v) => {
      if (Array.isArray(v)) return v.map(blank);
      if (v && typeof v === "object") {
        for (const k of Object.keys(v)) v[k] = timing.test(k) ? "<time>" : blank(v[k]);
      }
      return v;
    };
    try { process.stdout.write(JSON.stringify(blank(JSON.parse(text)), null, 1) + "\n"); }
    catch (e) {
      process.stdout.write(text.replace(/ in [0-9.]+ (s|ms)\b/g, " in <time> $1")
                               .replace(/, [0-9.]+ s$/gm, ", <time> s"));
    }'
}

# run NAME ARGS...: stdout (normalised), stderr (normalised) and the exit code under OUT/NAME.*
run() {
  local name=$1
  shift
  "$podium" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  echo "$?" >"$out/$name.rc"
  normalise <"$tmp/stdout" | sed "s#$tmp#TMP#g" >"$out/$name.out"
  sed -E 's/[0-9.]+ fps/<fps>/g; s/ in [0-9.]+ (s|ms)\b/ in <time> \1/g; s/median [0-9.]+ ms/median <time> ms/g' \
    "$tmp/stderr" | sed "s#$tmp#TMP#g" >"$out/$name.err"
}

# Files a command wrote, normalised the same way.
keep() {
  local name=$1
  shift
  for f in "$@"; do
    [ -f "$f" ] && normalise <"$f" | sed "s#$tmp#TMP#g" >"$out/$name.$(basename "$f")"
  done
}

# --- sensors: every shared activity file, then a store ----------------------------------------
acts=()
for f in "$shared"/activities/*; do
  case $f in *.fit | *.FIT | *.fit.gz | *.tcx | *.gpx) acts+=("$f") ;; esac
done
for f in "${acts[@]}"; do
  b=$(basename "$f")
  run "activity-show-$b" activity show "$f" --json
  run "activity-show-text-$b" activity show "$f"
  run "activity-mmp-$b" activity mmp "$f" --csv
done
db=$tmp/sensor.db
run athlete-add athlete add rider1 --ftp 280 --hr-max 186 --hr-rest 48 --from 2000-01-01 --db "$db"
run consent-grant consent grant rider1 --purpose performance_modelling --db "$db"
run activity-import activity import "${acts[@]}" --athlete rider1 --db "$db"
run athlete-show athlete show rider1 --json --db "$db"
for id in 1 2 3 10 20 30 40; do
  run "activity-show-id-$id" activity show "$id" --json --db "$db"
  run "activity-mmp-id-$id" activity mmp "$id" --csv --db "$db"
done
run load-json load --athlete rider1 --json --db "$db"
run load-csv load --athlete rider1 --csv --db "$db"
run load-tp load --athlete rider1 --convention tp --db "$db"

# --- pixels --------------------------------------------------------------------------------------
messi=/usr/share/doc/opencv-doc/examples/data/messi5.jpg
for m in movenet-thunder movenet-lightning movenet-multipose blazepose; do
  run "pose-$m" pose image "$messi" --model "$m" --json
done
run pose-out pose image "$messi" --out "$tmp/messi.png"
sha256sum <"$tmp/messi.png" | cut -d' ' -f1 >"$out/pose-out.png.sha256"
for m in movenet-lightning:192 movenet-thunder:256 blazepose-full:256; do
  size=${m#*:}
  m=${m%:*}
  run "nn-run-$m" nn run --model "$m" --input "$shared/vision/messi5_$size.png" --out "$tmp/nn.json"
  keep "nn-run-$m" "$tmp/nn.json"
done
clip=$shared/vision/real/sports2d/demo.mp4
for m in movenet-lightning:1 movenet-multipose:all; do
  athletes=${m#*:}
  m=${m%:*}
  run "video-$m" video analyze "$clip" --model "$m" --athletes "$athletes" --end 3 --out "$tmp/v-$m" --json
  keep "video-$m" "$tmp/v-$m"/*.csv "$tmp/v-$m"/*.json
done
coco=$shared/vision/real/mmpose_testdata/coco
if [ -d "$coco" ]; then
  gt=$(ls "$coco"/*.json | head -1)
  run eval-pose eval pose --gt "$gt" --images "$coco" --model movenet-lightning --json
fi

[ "$quick" = "--quick" ] && exit 0

# --- podiums -------------------------------------------------------------------------------------
rdb=$tmp/results.db
run results-import-pcs results import "$shared/cycling/pcs_noctildon" --format pcs --db "$rdb"
run careers-peak-age careers peak-age --bootstrap 100 --permutations 100 --threads 1 --json --db "$rdb"
for m in xgboost xgboost-pairwise baseline neural; do
  run "rank-train-$m" rank train --year 2019 --model "$m" --db "$rdb" --json
  run "rank-evaluate-$m" rank evaluate --year 2019 --model "$m" --db "$rdb" --json
done
run rank-predict rank predict --year 2019 --race "milano-sanremo" --db "$rdb" --json
run rank-explain rank explain --year 2019 --race "milano-sanremo" --db "$rdb" --json
run rank-strategies rank strategies --year 2019 --db "$rdb" --json
tdb=$tmp/tennis.db
run results-import-atp results import "$shared/cycling/tennis_atp_sackmann" --format atp --db "$tdb"
run careers-tennis careers peak-age --bootstrap 100 --permutations 100 --threads 1 --json --db "$tdb"
exit 0
