package dev.augur.chaos;

import dev.augur.testing.ScoringRunFixture;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.TestCache;
import dev.augur.testing.TestTokenizer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * A cluster of real, separate node processes for chaos tests, started exactly as users start
 * them: {@code bin/vertx run dev.augur.pipeline.NodeVerticle -conf <file> -cluster}, each its own
 * JVM, killed with real signals (SIGKILL, SIGTERM).
 * <ul>
 *   <li>Configs are the SHIPPED ones ({@code conf/cluster-node.json}, {@code conf/scorer-node.json})
 *   with only the cache, tokenizer, results folder, LLM URL and metrics port set (checked: any
 *   other difference fails the fixture). Timeouts, leases, unit sizes, concurrency: as shipped.</li>
 *   <li>Hazelcast: a copy of the shipped {@code cluster.xml} (the one inside the jar) with only the
 *   cluster name changed, so a test run never joins another cluster on this machine (checked
 *   line by line), passed through {@code AUGUR_HAZELCAST_CONFIG} as bin/vertx documents.</li>
 *   <li>The LLM is the test LLM server ({@link FakeOpenAiServer}, the one stand-in allowed) in
 *   this JVM, answering {@link ScoringRunFixture#answer} after a fixed delay; it can be stopped (its
 *   port then refuses connections) and started again on the same port.</li>
 *   <li>The cache is big enough for the shipped record defaults (min-examples 200, n-train 40,
 *   n-test 50, n-non-activating 50, example-ctx-len 32).</li>
 * </ul>
 * Only 127.0.0.1 is used. Every wait takes a {@link Deadline}.
 */
public final class ChaosCluster implements AutoCloseable {
    /** The checkout: where bin/vertx, conf/ and target/augur.jar are (tests run from the project folder). */
    public static final Path REPO = locateRepo();
    public static final Path VERTX = REPO.resolve("bin/vertx");
    public static final Path JAR = REPO.resolve("target/augur.jar");
    public static final Path TOKENIZER = REPO.resolve(TestTokenizer.BYTE_BPE);
    public static final Path SHIPPED_CLUSTER_XML = REPO.resolve("src/main/resources/cluster.xml");
    /** The data side: reads the cache, coordinates, writes the run folder, also explains and scores. */
    public static final String FULL = "conf/cluster-node.json";
    /** An explain-and-score node. */
    public static final String SCORER = "conf/scorer-node.json";
    /** The only keys a chaos test may set in a shipped config. */
    static final Set<String> OVERRIDABLE = Set.of("run.cache", "run.tokenizer", "run.results",
        "llm.llm-base-url", "node.metricsPort");
    /** The module of the generated cache. */
    public static final String MODULE = "layers.4.mlp";
    /** The line a node logs once its stages (and coordinator) are deployed. */
    static final String READY = "augur node ready";

    // The cache: SEQ_LEN-token sequences cut into 32-token windows (the shipped example-ctx-len).
    static final int SEQ_LEN = 64;
    static final int WINDOWS = 480;
    static final int WINDOW = 32;
    static final int[] VOCAB = {0, 1, 2, 3, 4, 5, 6, 7, 11};
    /** A latent fires on this share of the occurrences of its token: active in about half the windows. */
    static final double FIRE = 0.22;
    /** Shipped record defaults the cache must satisfy (min-examples; non-activating examples). */
    static final int MIN_EXAMPLES = 200;
    static final int MIN_NON_ACTIVATING = 50;

    private final Path dir;
    private final Path cache;
    private final Path results;
    private final int latents;
    private final String clusterName;
    private final Path hazelcastXml;
    private final long llmDelayMs;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final List<FakeOpenAiServer> llmServers = new CopyOnWriteArrayList<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final long createdNanos = System.nanoTime();
    private volatile FakeOpenAiServer llm;
    private int llmPort;
    private final Thread reaper = new Thread(this::killAll, "chaos-reaper");

    /** One node process. */
    public final class Node {
        final String name;
        final String shipped;
        final Path conf;
        final Path log;
        final int metricsPort;
        final Process process;
        final long startedNanos = System.nanoTime();

        Node(String name, String shipped, Path conf, Path log, int metricsPort, Process process) {
            this.name = name;
            this.shipped = shipped;
            this.conf = conf;
            this.log = log;
            this.metricsPort = metricsPort;
            this.process = process;
        }

