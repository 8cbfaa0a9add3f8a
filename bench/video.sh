#!/usr/bin/env bash
# End-to-end video analysis speed: frames/s of `podium video analyze` per model at 1 and 2
# threads on Debian opencv-doc's vtest.avi (768x576, 795 frames, MPEG-4 Part 2), with the share of
# wall time per stage (decode, pose, track, smooth + kinematics) from the run's own tracks.json.
#   bash bench/video.sh [VIDEO] [MODEL,MODEL...]
set -euo pipefail
cd "$(dirname "$0")/.."
video=${1:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}
models=${2:-movenet-lightning,movenet-thunder,movenet-multipose,blazepose}
build_dir=${PODIUM_BUILD_DIR:-build}
[ -f "$video" ] || { echo "bench: $video not found (apt-get install opencv-doc)" >&2; exit 3; }
cmake --build "$build_dir" --target podium -j"$(nproc)" >/dev/null
out=$build_dir/bench/video
mkdir -p "$out"
echo "$(basename "$video"): podium video analyze, frames/s end to end (decode to angles, no overlay)"
echo
echo "| model | threads | frames | wall s | frames/s | decode | pose | track | smooth+kinematics | target fps | met |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
IFS=, read -ra list <<< "$models"
for model in "${list[@]}"; do
  athletes=1
  [ "$model" = movenet-multipose ] && athletes=all
  for threads in 1 2; do
    dir=$out/$model-$threads
    start=$(date +%s%N)
    "$build_dir/podium" video analyze "$video" --model "$model" --athletes "$athletes" \
      --threads "$threads" --out "$dir" >/dev/null
    end=$(date +%s%N)
    node -e '
      const [file, model, threads, wall] = process.argv.slice(1);
      const j = JSON.parse(require("fs").readFileSync(file));
      const s = j.stage_seconds, n = j.video.frames, w = Number(wall) / 1000;
      const pct = (x) => (100 * x / w).toFixed(0) + " %";
      const fps = n / w;
      const target = {"movenet-lightning": 100, "movenet-multipose": 30}[model];
      console.log(`| ${model} | ${threads} | ${n} | ${w.toFixed(2)} | ${fps.toFixed(1)} | ` +
        `${pct(s.decode)} | ${pct(s.pose)} | ${pct(s.track)} | ${pct(s.smooth + s.kinematics)} | ` +
        `${target ?? "-"} | ${target ? (fps >= target ? "yes" : "no") : "-"} |`);
    ' "$dir/tracks.json" "$model" "$threads" "$(( (end - start) / 1000000 ))"
  done
done
