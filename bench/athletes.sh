#!/usr/bin/env bash
# Every athlete on the field, end to end: frames/s of `podium video analyze --athletes all` at one
# thread on Debian opencv-doc's vtest.avi (768x576, 795 frames of pedestrians), per pose model and
# person detector, with the share of wall time per stage from the run's own tracks.json, the
# detector and pose runs, and the ids before and after stitching. The first rows are the
# references measured in the same run: single-athlete Lightning (no detector) and MultiPose.
#   bash bench/athletes.sh [VIDEO] [MODEL:DETECTOR,...]
set -euo pipefail
cd "$(dirname "$0")/.."
video=${1:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}
runs=${2:-movenet-lightning:single,movenet-multipose:none,movenet-lightning:nanodet,movenet-lightning:centernet,movenet-thunder:nanodet,blazepose:nanodet}
build_dir=${PODIUM_BUILD_DIR:-build}
[ -f "$video" ] || { echo "bench: $video not found (apt-get install opencv-doc)" >&2; exit 3; }
cmake --build "$build_dir" --target podium -j"$(nproc)" >/dev/null
out=$build_dir/bench/athletes
mkdir -p "$out"
echo "$(basename "$video"): podium video analyze at 1 thread, frames/s end to end (decode to angles, no overlay)"
echo
echo "| model | detector | athletes | frames | wall s | frames/s | decode | detect | pose | camera | appearance | track+stitch | smooth+kinematics | detector runs | pose runs | ids | after stitching | target fps | met |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
IFS=, read -ra list <<< "$runs"
for run in "${list[@]}"; do
  model=${run%%:*}
  detector=${run#*:}
  athletes=all
  args=(--detector "$detector")
  if [ "$detector" = single ]; then athletes=1; args=(--detector none); fi
  dir=$out/$model-$detector
  start=$(date +%s%N)
  "$build_dir/podium" video analyze "$video" --model "$model" --athletes "$athletes" \
    "${args[@]}" --threads 1 --out "$dir" >/dev/null
  end=$(date +%s%N)
  node -e '
    const [file, model, detector, athletes, wall] = process.argv.slice(1);
    const j = JSON.parse(require("fs").readFileSync(file));
    const s = j.stage_seconds, n = j.video.frames, w = Number(wall) / 1000, p = j.people;
    const pct = (x) => (100 * x / w).toFixed(0) + " %";
    const fps = n / w;
    const target = detector === "single" ? 100 : (model === "movenet-lightning" && detector === "nanodet" ? 25 : null);
    console.log(`| ${model} | ${detector} | ${athletes} | ${n} | ${w.toFixed(2)} | ${fps.toFixed(1)} | ` +
      `${pct(s.decode)} | ${pct(s.detect)} | ${pct(s.pose)} | ${pct(s.camera_motion)} | ${pct(s.appearance)} | ` +
      `${pct(s.track + s.stitch)} | ${pct(s.smooth + s.kinematics)} | ${p.detector_runs} | ${p.pose_runs} | ` +
      `${p.track_ids} | ${j.tracks.length} | ${target ?? "-"} | ${target ? (fps >= target ? "yes" : "no") : "-"} |`);
  ' "$dir/tracks.json" "$model" "$detector" "$athletes" "$(( (end - start) / 1000000 ))"
done