        public String name() {
            return name;
        }

        public long pid() {
            return process.pid();
        }

        public boolean alive() {
            return process.isAlive();
        }

        public Path log() {
            return log;
        }

        public int metricsPort() {
            return metricsPort;
        }

        public boolean coordinator() {
            return FULL.equals(shipped);
        }

        @Override
        public String toString() {
            return name + " (pid " + process.pid() + ", " + shipped + ")";
        }
    }

    /**
     * The coordinator's closing line: {@code augur: run <dir> done: N scored, ...}; {@code resent}
     * ("N request(s) re-sent") and {@code llmDown} ("LLM endpoint down N time(s)") when present.
     */
    public record Summary(String line, boolean done, int scored, int alreadyDone, int withoutExplanation,
                          int failed, OptionalInt resent, OptionalInt llmDown) {
    }

    private ChaosCluster(Path dir, Path cache, int latents, long llmDelayMs) throws IOException {
        this.dir = dir;
        this.cache = cache;
        this.results = dir.resolve("results");
        this.latents = latents;
        this.llmDelayMs = llmDelayMs;
        this.clusterName = "augur-chaos-" + java.util.UUID.randomUUID().toString().substring(0, 13);
        this.hazelcastXml = dir.resolve("cluster.xml");
        writeClusterXml();
        Runtime.getRuntime().addShutdownHook(reaper); // never leave node processes behind this JVM
    }

