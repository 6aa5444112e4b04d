#!/usr/bin/env bash
# Similarity-neighbour benchmark (issue 15): decoder-similarity top-k of generated SAE weights,
# CPU path and/or CUDA path on the same machine, tables compared for equality. The weights are
# a sparsify-layout SAE (encoder.weight and W_dec, F32, 512 MiB each at 65,536 x 2,048) written
# by bench/make_sae_weights.py (numpy) into bench/out/sae-<width>x<d>/layers.6 once.
#   bench/similarity-bench.sh [cpu|cuda|both=both] [width=65536] [d=2048] [k=10]
# Prints a markdown table: read + normalise, CPU top-k, CUDA top-k (device open, PTX JIT, upload,
# kernels and download included; "not run" with the reason where no GPU is usable).
# Uses Maven for the classpath unless AUGUR_BENCH_CP is set (bench/gpu-check.sh sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
which="${1:-both}"
width="${2:-65536}"
d="${3:-2048}"
k="${4:-10}"
py="${AUGUR_PYTHON:-python3}"
java="${JAVA:-java}"
sae="bench/out/sae-${width}x${d}"
if [ ! -f "$sae/layers.6/sae.safetensors" ]; then
  mkdir -p bench/out
  "$py" bench/make_sae_weights.py --out "$sae" --width "$width" --d "$d" --seed 0 >&2
fi
if [ -n "${AUGUR_BENCH_CP:-}" ]; then
  cp="$AUGUR_BENCH_CP"
else
  mvn -B -q -o -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >/dev/null
  cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
fi
# the unit rows (width x d floats) are held once on the heap, plus the reader's copy while read
"$java" -Xmx"${AUGUR_BENCH_XMX:-6g}" -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -cp "$cp" dev.augur.bench.SimilarityBench "$sae" layers.6 "$k" "$which"
