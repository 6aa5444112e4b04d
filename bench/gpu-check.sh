#!/usr/bin/env bash
# GPU check of the CUDA example-construction backend, for a lent GPU machine. Measured on an
# H200 machine (16 cores), 2026-11-27: numpy generates the 10x cache in 192 s, and the tests run
# meanwhile; that run was cut at 340 s during its last step, the 10x CUDA-vs-CPU output
# comparison, since made cheaper (record equality of views); the current script's total on a
# GPU is unmeasured, 5-6 min expected. GPU_CHECK_SIZES=1x skips the 10x cache (about a minute):
#   1. nvidia-smi and the Java version            -> RESULTS/environment.txt
#   2. CUDA-vs-CPU equivalence tests on the real device (CudaEquivalenceTest, tagged "cuda"),
#      with the other CUDA-backend tests          -> RESULTS/tests.txt, RESULTS/reports/*.xml
#   3. bench/construct-bench.sh: CPU vs CUDA on the 1x and 10x caches -> RESULTS/bench.md
#   4. bench/similarity-bench.sh: similarity neighbours, CPU vs CUDA, 65,536 x 2,048 generated
#      weights (numpy, ~1 GiB, written while the tests run) -> RESULTS/similarity-bench.md
#      (SIMILARITY_SIZE="width d", default "65536 2048"; GPU_CHECK_BENCHES=similarity skips 3,
#      =construct skips 4; both may pass a 10-minute command limit). The similarity tests (CudaSimilarityEquivalenceTest, tagged "cuda",
#      and the host-emulation, PTX tests) run with the others in step 2.
# RESULTS is the first argument, else $OUT, else bench/out/gpu-check. Exit status 1 when a test
# fails (the bench still runs).
#
# The GPU machine reaches no network, and its image has Python/numpy but not necessarily Java
# or Maven. So the classes and jars come one of two ways:
#   a) Maven with a populated ~/.m2 (mvn -o): used when `mvn -o test-compile` works there;
#   b) otherwise a bundle made beforehand, on a machine with Maven, by
#        bench/gpu-check.sh --bundle      -> bench/out/gpu-bundle/ (about 50 MiB)
#      holding the compiled main and test classes, the jars the CUDA tests and the bench load
#      (JUnit, Jackson, picocli, JCuda with its driver binding alone; Vert.x, ONNX, tokenizers
#      are left out) and a jlinked Java 17 runtime; carry bench/out/gpu-bundle to the machine.
# (b) is what a lent machine needs in practice; both set -Dai.djl.offline=true and
# OPT_OUT_TRACKING=true as every Augur JVM must.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
bundle=bench/out/gpu-bundle
tests="dev.augur.construct.cuda.CudaEquivalenceTest dev.augur.construct.cuda.CudaHostEmulationTest
 dev.augur.construct.cuda.CudaFallbackTest dev.augur.construct.cuda.ShippedPtxTest
 dev.augur.construct.cuda.RealDriverSelectionTest
 dev.augur.construct.cuda.SubBatchPlannerTest
 dev.augur.neighbours.CudaSimilarityEquivalenceTest dev.augur.neighbours.CudaSimilarityHostEmulationTest
 dev.augur.neighbours.ShippedSimilarityPtxTest"

if [ "${1:-}" = "--bundle" ]; then
  rm -rf "$bundle" && mkdir -p "$bundle/lib"
  mvn -B -q -o -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/gpu.classpath >/dev/null
  cp -r target/classes "$bundle/classes"
  cp -r target/test-classes "$bundle/test-classes"
  # large resources (demo caches, models) are never read by these tests: keep under the carry limit
  find "$bundle/classes" "$bundle/test-classes" -type f ! -name '*.class' ! -name '*.ptx' -size +64k -delete
  tr ':' '\n' < target/gpu.classpath | while read -r jar; do
    case "$(basename "$jar")" in
      junit-*|opentest4j-*|apiguardian-*|jackson-*|picocli-*|jcuda-1*) cp "$jar" "$bundle/lib/";;
      *jcuda-natives*) # the driver binding only: the other native libraries are never loaded
        tmp=$(mktemp -d); (cd "$tmp" && unzip -q "$jar" 'lib/libJCudaDriver-*' && zip -q -r natives.jar lib)
        cp "$tmp/natives.jar" "$bundle/lib/jcuda-natives-driver.jar"; rm -rf "$tmp";;
      *) ;; # Vert.x, ONNX, tokenizers, embeddings: not loaded by the CUDA tests and the bench
    esac
  done
  jlink --add-modules java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$bundle/jre"
  echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1)); carry it to the GPU machine"
  exit 0
