#!/usr/bin/env bash
# Shared-prefix fraction of a latent's scorer prompts (issue 13, item 7): the characters common
# to the start of all prompts of one latent and scorer over their average length, on the demo
# cache at delphi's defaults, with the prompts the scorers send to the test LLM server.
#   bench/prompt-prefix-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Xmx512m -XX:+UseSerialGC -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.augur.bench.PromptPrefixBench 2> target/prompt-prefix-bench.stderr
