#!/usr/bin/env bash
# `podium serve` under load, on loopback only: wrk (2 threads, 8 connections, DURATION seconds)
# against the cached JSON endpoint GET /api/v1/models with a bearer token, then the same while a
# CPU-heavy request runs in a loop beside it (re-analysing a 4-hour ride: GET
# /api/v1/activities/ID, about a core's worth of work per call), and the heavy request's own
# latency; then the same while a video analysis job runs (OpenCV's vtest.avi from Debian
# opencv-doc, or $PODIUM_BENCH_CLIP, whole, every person: athletes=all), the job checked to be
# 'running' before and after wrk. Prints one table: requests/s, p50, p99, errors (non-2xx/3xx
# and socket errors).
#   bash bench/server.sh [DURATION]        # default 10 s per run
# Bounded: each wrk run stops after DURATION seconds, the heavy loop with it, the server (and
# the video job in it) at exit. Without the clip or the models the video row is left out, saying why.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
clip=${PODIUM_BENCH_CLIP:-/usr/share/doc/opencv-doc/examples/data/vtest.avi}
build_dir=${PODIUM_BUILD_DIR:-build}
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 3; }
command -v curl >/dev/null || { echo "bench: needs curl" >&2; exit 3; }
cmake --build "$build_dir" --target podium -j"$(nproc)" >/dev/null
podium=$build_dir/podium
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
db=$tmp/podium.db
export PODIUM_PASSWORD="bench password 1"
"$podium" athlete add R1 --ftp 280 --db "$db" >/dev/null
"$podium" user add bench --role admin --db "$db" >/dev/null
"$podium" consent grant R1 --purpose performance_modelling --db "$db" >/dev/null
"$podium" consent grant R1 --purpose video_analysis --db "$db" >/dev/null

# A 4-hour TCX ride (1 Hz power, heart rate, cadence, distance), the heavy request's subject.
python3 - "$tmp/long.tcx" <<'PY'
import sys, datetime
start = datetime.datetime(2024, 1, 1, 7, 0, 0)
n = 4 * 3600
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase '
            'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
            'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>'
            '<Activity Sport="Biking"><Id>%sZ</Id><Lap StartTime="%sZ"><TotalTimeSeconds>%d'
            '</TotalTimeSeconds><Track>' % (start.isoformat(), start.isoformat(), n))
    for s in range(n):
        t = (start + datetime.timedelta(seconds=s)).isoformat()
        f.write('<Trackpoint><Time>%sZ</Time><DistanceMeters>%d.0</DistanceMeters><HeartRateBpm>'
                '<Value>%d</Value></HeartRateBpm><Cadence>90</Cadence><Extensions><ns3:TPX>'
                '<ns3:Watts>%d</ns3:Watts></ns3:TPX></Extensions></Trackpoint>'
                % (t, s * 8, 120 + s % 40, 150 + (s * 7) % 250))
    f.write('</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n')
PY
"$podium" activity import "$tmp/long.tcx" --athlete R1 --db "$db" >/dev/null

port=18080
"$podium" serve --db "$db" --data-dir "$tmp/data" --port "$port" --threads 16 \
  >"$tmp/serve.log" 2>&1 &
server_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 50); do
  curl -s -o /dev/null "$base/api/v1/openapi.json" && break
  sleep 0.1
done
token=$(curl -s -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"password\":\"$PODIUM_PASSWORD\"}" "$base/api/v1/session" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
auth="Authorization: Bearer $token"

# wrk's summary as one table row: requests/s, p50, p99, errors.
cat >"$tmp/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.timeout + summary.errors.status
  io.write(string.format("ROW %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors,
                         summary.requests))
end
LUA
run_wrk() {
  wrk -t2 -c8 -d"${duration}s" --latency -H "$auth" -s "$tmp/report.lua" "$base$1" | grep '^ROW'
}

printf '%-58s %10s %9s %9s %7s\n' "run (wrk -t2 -c8, ${duration} s, loopback)" "req/s" "p50 ms" \
  "p99 ms" "errors"
row() {
  read -r _ rps p50 p99 errors requests <<<"$2"
  printf '%-58s %10s %9s %9s %7s\n' "$1" "$rps" "$p50" "$p99" "$errors"
}
row "GET /api/v1/models (cached JSON, ETag)" "$(run_wrk /api/v1/models)"

# The heavy request in a loop for the whole run, its latencies kept.
heavy() {
  local end=$((SECONDS + duration))
  while [ $SECONDS -lt $end ]; do
    curl -s -o /dev/null -w '%{time_total}\n' -H "$auth" "$base/api/v1/activities/1"
  done >"$tmp/heavy.txt"
}
heavy &
heavy_pid=$!
row "GET /api/v1/models while GET /activities/1 (4 h ride) loops" "$(run_wrk /api/v1/models)"
wait "$heavy_pid"
python3 - "$tmp/heavy.txt" <<'PY'
import sys
t = sorted(float(x) * 1000 for x in open(sys.argv[1]) if x.strip())
if t:
    print("%-58s %10s %9.1f %9.1f %7s" % ("  the heavy request itself (%d calls)" % len(t), "-",
          t[len(t) // 2], t[min(len(t) - 1, int(len(t) * 0.99))], "-"))
PY

# A video job beside the API: the whole clip, every person, so that it outlasts the wrk run.
if [ ! -f "$clip" ]; then
  echo "  (no video row: $clip is absent; apt-get install opencv-doc or set PODIUM_BENCH_CLIP)"
  exit 0
fi
if ! "$podium" models verify >/dev/null 2>&1; then
  echo "  (no video row: the models are not installed; podium models fetch)"
  exit 0
fi
job_field() {  # job_field JOB_ID FIELD
  curl -s -H "$auth" "$base/api/v1/jobs/$1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"
}
answer=$(curl -s -H "$auth" -H 'Content-Type: application/octet-stream' --data-binary @"$clip" \
  "$base/api/v1/athletes/R1/videos?name=$(basename "$clip")&athletes=all")
job=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("job", ""))' "$answer")
if [ -z "$job" ]; then
  echo "  (no video row: the upload answered $answer)"
  exit 0
fi
state=""
for _ in $(seq 600); do
  state=$(job_field "$job" state)
  [ "$state" = queued ] || break
  sleep 0.1
done
if [ "$state" != running ]; then
  echo "  (no video row: the video job is '$state', not running: $(job_field "$job" message))"
  exit 0
fi
progress_before=$(job_field "$job" progress)
result=$(run_wrk /api/v1/models)
state_after=$(job_field "$job" state)
progress_after=$(job_field "$job" progress)
label="GET /api/v1/models while a video job runs"
[ "$state_after" = running ] || label="$label (job ended: $state_after)"
row "$label" "$result"
python3 - "$(basename "$clip")" "$progress_before" "$progress_after" "$state_after" <<'PY'
import sys
print("  the video job (%s, athletes=all): progress %.3f -> %.3f during the run, then %s"
      % (sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]))
PY
