#!/usr/bin/env bash
# One golden case: podium nn run on a shared PNG, then TF.js's own compare.mjs against the golden
# written by TensorFlow.js (shared/tools/tfjs-ref). Exit 77 = skipped (ctest SKIP_RETURN_CODE).
# Tolerance: --atol 1e-4 --rtol 1e-4 for every output; BlazePose's activation_segmentation may
# instead meet 1e-3 absolute (the two TF.js backends differ by 5e-4 there).
set -u
podium=$1 shared=$2 golden_name=$3 out_dir=$4
golden="$shared/data/vision/$golden_name.cpu.json"
compare="$shared/tools/tfjs-ref/compare.mjs"
if [ ! -f "$golden" ] || [ ! -f "$compare" ]; then
  echo "SKIP: shared goldens not found at $shared (set PODIUM_SHARED to ../shared)"; exit 77
fi
if ! command -v node >/dev/null; then echo "SKIP: node is not installed (apt-get install nodejs)"; exit 77; fi
model=${golden_name#*.}
input="$shared/data/vision/${golden_name%%.*}.png"
if ! "$podium" models verify >/dev/null 2>&1; then
  echo "SKIP: models not installed or altered: run \`podium models fetch\`"; exit 77
fi
mkdir -p "$out_dir"
cand="$out_dir/$golden_name.podium.json"
"$podium" nn run --model "$model" --input "$input" --out "$cand" || exit 1
out=$(node "$compare" "$golden" "$cand" --atol 1e-4 --rtol 1e-4); rc=$?
echo "$out"
[ $rc -eq 0 ] && exit 0
case $model in blazepose-lite|blazepose-full|blazepose-heavy) ;; *) exit 1 ;; esac
seg=$(node -e 'const g=JSON.parse(require("fs").readFileSync(process.argv[1]));
  const o=g.outputs.find(o=>o.key==="activation_segmentation"); console.log(o?o.name:"")' "$golden")
failed=$(echo "$out" | awk '/^FAIL/ {sub(":","",$2); print $2}')
[ "$failed" = "$seg" ] || exit 1
out2=$(node "$compare" "$golden" "$cand" --atol 1e-3 --rtol 0)
echo "$out2" | grep -q "^ok   $seg:" || { echo "$out2"; exit 1; }
echo "$seg within the 1e-3 absolute tolerance allowed for segmentation"
