#!/usr/bin/env bash
# Co-occurrence neighbours benchmark (issue 15): `augur neighbours --method co-occurrence` on
#  1. the cache of bench/records-bench.sh (4,000 x 256 tokens, width 16,384 in 4 splits, ~30M
#     activations), generated here once with the same command if missing;
#  2. a wide cache: width 131,072 in 8 splits, 2,000 x 256 tokens, mean L0 ~64 (~33M
#     activations), 16 dense latents as in (1) (the generator's default, width/1000, would give 131
#     latents firing at >= 1/4 of all positions).
# Reports wall time and peak RSS (from /usr/bin/time -v) per run. delphi's dense method holds a
# width x width int64 matrix: 2.1 GB at 16,384 and 137 GB at 131,072, before anything else.
#   bench/cooccurrence-bench.sh [runs]      (needs python3 with numpy for the generator)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1}"
out=bench/out
py="${AUGUR_PYTHON:-python3}"
narrow="$out/bench-cache"
wide="$out/bench-cache-wide"
if [ ! -f "$narrow/latents/layers.3.mlp/config.json" ]; then # as bench/records-bench.sh makes it
  rm -rf "$narrow"
  "$py" bench/make_delphi_cache.py --out "$narrow" --n-seq 4000 --ctx-len 256 --width 16384 \
    --n-splits 4 --sparsity 0.00205 --vocab-size 50000 --neighbours 0 --seed 0
fi
if [ ! -f "$wide/latents/layers.3.mlp/config.json" ]; then
  rm -rf "$wide"
  "$py" bench/make_delphi_cache.py --out "$wide" --n-seq 2000 --ctx-len 256 --width 131072 \
    --n-splits 8 --sparsity 0.000488 --n-dense 16 --vocab-size 50000 --neighbours 0 --seed 1
fi
. bin/lib/augur-jar.sh
augur_ensure_jar "$PWD" cooccurrence-bench
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs"
for cache in "$narrow" "$wide"; do
  size=$(du -sb "$cache/latents" | cut -f1)
  echo "cache: $cache ($((size / 1000000)) MB on disk)"
  for i in $(seq 1 "$runs"); do
    /usr/bin/time -v bin/augur neighbours --cache "$cache" --module layers.3.mlp \
      --method co-occurrence --k 10 --out "$out/neighbours-$(basename "$cache").json" \
      2> "$out/cooccurrence-time.log"
    wall=$(grep "Elapsed (wall clock)" "$out/cooccurrence-time.log" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$out/cooccurrence-time.log" | awk '{print $NF}')
    secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    echo "run $i: wall ${secs}s, peak RSS $((rss / 1024)) MB" \
      "($(awk -v r="$rss" -v s="$size" 'BEGIN{printf "%.2f", r*1024/s}')x the cache)," \
      "load average after $(cut -d' ' -f1 /proc/loadavg)"
    grep "augur neighbours:" "$out/cooccurrence-time.log"
  done
done
