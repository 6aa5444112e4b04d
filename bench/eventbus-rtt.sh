#!/usr/bin/env bash
# Clustered event-bus round trip of one score request (a ~46 KB CBOR record) between two
# Hazelcast nodes on 127.0.0.1 in one JVM, answered at once: the pipeline's per-request cost of
# crossing the cluster, without LLM or JVM start-up in the way.
#   bench/eventbus-rtt.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dhazelcast.phone.home.enabled=false -Dhazelcast.logging.type=none \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.augur.pipeline.EventBusRttBench 2>/dev/null
