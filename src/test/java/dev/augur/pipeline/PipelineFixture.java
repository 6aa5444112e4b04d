package dev.augur.pipeline;

import dev.augur.testing.ScoringRunFixture;
import com.hazelcast.config.ClasspathXmlConfig;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.TestCache;
import dev.augur.testing.TestTokenizer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Nodes, caches and configs for the pipeline tests. Clustered nodes are real Hazelcast members
 * on 127.0.0.1 only (the shipped cluster.xml: TCP-IP join, multicast off, no phone-home); the
 * LLM is the test LLM server (the fake OpenAI server), the one stand-in these tests allow.
 */
final class PipelineFixture {
    static final Path TOKENIZER = TestTokenizer.BYTE_BPE;
    static final int[] VOCAB = {0, 1, 2, 3, 4, 5, 6, 7, 11};

    static {
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("hazelcast.logging.type", "none");
    }

    private PipelineFixture() {
    }

    /** Closes the nodes a test started (each leaves its cluster). */
    static void closeAll(java.util.List<Vertx> nodes) throws Exception {
        for (Vertx v : nodes) {
            v.close().await(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The shipped Hazelcast config (loopback, TCP-IP, no multicast) under a cluster name of this
     * JVM's own: test runs side by side on one machine (two checkouts, a bench) share the
     * loopback member list, and would otherwise join one cluster and answer each other's requests.
     */
    static com.hazelcast.config.Config clusterConfig() {
        return new ClasspathXmlConfig("cluster.xml").setClusterName(CLUSTER_NAME);
    }

    private static final String CLUSTER_NAME = "augur-test-" + java.util.UUID.randomUUID();

    /** A clustered node (Hazelcast on loopback) or a plain one. */
    static Vertx node(boolean clustered) throws java.util.concurrent.TimeoutException {
        if (!clustered) {
            return Vertx.vertx();
        }
        HazelcastClusterManager manager = new HazelcastClusterManager(clusterConfig());
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
            .await(90, TimeUnit.SECONDS);
    }

    /**
     * {@code latents} latents over 64 x 32 tokens: latent k fires on a third of the tokens
     * equal to VOCAB[k % 9] (enough examples for min-examples 5), with seeded values.
     */
    static Path cache(Path dir, int latents) throws Exception {
        return cache(dir, latents, 64);
    }

    static Path cache(Path dir, int latents, int nSeq) throws Exception {
        Random r = new Random(11);
        int len = 32;
        long[] tokens = new long[nSeq * len];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = VOCAB[r.nextInt(VOCAB.length)];
        }
        TestCache c = new TestCache(nSeq, len, tokens);
        for (int i = 0; i < tokens.length; i++) {
            for (int k = 0; k < latents; k++) {
                if (tokens[i] == VOCAB[k % VOCAB.length] && r.nextInt(3) == 0) {
                    c.add(i / len, i % len, k, 0.5f + r.nextFloat() * 4);
                }
            }
        }
        Path cache = dir.resolve("latents");
        int half = latents / 2;
        c.write(cache, "layers.2", new int[][] {{0, half - 1}, {half, latents - 1}});
        return cache;
    }

    static Future<FakeOpenAiServer> llm(Vertx vertx, long delayMs) {
        return FakeOpenAiServer.start(vertx, req -> ScoringRunFixture.answer(req).withDelay(delayMs));
    }

    /** A node config as a user writes it for vertx run: augur run's keys plus a node object. */
    static JsonObject config(Path cache, Path results, String baseUrl, JsonObject node) {
        return new JsonObject()
            .put("cache", cache.toString()).put("tokenizer", TOKENIZER.toString())
            .put("results", results.toString()).put("name", "run")
            .put("llm-base-url", baseUrl).put("model", "test-model")
            .put("records", new JsonObject().put("min-examples", 5).put("example-ctx-len", 8)
                .put("n-train", 10).put("n-test", 10).put("n-non-activating", 10).put("n-quantiles", 2))
            .put("scorers", "detection,fuzz").put("explainer", "default")
            .put("max-latents-in-flight", 6)
            .put("node", node);
    }

    static JsonObject roles(String... roles) {
        return new JsonObject().put("roles", new JsonArray(java.util.List.of((Object[]) roles)));
    }

    /** Deploys NodeVerticle as vertx run does and completes when a coordinator finishes the run. */
    static Future<String> runNode(Vertx vertx, JsonObject config) {
        Promise<String> finished = Promise.promise();
        vertx.eventBus().<String>localConsumer(Addresses.FINISHED, m -> finished.tryComplete(m.body()));
        return vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config))
            .compose(id -> finished.future());
    }

    static Future<String> deployNode(Vertx vertx, JsonObject config) {
        return vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config));
    }

    /** Every file under dir (relative path -> content), for comparing run folders. */
    static java.util.Map<String, String> files(Path dir, String sub) throws Exception {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        Path root = dir.resolve(sub);
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }

    /** LLM prompts this node sent, over all its stages. */
    static double prompts(Vertx vertx) {
        return NodeResources.of(vertx).metrics().registry().find("augur_llm_prompts_sent").counters()
            .stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    static double counter(Vertx vertx, String name, String... tags) {
        var c = NodeResources.of(vertx).metrics().registry().find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** A per-address counter summed over the score addresses (one per scorer). */
    static double scoreCounter(Vertx vertx, String name) {
        double sum = 0;
        for (dev.augur.score.ScorerKind k : dev.augur.score.ScorerKind.values()) {
            sum += counter(vertx, name, "address", Addresses.score(k));
        }
        return sum;
    }
}
