#!/usr/bin/env bash
# Chaos bench: the chaos scenarios of the integration tests (src/test/java/dev/augur/chaos) at
# bench size. Each scenario runs a cluster of real node processes (bin/vertx run
# dev.augur.pipeline.NodeVerticle -conf <shipped conf> -cluster, Hazelcast on 127.0.0.1 under a
# cluster name of its own) against the test LLM server (a fake OpenAI server on 127.0.0.1, the
# one stand-in allowed), injects its fault mid-run, and is compared with the same cluster
# without the fault. Per scenario it reports:
#   - the time from the fault to the first "left the cluster" line in a node's log (the product
#     logs it with the number of requests it re-sent; read defensively),
#   - the time from the fault to the run's completion, and the run's time against the fault-free run,
#   - prompts paid twice: requests the test LLM server received minus the fault-free run's.
# Scenarios: SCORER_KILL, MASTER_KILL, COORDINATOR_KILL, LLM_OUTAGE, SCORER_TERM (comma-separated).
# Node settings are the shipped configs' (only cache, tokenizer, results, LLM URL, metrics port
# are set); latents are cut into splits of LATENTS_PER_SPLIT (a work unit never spans a split).
#   bench/chaos-bench.sh [latents=300] [scenarios=all] [delay_ms=150] [latents_per_split=32]
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
latents="${1:-300}"
scenarios="${2:-SCORER_KILL,MASTER_KILL,COORDINATOR_KILL,LLM_OUTAGE,SCORER_TERM}"
delay="${3:-150}"
per_split="${4:-32}"
work="$(mktemp -d /tmp/augur-chaos-bench.XXXX)"

# The nodes run target/augur.jar: rebuild it when a main source or resource is newer.
. bin/lib/augur-jar.sh
augur_ensure_jar "$PWD" chaos-bench
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Xmx1g -cp "$cp" dev.augur.chaos.ChaosBench \
  "$work" "$latents" "$per_split" "$delay" "$scenarios"
mkdir -p bench/results
{ echo "bench/chaos-bench.sh $latents $scenarios $delay $per_split ($(date -u +%F), $(nproc) cores, every JVM on this machine; logs in $work)"; echo; cat "$work/table.md"; } \
  > bench/results/chaos-bench.md
echo "table: bench/results/chaos-bench.md; node logs and run folders: $work"