fi

results="${1:-${OUT:-bench/out/gpu-check}}"
mkdir -p "$results/reports"
t0=$(date +%s)
{ nvidia-smi || echo "nvidia-smi: not available"; } > "$results/environment.txt" 2>&1

if [ -d "$bundle/classes" ]; then
  java="$bundle/jre/bin/java"; [ -x "$java" ] || java=java # the bundle's own Java 17
  cp="$bundle/classes:$bundle/test-classes:$(ls "$bundle"/lib/*.jar | tr '\n' ':')"
  how="prebuilt bundle $bundle"
elif mvn -B -q -o -DskipTests test-compile dependency:build-classpath \
       -Dmdep.outputFile=target/gpu.classpath >/dev/null 2>&1; then
  java=java
  cp="target/classes:target/test-classes:$(cat target/gpu.classpath)"
  how="mvn -o (local Maven repository)"
else
  echo "gpu-check: no Maven repository here and no $bundle: run bench/gpu-check.sh --bundle" \
    "on a machine with Maven and carry $bundle" | tee -a "$results/environment.txt" >&2
  exit 2
fi
{ echo "classes from: $how"; "$java" -version 2>&1; } >> "$results/environment.txt"
jvm=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true)

set +e
# the caches are generated (numpy, one core each; the 10x one takes ~3 min) while the tests run
sizes="${GPU_CHECK_SIZES:-1x,10x}"
benches="${GPU_CHECK_BENCHES:-construct,similarity}"
read -r sim_width sim_d <<< "${SIMILARITY_SIZE:-65536 2048}"
sim_dir="bench/out/sae-${sim_width}x${sim_d}"
prepare=""
case ",$benches," in *,construct,*)
  bench/construct-bench.sh 1 both "$sizes" prepare 2> "$results/bench.log" & prepare="$prepare $!";; esac
case ",$benches," in *,similarity,*) [ -f "$sim_dir/layers.6/sae.safetensors" ] || {
  "${AUGUR_PYTHON:-python3}" bench/make_sae_weights.py --out "$sim_dir" --width "$sim_width" \
    --d "$sim_d" --seed 0 2>> "$results/similarity-bench.log" >&2 & prepare="$prepare $!"; };; esac
# shellcheck disable=SC2086
timeout 120 "$java" -Xmx4g "${jvm[@]}" -cp "$cp" dev.augur.bench.TestLauncher "$results/reports" \
  $tests > "$results/tests.txt" 2>&1
tests_rc=$?
tail -3 "$results/tests.txt"
# shellcheck disable=SC2086
[ -z "$prepare" ] || wait $prepare
bench_rc=0
case ",$benches," in *,construct,*)
  AUGUR_BENCH_CP="$cp" JAVA="$java" AUGUR_BENCH_XMX="${AUGUR_BENCH_XMX:-48g}" \
    timeout 420 bench/construct-bench.sh "${BENCH_RUNS:-1}" both "$sizes" \
    > "$results/bench.md" 2>> "$results/bench.log"
  bench_rc=$?
  cat "$results/bench.md";; esac
case ",$benches," in *,similarity,*)
  # CPU path on all cores, then CUDA on the same weights; tables compared (exit 1 if they differ)
  AUGUR_BENCH_CP="$cp" JAVA="$java" AUGUR_BENCH_XMX=8g timeout 300 bench/similarity-bench.sh both \
    "$sim_width" "$sim_d" 10 > "$results/similarity-bench.md" 2>> "$results/similarity-bench.log"
  sim_rc=$?
  [ "$bench_rc" -ne 0 ] || bench_rc=$sim_rc
  cat "$results/similarity-bench.md";; esac
set -e
echo "tests exit $tests_rc, bench exit $bench_rc, $(( $(date +%s) - t0 )) s; results in $results" \
  | tee -a "$results/environment.txt"
[ "$tests_rc" -eq 0 ] && [ "$bench_rc" -eq 0 ]
