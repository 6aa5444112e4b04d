#!/usr/bin/env bash
# Example-construction benchmark (issue 5): the CPU backend vs the CUDA backend on the same
# generated caches - the one of bench/records-bench.sh (4,000 x 256 tokens, width 16,384 in 4
# splits, ~30M activations) and one 10x larger (40,000 x 256 tokens, ~300M activations). Each
# split's live latents go to a backend as one batch; delphi's defaults (example_ctx_len 32,
# min_examples 200, 50 random non-activating). Reports latents/s end to end (CUDA: packing,
# transfers, kernels and host assembly included) and, for CUDA, transfer and kernel time apart.
# Without a usable GPU the CUDA rows are left out (the table says why).
#   bench/construct-bench.sh [runs=3] [cpu|cuda|both=both] [1x|10x|1x,10x=1x,10x] [prepare]
# With "prepare" it only generates the caches (the sizes in parallel) and exits.
# Needs python3 with numpy to generate the caches (once, into bench/out/). Uses Maven for the
# classpath unless AUGUR_BENCH_CP is set (bench/gpu-check.sh sets it on machines without Maven).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
runs="${1:-3}"
which="${2:-both}"
sizes="${3:-1x,10x}"
out=bench/out
py="${AUGUR_PYTHON:-python3}"
java="${JAVA:-java}"
mkdir -p "$out"

make_cache() { # dir n_seq
  if [ ! -f "$1/latents/layers.3.mlp/config.json" ]; then
    rm -rf "$1"
    "$py" bench/make_delphi_cache.py --out "$1" --n-seq "$2" --ctx-len 256 --width 16384 \
      --n-splits 4 --sparsity 0.00205 --vocab-size 50000 --neighbours 0 --seed 0 >&2
  fi
}
caches=()
pids=()
case ",$sizes," in *,1x,*) make_cache "$out/bench-cache" 4000 & pids+=($!); caches+=("$out/bench-cache/latents");; esac
case ",$sizes," in *,10x,*) make_cache "$out/bench-cache-10x" 40000 & pids+=($!); caches+=("$out/bench-cache-10x/latents");; esac
for p in "${pids[@]}"; do wait "$p"; done
[ "${4:-}" = prepare ] && exit 0

if [ -n "${AUGUR_BENCH_CP:-}" ]; then
  cp="$AUGUR_BENCH_CP"
else
  mvn -B -q -o -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >/dev/null
  cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
fi
"$java" -Xmx"${AUGUR_BENCH_XMX:-12g}" -XX:+UseParallelGC -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -cp "$cp" dev.augur.bench.ConstructBench "$runs" "$which" "${caches[@]}"
