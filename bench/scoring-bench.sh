#!/usr/bin/env bash
# Scoring throughput (issue: explain and score): `augur run` with the detection scorer against
# the test LLM server (a fake OpenAI server on 127.0.0.1 answering after a fixed delay), for
# LLM concurrency 1, 8 and 64, plus the heap over a 10k-latent run.
#   bench/scoring-bench.sh [delay_ms] [latents]
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
delay="${1:-50}"
latents="${2:-10000}"
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Xmx512m -XX:+UseSerialGC -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.augur.bench.ScoringBench "$delay" "$latents" 1 8 64 2> target/scoring-bench.stderr
