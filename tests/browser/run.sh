#!/usr/bin/env bash
# The dashboard's browser tests (ctest browser.dashboard and browser.video, label slow): a store
# made by the CLI, then `podium serve` on a free loopback port, then PART.mjs in headless
# Chromium.
#   dashboard: athlete A1 with performance-modelling consent, a coach of A1's team, rides made by
#              make_data.mjs imported, a synthetic league imported and an XGBoost ranker trained
#   video:     athlete A1 with video-analysis consent and the coach; the clip is OpenCV's
#              vtest.avi (Debian opencv-doc) or $PODIUM_TEST_CLIP, its first 3 s analysed
#   bash run.sh PODIUM_BIN TEST_NODE_DIR ARTIFACT_DIR [dashboard|video]   (exit 77: skipped, and why)
set -euo pipefail
podium=$1
test_node=$2
artifacts=$3
part=${4:-dashboard}
here=$(cd "$(dirname "$0")" && pwd)

skip() { echo "SKIP: $*"; exit 77; }
command -v node >/dev/null 2>&1 || skip "node is not installed (apt-get install nodejs; scripts/setup does)"
chromium=${PODIUM_CHROMIUM:-$(command -v chromium || true)}
[ -n "$chromium" ] || skip "chromium is not installed (apt-get install chromium; scripts/setup does)"
[ -f "$test_node/node_modules/playwright-core/package.json" ] ||
  skip "playwright-core is not in $test_node (bash scripts/web-packages BUILD_DIR; scripts/setup does)"

# The models `podium models fetch` installed, found before PODIUM_HOME points at the test's folder.
models=${PODIUM_HOME:-${HOME:-/nonexistent}/.cache/podium}/models
clip=${PODIUM_TEST_CLIP:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}
if [ "$part" = video ]; then
  [ -f "$clip" ] || skip "no clip: $clip is absent (apt-get install opencv-doc, or set PODIUM_TEST_CLIP)"
  "$podium" models verify --dir "$models" >/dev/null 2>&1 ||
    skip "the models are not all installed in $models (podium models fetch)"
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export PODIUM_HOME=$work/home
mkdir -p "$PODIUM_HOME" "$artifacts"
ln -s "$models" "$PODIUM_HOME/models"
db=(--db "$work/podium.db")
password='browser test password'

"$podium" athlete add A1 --ftp 260 "${db[@]}" >/dev/null
"$podium" team add red "${db[@]}" >/dev/null
"$podium" team add-athlete red A1 "${db[@]}" >/dev/null
PODIUM_PASSWORD=$password "$podium" user add coach --role coach --team red "${db[@]}" >/dev/null
if [ "$part" = video ]; then
  rm -f "$artifacts/video.png"
  "$podium" consent grant A1 --purpose video_analysis --note "browser test" "${db[@]}" >/dev/null
else
  rm -f "$artifacts"/{squad,athlete,activity,predictions,models,careers}.png
  node "$here/make_data.mjs" "$work"
  "$podium" consent grant A1 --purpose performance_modelling --note "browser test" "${db[@]}" >/dev/null
  "$podium" activity import "$work"/ride-*.tcx --athlete A1 "${db[@]}" >/dev/null
  "$podium" results import "$work/league.csv" --format generic "${db[@]}" >/dev/null
  "$podium" rank train --year 2019 --model xgboost --train-from 2012 "${db[@]}" >/dev/null
fi

"$podium" serve --port 0 "${db[@]}" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/api/v1/.*|\1|p' "$work/serve.out" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "podium serve printed no port"; cat "$work/serve.err"; exit 1; }

export NODE_PATH=$test_node/node_modules PODIUM_CHROMIUM=$chromium
if [ "$part" = video ]; then
  status=0
  node "$here/video.mjs" "http://127.0.0.1:$port" coach "$password" "$artifacts" "$clip" 3 || status=$?
  # The server's log says why a job failed beyond its one-line message.
  [ "$status" = 0 ] || tail -20 "$work/serve.err"
  exit "$status"
fi
node "$here/dashboard.mjs" "http://127.0.0.1:$port" coach "$password" "$artifacts" "$work/upload.tcx"
