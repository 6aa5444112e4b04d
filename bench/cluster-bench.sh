#!/usr/bin/env bash
# Cluster scaling (issue: actor pipeline): throughput of the verticle pipeline with 1, 2 and 3
# nodes, each a separate JVM started with bin/vertx on 127.0.0.1 (Hazelcast TCP-IP on loopback),
# against the test LLM server (a fake OpenAI server on 127.0.0.1 answering after a fixed delay;
# the one stand-in allowed, since no real LLM is reachable here). Node 1 runs every stage;
# nodes 2..N run only explain and score. Each node allows C prompts in flight, so ideal
# throughput grows with N. Also: event-bus overhead per latent, strictly sequential (one
# latent, one prompt at a time), in-process vs with explain and score on another node.
#   bench/cluster-bench.sh [delay_ms=50] [concurrency=8] [latents=640]
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
delay="${1:-50}"
conc="${2:-8}"
latents="${3:-640}"
work="$(mktemp -d /tmp/augur-cluster-bench.XXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

. bin/lib/augur-jar.sh
augur_ensure_jar "$PWD" cluster-bench # the nodes (bin/vertx) start together: build once, first
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
tool() { java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$cp" dev.augur.pipeline.ClusterBenchTool "$@"; }
tool cache "$work" "$latents" >/dev/null
tool server "$work/url" "$delay" > "$work/server.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.2; done
url="$(cat "$work/url")"
tok="$PWD/src/test/resources/tokenizers/byte-bpe.json"

records='"min-examples": 5, "example-ctx-len": 8, "n-train": 10, "n-test": 10, "n-non-activating": 10, "n-quantiles": 2'
run_conf() { # name roles in_flight concurrency delay_url
  cat <<JSON
{"node": {"roles": [$2], "exitWhenDone": true},
 "cache": "$work/latents", "tokenizer": "$tok", "results": "$work/res", "name": "$1",
 "llm-base-url": "$url", "model": "bench", "llm-concurrency": $4,
 $records, "explainer": "default", "scorers": "detection", "max-latents-in-flight": $3}
JSON
}
scorer_conf() {
  echo "{\"node\": {\"roles\": [\"explain\", \"score\"]}, \"llm-base-url\": \"$url\", \"model\": \"bench\", \"llm-concurrency\": $1}"
}
start_scorers() { # count concurrency
  for i in $(seq "$1"); do
    scorer_conf "$2" > "$work/scorer$i.json"
    bin/vertx run dev.augur.pipeline.NodeVerticle -conf "$work/scorer$i.json" -cluster > "$work/scorer$i.log" 2>&1 & pids+=($!)
  done
  for i in $(seq "$1"); do
    for _ in $(seq 300); do grep -q "node ready" "$work/scorer$i.log" && break; sleep 0.2; done
  done
}
stop_scorers() { for p in "${pids[@]:1}"; do kill "$p" 2>/dev/null || true; done; pids=("${pids[0]}"); sleep 2; }
seconds() { sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$1" | tail -1; }

echo "| nodes | latents | prompts | seconds | latents/s | prompts/s | efficiency |" > "$work/table.md"
echo "|---|---|---|---|---|---|---|" >> "$work/table.md"
base=""
for n in 1 2 3; do
  start_scorers $((n - 1)) "$conc"
  run_conf "n$n" '"all"' $((4 * conc * n)) "$conc" > "$work/full$n.json"
  bin/vertx run dev.augur.pipeline.NodeVerticle -conf "$work/full$n.json" -cluster > "$work/full$n.log" 2>&1
  stop_scorers
  s="$(seconds "$work/full$n.log")"
  scored="$(grep -o '[0-9]* scored' "$work/full$n.log" | tail -1 | cut -d' ' -f1)"
  prompts=$((scored * 5))
  rate="$(python3 -c "print(f'{$scored/$s:.1f}')")"
  [ -n "$base" ] || base="$rate"
  eff="$(python3 -c "print(f'{100*$rate/($n*$base):.0f}%')")"
  echo "| $n | $scored | $prompts | $s | $rate | $(python3 -c "print(f'{$prompts/$s:.0f}')") | $eff |" >> "$work/table.md"
done

# Event-bus overhead: one latent and one prompt at a time, 1 ms LLM delay is not needed: the
# fake server's delay is the same in both, so the difference is the pipeline's.
small=100
run_conf seq-local '"all"' 1 1 > "$work/seq-local.json"
python3 - "$work" "$small" <<'PY'
import json, sys
w, n = sys.argv[1], int(sys.argv[2])
for name in ("seq-local",):
    c = json.load(open(f"{w}/{name}.json")); c["latents"] = f"0:{n}"; json.dump(c, open(f"{w}/{name}.json", "w"))
c = json.load(open(f"{w}/seq-local.json")); c["name"] = "seq-remote"
c["node"]["roles"] = ["coordinator", "dataset", "construct", "sample", "write"]
json.dump(c, open(f"{w}/seq-remote.json", "w"))
PY
bin/vertx run dev.augur.pipeline.NodeVerticle -conf "$work/seq-local.json" > "$work/seq-local.log" 2>&1
start_scorers 1 1
bin/vertx run dev.augur.pipeline.NodeVerticle -conf "$work/seq-remote.json" -cluster > "$work/seq-remote.log" 2>&1
stop_scorers
local_ms="$(python3 -c "print(f'{1000*$(seconds "$work/seq-local.log")/$small:.1f}')")"
remote_ms="$(python3 -c "print(f'{1000*$(seconds "$work/seq-remote.log")/$small:.1f}')")"
{
  echo
  echo "Sequential ($small latents, 1 in flight, 1 prompt at a time, 5 prompts of ${delay} ms each per latent):"
  echo "one node, no cluster: $local_ms ms/latent; explain and score on a second node: $remote_ms ms/latent;"
  echo "clustered event-bus overhead: $(python3 -c "print(f'{$remote_ms-$local_ms:.1f}')") ms per latent (2 round trips: explain, score)."
} >> "$work/table.md"
mkdir -p bench/results
{ echo "bench/cluster-bench.sh $delay $conc $latents ($(date -u +%F), $(nproc) cores, all JVMs on this machine)"; echo; cat "$work/table.md"; } | tee bench/results/cluster-bench.md
