package dev.augur.bench;

import dev.augur.cli.Augur;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.TestCache;
import dev.augur.testing.TestTokenizer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scoring throughput against the test LLM server (a fake OpenAI server on 127.0.0.1 that
 * answers after a fixed delay): detection prompts per second through the whole {@code augur
 * run} path for several LLM concurrencies, compared with the ideal concurrency / delay, and the
 * heap over a long run. Run with bench/scoring-bench.sh.
 *   args: delayMs latents concurrency [concurrency...]
 */
public final class ScoringBench {
    private ScoringBench() {
    }

    public static void main(String[] args) throws Exception {
        long delay = Long.parseLong(args[0]);
        int latents = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("augur-bench");
        Path cache = writeCache(dir, latents);
        Vertx vertx = Vertx.vertx();
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx, ScoringBench::answer, delay).await().forgetBodies();
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "%d latents, detection, 5 examples per prompt, server delay %d ms%n",
            latents, delay);
        // warm-up (not reported): the JIT compiles the hot paths before anything is timed
        runOnce(cache, dir, server, 8, Math.min(latents, 200), true);
        out.println("| LLM concurrency | latents | prompts | wall s | prompts/s | ideal/s | efficiency | live heap MB at 10% / 50% / 90% |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (int i = 2; i < args.length; i++) {
            int c = Integer.parseInt(args[i]);
            // ~20 s per row; the last (largest) concurrency runs every latent
            int n = i == args.length - 1 ? latents
                : Math.min(latents, Math.max(100, (int) (c * 1000L / delay * 20 / 4)));
            int before = server.requestCount();
            HeapSampler heap = new HeapSampler(server, before, n * 4L);
            long t0 = System.nanoTime();
            int rc = runOnce(cache, dir, server, c, n, false);
            double wall = (System.nanoTime() - t0) / 1e9;
            heap.stop();
            List<Long> arrivals = new ArrayList<>(server.arrivalNanos().subList(before, server.arrivalNanos().size()));
            int prompts = arrivals.size();
            // steady rate: prompts over the span from the first arrival to the last answer
            double span = (arrivals.get(prompts - 1) - arrivals.get(0)) / 1e9 + delay / 1000.0;
            double rate = prompts / span;
            double ideal = c * 1000.0 / delay;
            out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %.0f | %.1f%% | %s |%n",
                c, n, prompts, wall, rate, ideal, 100 * rate / ideal, heap.live());
            if (rc != 0) {
                throw new IllegalStateException("augur run failed: " + rc);
            }
        }
        server.close().await();
        vertx.close().await();
    }

    private static int runOnce(Path cache, Path dir, FakeOpenAiServer server, int c, int n,
                               boolean warmUp) {
        PrintStream stdout = System.out;
        try {
            // the run's own report table is not part of the benchmark's output
            System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
            return Augur.run("run", "--cache", cache.toString(), "--latents", "0:" + n,
                "--tokenizer", tokenizer(dir).toString(), "--results", dir.resolve("results").toString(),
                "--name", (warmUp ? "warmup" : "c") + c, "--llm-base-url", server.baseUrl(),
                "--model", "bench", "--example-ctx-len", "16", "--min-examples", "10",
                "--n-train", "5", "--n-test", "10", "--n-quantiles", "5", "--n-non-activating", "10",
                "--explainer", "none", "--explanations", dir.resolve("explanations").toString(),
                "--scorers", "detection", "--llm-concurrency", String.valueOf(c),
                "--max-latents-in-flight", String.valueOf(Math.max(10, c)));
        } finally {
            System.setOut(stdout);
        }
    }

    static FakeOpenAiServer.Reply answer(JsonObject request) {
        JsonArray msgs = request.getJsonArray("messages");
        String user = msgs.getJsonObject(msgs.size() - 1).getString("content");
        int examples = (int) user.lines().filter(l -> l.startsWith("Example ")).count();
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < examples; i++) {
            s.append(i == 0 ? "" : ",").append(i % 2);
        }
        return FakeOpenAiServer.Reply.text(s.append(']').toString());
    }

    private static Path tokenizer(Path dir) {
        return TestTokenizer.BYTE_BPE;
    }

    private static Path writeCache(Path dir, int latents) throws Exception {
        TestCache c = TestCache.withPatternTokens(512, 64, 12);
        java.util.Random r = new java.util.Random(1);
        for (int l = 0; l < latents; l++) {
            java.util.Set<Integer> used = new java.util.HashSet<>();
            while (used.size() < 30) {
                int flat = r.nextInt(512 * 64);
                if (used.add(flat)) {
                    c.add(flat / 64, flat % 64, l, 0.5f + r.nextFloat());
                }
            }
            Path ex = dir.resolve("explanations");
            Files.createDirectories(ex);
            Files.writeString(ex.resolve("layers.0_latent" + l + ".txt"), "\"the letter e\"");
        }
        Path cache = dir.resolve("latents");
        c.write(cache, "layers.0", new int[][] {{0, latents - 1}});
        return cache;
    }

    /**
     * The live heap (used after a full collection) when 10%, 50% and 90% of the run's prompts
     * have arrived: flat numbers mean memory does not grow with the number of latents.
     */
    private static final class HeapSampler {
        private final MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        private final List<String> live = java.util.Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        HeapSampler(FakeOpenAiServer server, int before, long expected) {
            double[] marks = {0.1, 0.5, 0.9};
            int[] next = {0};
            timer.scheduleAtFixedRate(() -> {
                if (next[0] < marks.length
                    && server.requestCount() - before >= marks[next[0]] * expected) {
                    System.gc();
                    live.add(String.format(Locale.ROOT, "%.0f", mem.getHeapMemoryUsage().getUsed() / 1e6));
                    next[0]++;
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
        }

        void stop() {
            timer.shutdownNow();
        }

        String live() {
            return String.join(" / ", live);
        }
    }
}
