#!/usr/bin/env bash
# Record-building benchmark (issue: core records). Generates the synthetic cache of realistic
# shape once (4,000 x 256 tokens, width 16,384 in 4 splits, ~30M activations, heavy-tailed),
# then times `augur records --format summary` with delphi's defaults and reports wall time,
# latents/second and peak RSS (from /usr/bin/time -v).
#   bench/records-bench.sh [runs]      (needs python3 with numpy for the generator)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
out=bench/out
cache="$out/bench-cache"
py="${AUGUR_PYTHON:-python3}"
if [ ! -f "$cache/latents/layers.3.mlp/config.json" ]; then
  rm -rf "$cache"
  "$py" bench/make_delphi_cache.py --out "$cache" --n-seq 4000 --ctx-len 256 --width 16384 \
    --n-splits 4 --sparsity 0.00205 --vocab-size 50000 --neighbours 0 --seed 0
fi
. bin/lib/augur-jar.sh
augur_ensure_jar "$PWD" records-bench # before timing bin/augur, which would build it inside the first run
size=$(du -sb "$cache/latents" | cut -f1)
echo "cache: $cache ($((size / 1000000)) MB on disk)"
for i in $(seq 1 "$runs"); do
  /usr/bin/time -v bin/augur records --cache "$cache" --format summary \
    --example-ctx-len 32 --min-examples 200 --n-non-activating 50 --non-activating random \
    --train-type quantiles --n-train 40 --n-test 50 --n-quantiles 10 \
    > "$out/records-summary.jsonl" 2> "$out/records-time.log"
  wall=$(grep "Elapsed (wall clock)" "$out/records-time.log" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$out/records-time.log" | awk '{print $NF}')
  latents=$(wc -l < "$out/records-summary.jsonl")
  selected=$(grep -o "selected [0-9]*" "$out/records-time.log" | awk '{print $2}')
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  echo "run $i: wall ${secs}s, $(awk -v n="$selected" -v s="$secs" 'BEGIN{printf "%.0f", n/s}') latents/s" \
    "($selected selected, $latents records incl. skipped), peak RSS $((rss / 1024)) MB" \
    "($(awk -v r="$rss" -v s="$size" 'BEGIN{printf "%.2f", r*1024/s}')x the cache)"
  grep "augur records:" "$out/records-time.log"
done
