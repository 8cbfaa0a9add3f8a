#!/usr/bin/env bash
# COCO keypoint AP/AR and PCK@0.2 of every pose model on the ground-truth samples in
# shared/data/vision/real/mmpose_testdata (COCO val, OCHuman, PoseTrack18 frames), as a table:
# top-down on ground-truth boxes (and MultiPose bottom-up), then top-down on detected boxes.
#   bash bench/accuracy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${PODIUM_BUILD_DIR:-build}
d=${PODIUM_SHARED:-../shared}/data/vision/real/mmpose_testdata
[ -d "$d" ] || { echo "accuracy: $d not found (set PODIUM_SHARED)" >&2; exit 3; }
cmake --build "$build_dir" --target podium -j"$(nproc)" >/dev/null
echo "| set | model | images | people | AP | AP50 | AP75 | AR | PCK@0.2 |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
for set in "coco coco/test_coco.json coco" "ochuman ochuman/test_ochuman.json ochuman" \
           "posetrack18 posetrack18/annotations/test_posetrack18_val.json posetrack18"; do
  read -r name gt images <<< "$set"
  for model in movenet-lightning movenet-thunder movenet-multipose blazepose; do
    "$build_dir/podium" eval pose --gt "$d/$gt" --images "$d/$images" --model "$model" --json |
      node -e '
        let s = ""; process.stdin.on("data", (c) => s += c).on("end", () => {
          const j = JSON.parse(s), f = (x) => x < 0 ? "-" : x.toFixed(3);
          console.log(`| ${process.argv[1]} | ${j.model} | ${j.images} | ${j.annotations} | ` +
            `${f(j.AP)} | ${f(j.AP50)} | ${f(j.AP75)} | ${f(j.AR)} | ${f(j["PCK@0.2"])} |`);
        });' "$name"
  done
done

# Top-down on detected boxes (eval pose --boxes detector), with the detector's person-box AP.
echo
echo "| set | detector | model | detections | AP | AP50 | AP75 | AR | PCK@0.2 | box AP | box AP50 | box AR |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for set in "coco coco/test_coco.json coco" "ochuman ochuman/test_ochuman.json ochuman" \
           "posetrack18 posetrack18/annotations/test_posetrack18_val.json posetrack18"; do
  read -r name gt images <<< "$set"
  for detector in nanodet centernet; do
    for model in movenet-lightning movenet-thunder blazepose; do
      "$build_dir/podium" eval pose --gt "$d/$gt" --images "$d/$images" --model "$model" \
        --boxes detector --detector "$detector" --json |
        node -e '
          let s = ""; process.stdin.on("data", (c) => s += c).on("end", () => {
            const j = JSON.parse(s), f = (x) => x < 0 ? "-" : x.toFixed(3), b = j.box;
            console.log(`| ${process.argv[1]} | ${j.detector} | ${j.model} | ${j.detections} | ` +
              `${f(j.AP)} | ${f(j.AP50)} | ${f(j.AP75)} | ${f(j.AR)} | ${f(j["PCK@0.2"])} | ` +
              `${f(b.AP)} | ${f(b.AP50)} | ${f(b.AR)} |`);
          });' "$name"
    done
  done
done