    /**
     * A fresh folder {@code dir} (emptied first) with a cache of {@code latents} latents cut into
     * splits of {@code latentsPerSplit} (a coordinator's work unit never spans splits, so this
     * sets how many units the run has), the Hazelcast copy, and the test LLM server started.
     */
    public static ChaosCluster create(Path dir, int latents, int latentsPerSplit, long llmDelayMs) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the chaos tests run the packaged jar "
                + "(mvn verify packages it before the integration tests; or mvn -DskipTests package)");
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        Path cache = writeCache(dir, latents, latentsPerSplit);
        ChaosCluster c = new ChaosCluster(dir, cache, latents, llmDelayMs);
        c.startLlm();
        return c;
    }

    // ---------------------------------------------------------------- cache

    /**
     * {@code latents} latents over {@value #WINDOWS} windows of 32 tokens; latent k fires on about
     * {@value #FIRE} of the occurrences of token VOCAB[k % 9], so it is active in about half the
     * windows (over 200 activating examples, over 50 windows it never fires in): the shipped
     * record defaults build every latent, none is too rare or dead. Checked here, latent by latent.
     */
    static Path writeCache(Path dir, int latents, int latentsPerSplit) throws IOException {
        Random r = new Random(2026);
        int nSeq = WINDOWS * WINDOW / SEQ_LEN;
        long[] tokens = new long[nSeq * SEQ_LEN];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = VOCAB[r.nextInt(VOCAB.length)];
        }
        TestCache c = new TestCache(nSeq, SEQ_LEN, tokens);
        java.util.BitSet[] active = new java.util.BitSet[latents];
        for (int k = 0; k < latents; k++) {
            active[k] = new java.util.BitSet(WINDOWS);
        }
        for (int i = 0; i < tokens.length; i++) {
            for (int k = 0; k < latents; k++) {
                if (tokens[i] == VOCAB[k % VOCAB.length] && r.nextDouble() < FIRE) {
                    c.add(i / SEQ_LEN, i % SEQ_LEN, k, 0.5f + r.nextFloat() * 4);
                    active[k].set(i / WINDOW);
                }
            }
        }
        for (int k = 0; k < latents; k++) {
            int n = active[k].cardinality();
            if (n < MIN_EXAMPLES + 10 || WINDOWS - n < MIN_NON_ACTIVATING + 10) {
                throw new IllegalStateException("chaos cache: latent " + k + " is active in " + n + " of "
                    + WINDOWS + " windows; the shipped record defaults need >= " + MIN_EXAMPLES
                    + " and >= " + MIN_NON_ACTIVATING + " without it");
            }
        }
        List<int[]> splits = new ArrayList<>();
        for (int s = 0; s < latents; s += latentsPerSplit) {
            splits.add(new int[] {s, Math.min(latents, s + latentsPerSplit) - 1});
        }
        Path root = dir.resolve("latents");
        c.write(root, MODULE, splits.toArray(new int[0][]));
        return root;
    }

    /** Every latent's name in the run's files. */
    public Set<String> latentNames() {
        Set<String> names = new TreeSet<>();
        for (int k = 0; k < latents; k++) {
            names.add(MODULE + "_latent" + k);
        }
        return names;
    }

    public int latents() {
        return latents;
    }

    // ---------------------------------------------------------------- Hazelcast

    /** The jar's cluster.xml, which bin/vertx uses when AUGUR_HAZELCAST_CONFIG is unset. */
    static String shippedClusterXml() throws IOException {
        String source = Files.readString(SHIPPED_CLUSTER_XML);
        try (ZipFile jar = new ZipFile(JAR.toFile()); InputStream in = jar.getInputStream(jar.getEntry("cluster.xml"))) {
            String packaged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!packaged.equals(source)) {
                throw new IllegalStateException("target/augur.jar's cluster.xml differs from " + SHIPPED_CLUSTER_XML
                    + ": rebuild the jar (mvn -DskipTests package)");
            }
        }
        return source;
    }

    private void writeClusterXml() throws IOException {
        String shipped = shippedClusterXml();
        String copy = shipped.replaceFirst("<cluster-name>[^<]*</cluster-name>",
            "<cluster-name>" + clusterName + "</cluster-name>");
        List<String> a = shipped.lines().toList();
        List<String> b = copy.lines().toList();
        int differing = 0;
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : null;
            String y = i < b.size() ? b.get(i) : null;
            if (!java.util.Objects.equals(x, y)) {
                differing++;
                if (x == null || y == null || !x.contains("<cluster-name>") || !y.contains("<cluster-name>" + clusterName)) {
                    throw new IllegalStateException("cluster.xml copy differs from the shipped file beyond the cluster name, line "
                        + (i + 1) + ": " + x + " / " + y);
                }
            }
        }
        if (differing != 1 || a.size() != b.size()) {
            throw new IllegalStateException("cluster.xml copy must differ from the shipped file in exactly the "
                + "cluster-name line; " + differing + " lines differ");
        }
        Files.writeString(hazelcastXml, copy);
    }

    public String clusterName() {
        return clusterName;
    }

    // ---------------------------------------------------------------- the test LLM server

    private FakeOpenAiServer listenLlm(int port) {
        return await(FakeOpenAiServer.startOnPort(vertx, req -> ScoringRunFixture.answer(req).withDelay(llmDelayMs), port),
            "the test LLM server to listen").forgetBodies();
    }

    /** Starts the test LLM server: the first time on a free port, after a stop on the same port again. */
    public synchronized void startLlm() {
        if (llm != null) {
            return;
        }
        FakeOpenAiServer s;
        if (llmPort == 0) {
            s = listenLlm(0);
            llmPort = URI.create(s.baseUrl()).getPort();
        } else {
            // the port was ours a moment ago; another process could take it meanwhile, but not on this run's deadline
            Deadline d = Deadline.inSeconds(30);
            FakeOpenAiServer[] got = {null};
            d.await("the test LLM server listening again on 127.0.0.1:" + llmPort, () -> {
                got[0] = listenLlm(llmPort);
                return true;
            });
            s = got[0];
        }
        llmServers.add(s);
        llm = s;
        event("LLM server up on port " + llmPort);
    }

    /** Closes the test LLM server: connections refused on its port until {@link #startLlm()}. */
    public synchronized void stopLlm() {
        if (llm != null) {
            await(llm.close(), "the test LLM server to close");
            llm = null;
            event("LLM server down");
        }
    }

    private static <T> T await(io.vertx.core.Future<T> f, String what) {
        try {
            return f.await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("30 s passed waiting for " + what, e);
        }
    }

    public String llmBaseUrl() {
        return "http://127.0.0.1:" + llmPort + "/v1";
    }

    /** Requests the test LLM server received, over all its starts: the prompts paid for. */
    public int llmRequests() {
        return llmServers.stream().mapToInt(FakeOpenAiServer::requestCount).sum();
    }

    public long llmDelayMs() {
        return llmDelayMs;
    }

    // ---------------------------------------------------------------- node configs and processes

    /**
     * The shipped config {@code shipped} with only the cache, tokenizer, results folder, LLM URL
     * and metrics port set; checked against the shipped file so no other setting can slip in.
     */
    JsonObject nodeConfig(String shipped, int metricsPort) throws IOException {
        JsonObject original = new JsonObject(Files.readString(REPO.resolve(shipped)));
        JsonObject c = original.copy();
        JsonObject run = c.getJsonObject("run");
        if (run != null) {
            run.put("cache", cache.toString()).put("tokenizer", TOKENIZER.toString()).put("results", results.toString());
        }
        c.getJsonObject("llm").put("llm-base-url", llmBaseUrl());
        c.getJsonObject("node").put("metricsPort", metricsPort);
        Map<String, Object> before = flatten("", original, new TreeMap<>());
        Map<String, Object> after = flatten("", c, new TreeMap<>());
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(before.get(k), after.get(k)) && !OVERRIDABLE.contains(k)) {
                throw new IllegalStateException(shipped + ": a chaos test may set only " + OVERRIDABLE + ", not " + k);
            }
        }
        return c;
    }

    private static Map<String, Object> flatten(String prefix, JsonObject o, Map<String, Object> out) {
        for (String k : o.fieldNames()) {
            Object v = o.getValue(k);
            if (v instanceof JsonObject j) {
                flatten(prefix + k + ".", j, out);
            } else {
                out.put(prefix + k, v instanceof JsonArray a ? a.encode() : v);
            }
        }
        return out;
    }

    /**
     * Starts a node as users do: {@code bin/vertx run dev.augur.pipeline.NodeVerticle -conf FILE
     * -cluster}, in a folder of its own (Vert.x keeps a file cache in the working folder), its
     * stdout and stderr in {@code <name>.log}. Returns at once; see {@link #awaitReady}.
     */
    public Node start(String name, String shipped) throws IOException {
        if (nodes.stream().anyMatch(n -> n.name.equals(name))) {
            throw new IllegalArgumentException("node " + name + " exists");
        }
        int port = freePort();
        Path home = dir.resolve("nodes").resolve(name);
        Files.createDirectories(home);
        Path conf = home.resolve("node.json");
        Files.writeString(conf, nodeConfig(shipped, port).encodePrettily());
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(VERTX.toString(), "run", "dev.augur.pipeline.NodeVerticle",
            "-conf", conf.toString(), "-cluster");
        pb.directory(home.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("OPT_OUT_TRACKING", "true");
        env.put("AUGUR_JAVA_OPTS", "-Xmx512m"); // memory only: nothing that changes the product's behaviour
        env.put("AUGUR_HAZELCAST_CONFIG", hazelcastXml.toString());
        env.remove("AUGUR_CLUSTER_HOST"); // bin/vertx's default: 127.0.0.1
        env.remove("OPENAI_API_KEY"); // the shipped api-key-env: a real key never goes to the test server
        Node n = new Node(name, shipped, conf, log, port, pb.start());
        nodes.add(n);
        event("started " + n + ", metrics on " + port);
        return n;
    }

    /** The ports Hazelcast's TCP-IP join probes for a member given without a port (5701 + try count 3). */
    static final int FIRST_JOIN_PORT = 5701;
    static final int JOIN_PORTS_PROBED = 3;

    /**
     * Starts the cluster's first node so that it listens on one of the ports the others probe.
     * The shipped cluster.xml lists the member {@code 127.0.0.1} without a port, and Hazelcast
     * then probes only 5701-5703 to join; a node of this cluster on 5704 or above is found only
     * through one of ours on 5701-5703. While other clusters (another checkout's tests) hold all
     * three, this waits; if another process takes the port in between, the node is killed and
     * started again. Returns once the node is a Hazelcast member on one of those ports.
     */
    public Node startFirst(String name, String shipped, Deadline deadline) throws IOException {
        for (int attempt = 1; ; attempt++) {
            deadline.await("one of the ports " + FIRST_JOIN_PORT + "-" + (FIRST_JOIN_PORT + JOIN_PORTS_PROBED - 1)
                + " free for the first node (other Hazelcast clusters on this machine hold them)", () -> {
                    for (int p = FIRST_JOIN_PORT; p < FIRST_JOIN_PORT + JOIN_PORTS_PROBED; p++) {
                        if (portFree(p)) {
                            return true;
                        }
                    }
                    return false;
                });
            Node n = start(attempt == 1 ? name : name + "-" + attempt, shipped);
            awaitMember(deadline, n);
            int port = ownPort(n);
            if (port >= FIRST_JOIN_PORT && port < FIRST_JOIN_PORT + JOIN_PORTS_PROBED) {
                return n;
            }
            event(n.name + " got Hazelcast port " + port + ", which the other nodes would not probe: starting it again");
            kill9(n);
        }
    }

    /** Whether a server could listen on the port now (address reuse on, as servers set it: a TIME_WAIT is no obstacle). */
    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The Hazelcast port node {@code n} listens on (from its member list), or -1. */
    public int ownPort(Node n) throws IOException {
        for (String m : memberList(n)) {
            if (m.endsWith(" this")) {
                return Integer.parseInt(m.substring(m.lastIndexOf(':') + 1, m.length() - " this".length()));
            }
        }
        return -1;
    }

    /** Waits for each node's "augur node ready" line; fails at once if one of them exited. */
    public void awaitReady(Deadline deadline, Node... which) {
        for (Node n : which) {
            deadline.await(n.name + " logs \"" + READY + "\"", () -> {
                if (!n.alive()) {
                    throw new AssertionError(n + " exited with status " + n.process.exitValue()
                        + " before it was ready");
                }
                return logText(n).contains(READY);
            });
        }
        event("ready: " + java.util.Arrays.toString(which));
    }

    /** Hazelcast's member list as a node last logged it ("Members {size:N, ver:V}"), or 0. */
    public int members(Node n) throws IOException {
        Matcher m = Pattern.compile("Members \\{size:(\\d+)").matcher(logText(n));
        int size = 0;
        while (m.find()) {
            size = Integer.parseInt(m.group(1));
        }
        return size;
    }

    private static final Pattern MEMBER = Pattern.compile("^\\s*Member \\[([^\\]]+)\\]:(\\d+) - \\S+( this)?\\s*$");

    /**
     * Hazelcast's member list as node {@code n} last logged it, in join order (the first, the
     * oldest member, is the master): "host:port", with " this" after node {@code n} itself.
     */
    public List<String> memberList(Node n) throws IOException {
        List<String> lines = logText(n).lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("Members {size:")) {
                for (int j = i + 1; j < lines.size(); j++) {
                    Matcher m = MEMBER.matcher(lines.get(j));
                    if (!m.matches()) {
                        break;
                    }
                    out.add(m.group(1) + ":" + m.group(2) + (m.group(3) != null ? " this" : ""));
                }
                return out;
            }
        }
        return out;
    }

    /** Whether node {@code n} is the Hazelcast master (the oldest member) as it last logged its cluster. */
    public boolean isMaster(Node n) throws IOException {
        List<String> members = memberList(n);
        return !members.isEmpty() && members.get(0).endsWith(" this");
    }

    /** Waits until Hazelcast on node {@code n} has started (it logged its first member list). */
    public void awaitMember(Deadline deadline, Node n) {
        deadline.await(n.name + " is a Hazelcast member", () -> {
            if (!n.alive()) {
                throw new AssertionError(n + " exited with status " + n.process.exitValue());
            }
            return members(n) > 0;
        });
    }

    /** Waits until every listed node sees a cluster of {@code size} members. */
    public void awaitClusterSize(Deadline deadline, int size, Node... which) {
        for (Node n : which) {
            deadline.await(n.name + " sees " + size + " cluster members (it sees " + memberListOrError(n) + ")",
                () -> members(n) == size);
        }
    }

    private String memberListOrError(Node n) {
        try {
            return memberList(n).toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGKILL ({@link Process#destroyForcibly()}): the JVM gets no chance to say goodbye. */
    public void kill9(Node n) {
        n.process.destroyForcibly();
        event("SIGKILL " + n);
        try {
            if (!n.process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(n + " still runs 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGTERM ({@code kill -TERM pid}), what systemd and Kubernetes send; returns at once. */
    public void term(Node n) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(n.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -TERM " + n.pid() + " failed");
        }
        event("SIGTERM " + n);
    }

    /** Waits for the node's process to end and returns its exit status; fails past the bound. */
    public int waitExit(Node n, Duration bound) throws InterruptedException {
        if (!n.process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(n + " did not exit within " + bound.toSeconds() + " s");
        }
        event(n + " exited with status " + n.process.exitValue());
        return n.process.exitValue();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public List<Node> alive() {
        return nodes.stream().filter(Node::alive).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- logs

    public String logText(Node n) throws IOException {
        return Files.isRegularFile(n.log) ? Files.readString(n.log, StandardCharsets.UTF_8) : "";
    }

    /** The node's log lines containing {@code text}. */
    public List<String> logLines(Node n, String text) throws IOException {
        return logText(n).lines().filter(l -> l.contains(text)).toList();
    }

    /** The last {@code lines} lines of a node's log (reads only the end of a big file). */
    public String tail(Node n, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(n.log.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 64 * 1024);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            List<String> all = new String(buf, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static final Pattern SUMMARY = Pattern.compile("augur: run (.*?) (done|stopped): (.*)");
    private static final Pattern LLM_DOWN = Pattern.compile("LLM endpoint down (\\d+) time");
    private static final Pattern COUNT = Pattern.compile(
        "(\\d+) (?:request\\(s\\) |requests? )?(scored|already done|without explanation|failed|re-sent)");

    /** The coordinator's summary line on node {@code n}, once written. */
    public Optional<Summary> summary(Node n) throws IOException {
        Optional<String> line = logText(n).lines().filter(l -> SUMMARY.matcher(l).find()).reduce((a, b) -> b);
        return line.map(ChaosCluster::parseSummary);
    }

    static Summary parseSummary(String line) {
        Matcher m = SUMMARY.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException("not a summary line: " + line);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        Matcher c = COUNT.matcher(m.group(3));
        while (c.find()) {
            counts.putIfAbsent(c.group(2), Integer.parseInt(c.group(1)));
        }
        return new Summary(line, m.group(2).equals("done"), counts.getOrDefault("scored", -1),
            counts.getOrDefault("already done", -1), counts.getOrDefault("without explanation", -1),
            counts.getOrDefault("failed", -1),
            counts.containsKey("re-sent") ? OptionalInt.of(counts.get("re-sent")) : OptionalInt.empty(),
            (c = LLM_DOWN.matcher(m.group(3))).find() ? OptionalInt.of(Integer.parseInt(c.group(1))) : OptionalInt.empty());
    }

    // ---------------------------------------------------------------- metrics

    /**
     * The node's Prometheus endpoint, each sample as {@code name{labels}} to value. Counters keep
     * their {@code _total} suffix as Prometheus writes them.
     */
    public Map<String, Double> scrape(Node n) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.metricsPort + "/metrics"))
            .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IOException(n.name + " /metrics answered " + resp.statusCode());
        }
        Map<String, Double> out = new TreeMap<>();
        for (String line : resp.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            try {
                out.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
            } catch (RuntimeException e) {
                // not a sample line
            }
        }
        return out;
    }

    /**
     * The sum of metric {@code name} (with or without {@code _total}) over the samples whose
     * labels contain every {@code labelParts} string (e.g. {@code address="augur.score.fuzz"}).
     */
    public double metric(Node n, String name, String... labelParts) throws IOException, InterruptedException {
        return sum(scrape(n), name, labelParts);
    }

    static double sum(Map<String, Double> samples, String name, String... labelParts) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String key = e.getKey();
            int brace = key.indexOf('{');
            String metric = brace < 0 ? key : key.substring(0, brace);
            String labels = brace < 0 ? "" : key.substring(brace);
            if (!metric.equals(name) && !metric.equals(name + "_total")) {
                continue;
            }
            boolean all = true;
            for (String p : labelParts) {
                all &= labels.contains(p);
            }
            if (all) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** Requests a node's explain and score stages received (augur_stage_requests over those addresses). */
    public double llmStageRequests(Node n) throws IOException, InterruptedException {
        Map<String, Double> s = scrape(n);
        return sum(s, "augur_stage_requests", "address=\"augur.score.") + sum(s, "augur_stage_requests",
            "address=\"augur.explain\"");
    }

    // ---------------------------------------------------------------- the run folder

    public Path results() {
        return results;
    }

    /** The run's folder: {@code <results>/<run.name of conf/cluster-node.json>}. */
    public Path runDir() throws IOException {
        JsonObject shipped = new JsonObject(Files.readString(REPO.resolve(FULL)));
        return results.resolve(shipped.getJsonObject("run").getString("name"));
    }

    /** The scorers the shipped coordinator config asks for (fuzz, detection). */
    public List<String> scorers() throws IOException {
        JsonObject shipped = new JsonObject(Files.readString(REPO.resolve(FULL)));
        return List.of(shipped.getJsonObject("run").getString("scorers").split(","));
    }

    /** Latent names with a file {@code <name><suffix>} in {@code <run>/<sub>} (temporary files left out). */
    public Set<String> latentFiles(String sub, String suffix) throws IOException {
        Path d = runDir().resolve(sub);
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(d)) {
            return out;
        }
        try (Stream<Path> s = Files.list(d)) {
            s.map(p -> p.getFileName().toString()).filter(f -> !f.startsWith(".") && f.endsWith(suffix))
                .forEach(f -> out.add(f.substring(0, f.length() - suffix.length())));
        }
        return out;
    }

    /** Latents with a completion record, {@code done/<latent>.json}. */
    public Set<String> doneRecords() throws IOException {
        return latentFiles("done", ".json");
    }

    public Set<String> explanations() throws IOException {
        return latentFiles("explanations", ".txt");
    }

    public Set<String> scoreFiles(String scorer) throws IOException {
        return latentFiles("scores/" + scorer, ".txt");
    }

    /** Every file or folder under the results folder whose name ends in {@code .tmp}. */
    public List<Path> tmpFiles() throws IOException {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(results)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    // ---------------------------------------------------------------- report, clean-up

    /** A line in the fixture's own timeline (printed with the logs). */
    public void event(String what) {
        events.add(String.format(java.util.Locale.ROOT, "%8.2f s  %s", (System.nanoTime() - createdNanos) / 1e9, what));
    }

    /** Seconds since the fixture was created (the timeline's clock). */
    public double clock() {
        return (System.nanoTime() - createdNanos) / 1e9;
    }

    /** The timeline, the run folder's counts and the tail of every node's log. */
    public void printReport(PrintStream out, int lines) {
        StringBuilder b = new StringBuilder();
        b.append("==== chaos cluster ").append(clusterName).append(" in ").append(dir).append('\n');
        synchronized (events) {
            events.forEach(e -> b.append("  ").append(e).append('\n'));
        }
        try {
            b.append("  run folder: ").append(doneRecords().size()).append(" completion records, ")
                .append(explanations().size()).append(" explanations");
            for (String s : scorers()) {
                b.append(", ").append(scoreFiles(s).size()).append(' ').append(s);
            }
            b.append(", .tmp files: ").append(tmpFiles()).append(" of ").append(latents).append(" latents\n");
        } catch (IOException e) {
            b.append("  run folder unreadable: ").append(e).append('\n');
        }
        b.append("  LLM requests: ").append(llmRequests()).append('\n');
        for (Node n : nodes) {
            b.append("---- ").append(n).append(n.alive() ? ", alive" : ", exited " + n.process.exitValue())
                .append(", last ").append(lines).append(" lines of ").append(n.log).append('\n')
                .append(tail(n, lines)).append('\n');
        }
        out.println(b);
    }

    private void killAll() {
        for (Node n : nodes) {
            if (n.alive()) {
                n.process.destroyForcibly();
            }
        }
    }

    /** SIGKILLs any node still running, closes the test LLM server; {@code keep}: leave the folder. */
    public void close(boolean keep) {
        killAll();
        for (Node n : nodes) {
            try {
                n.process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
        if (!keep) {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                // a temporary folder under target/
            }
        }
    }

    @Override
    public void close() {
        close(false);
    }

    public Path dir() {
        return dir;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path locateRepo() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("bin/vertx")) && Files.isRegularFile(q.resolve("conf/cluster-node.json"))) {
                return q;
            }
        }
        return p;
    }
}
