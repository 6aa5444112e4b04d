#!/usr/bin/env bash
# The response cache on a rerun (issue 13, item 4): `augur run --demo` with the LLM scorers
# against the test LLM server (the fake OpenAI server on 127.0.0.1, answering after a fixed
# delay; no real LLM is reachable here), with --llm-cache, then the same command with
# --overwrite. Prints each run's wall time and its "LLM:" / "LLM cache:" summary lines.
#   bench/llm-cache-bench.sh [delay_ms=100]
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
delay="${1:-100}"
work="$(mktemp -d /tmp/augur-llm-cache-bench.XXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

. bin/lib/augur-jar.sh
augur_ensure_jar "$PWD" llm-cache-bench
mvn -B -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
java -cp "$cp" dev.augur.pipeline.ClusterBenchTool server "$work/url" "$delay" > "$work/server.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.2; done
url="$(cat "$work/url")"

run() { # label extra-flags...
  local label="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  bin/augur run --demo --llm-base-url "$url" --model bench --llm-cache "$work/cache" \
    --results "$work/res" "$@" > "$work/$label.out" 2> "$work/$label.err"
  t1=$(date +%s.%N)
  printf '%s: %.1f s wall\n' "$label" "$(python3 -c "print($t1 - $t0)")"
  grep -E '^LLM' "$work/$label.out" | sed 's/^/  /'
}
echo "fake server delay: $delay ms per answer; cache: $work/cache"
run first
run rerun --overwrite
echo "cache folder: $(du -sk "$work/cache" | cut -f1) KiB in $(find "$work/cache" -name '*.json' | wc -l) entries"
