package dev.augur.pipeline;

import dev.augur.AugurException;
import dev.augur.text.Quoted;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code node} object of a node's JSON config: which stages this node runs and the limits
 * of the actor pipeline. The rest of the file holds the run's settings (the flags of
 * {@code augur run}), which only a coordinator node needs (and the LLM settings, which explain
 * and score nodes need).
 *
 * @param roles stages deployed on this node
 * @param metricsPort Prometheus endpoint port, or 0 for none
 * @param metricsHost the interface the endpoint listens on
 * @param unitLatents latents per work unit claimed by a coordinator
 * @param stageQueue requests a stage holds at once before it answers "busy"
 * @param attempts tries of a request whose node went silent or ran past its work's deadline
 * @param leaseMs how long a claimed unit stays its coordinator's without a renewal
 * @param exitWhenDone close this node when its coordinator sees the whole run done
 * @param faults how lost requests are found and how the node shuts down
 * @param http where a coordinator serves the live dashboard
 */
public record NodeConfig(Set<Role> roles, int metricsPort, String metricsHost, int unitLatents, int stageQueue,
                         int attempts, long leaseMs, boolean exitWhenDone, Faults faults, Http http) {
    public static final String DEFAULT_METRICS_HOST = "127.0.0.1";
    public static final int DEFAULT_UNIT_LATENTS = 32;
    public static final int DEFAULT_STAGE_QUEUE = 64;
    public static final int DEFAULT_ATTEMPTS = 5;
    public static final long DEFAULT_LEASE_MS = 60_000;

    /**
     * Every key the {@code node} object may hold: the names of this record's components, of
     * {@link Faults}' (flattened) and of {@link Http}'s prefixed {@code http}, so a new setting
     * is a key by being a component.
     */
    static final Set<String> KEYS = keys();

    private static Set<String> keys() {
        Set<String> keys = new java.util.TreeSet<>();
        for (java.lang.reflect.RecordComponent c : NodeConfig.class.getRecordComponents()) {
            if (c.getType() == Faults.class) {
                for (java.lang.reflect.RecordComponent f : Faults.class.getRecordComponents()) {
                    keys.add(f.getName());
                }
            } else if (c.getType() == Http.class) {
                for (java.lang.reflect.RecordComponent h : Http.class.getRecordComponents()) {
                    keys.add("http" + Character.toUpperCase(h.getName().charAt(0)) + h.getName().substring(1));
                }
            } else {
                keys.add(c.getName());
            }
        }
        return Set.copyOf(keys);
    }

    /**
     * The dashboard of a coordinator node ({@code node.httpPort}, {@code node.httpHost},
     * {@code node.httpTokenEnv}): off (port 0) by default; loopback unless told otherwise, and any
     * other address needs a token (checked when the config is read).
     */
    public record Http(int port, String host, String tokenEnv) {
        public static final Http OFF = new Http(0, dev.augur.serve.ServeSettings.DEFAULT_HOST, null);

        public Http {
            require(port >= 0 && port < 65536, "node.httpPort must be 0..65535 (0: no dashboard)");
        }

        /** The server's settings, or null when the node serves none. */
        public dev.augur.serve.ServeSettings settings(java.util.Map<String, String> env) {
            return port == 0 ? null : dev.augur.serve.ServeSettings.resolve(host, port, tokenEnv, env,
                "node.httpHost", "node.httpTokenEnv");
        }
    }

    /**
     * How a request's loss is noticed (see {@link RequestTracker}) and how long a node drains on
     * SIGTERM. A request held by a node that leaves the cluster is re-sent at once, whatever
     * these say; they cover a node that stays a member but stops answering.
     *
     * @param keepAliveMs a node holding requests tells their senders so this often
     * @param silenceMs a request whose node said nothing for this long is re-sent elsewhere
     * @param requestBoundMs the last-resort bound of any cluster request, whatever its work
     * @param shutdownGraceMs on SIGTERM, how long the node finishes what it holds before
     *                        handing the rest back
     */
    public record Faults(long keepAliveMs, long silenceMs, long requestBoundMs, long shutdownGraceMs) {
        public static final long DEFAULT_KEEP_ALIVE_MS = 2_000;
        public static final long DEFAULT_SILENCE_MS = 20_000;
        public static final long DEFAULT_REQUEST_BOUND_MS = 12 * 3_600_000L;
        public static final long DEFAULT_SHUTDOWN_GRACE_MS = 30_000;
        public static final Faults DEFAULT = new Faults(DEFAULT_KEEP_ALIVE_MS, DEFAULT_SILENCE_MS,
            DEFAULT_REQUEST_BOUND_MS, DEFAULT_SHUTDOWN_GRACE_MS);

        public Faults {
            require(keepAliveMs >= 100, "node.keepAliveMs must be at least 100");
            require(silenceMs >= 3 * keepAliveMs, "node.silenceMs must be at least 3 x node.keepAliveMs ("
                + 3 * keepAliveMs + "), or live nodes would be taken for silent ones");
            require(requestBoundMs >= silenceMs, "node.requestBoundMs must be at least node.silenceMs");
            require(shutdownGraceMs >= 0, "node.shutdownGraceMs must be >= 0");
        }
    }

    public NodeConfig {
        roles = Set.copyOf(roles);
        require(!roles.isEmpty(), "node.roles must list at least one role");
        require(metricsPort >= 0 && metricsPort < 65536, "node.metricsPort must be 0..65535");
        require(unitLatents >= 1, "node.unitLatents must be at least 1");
        require(stageQueue >= 1, "node.stageQueue must be at least 1");
        require(attempts >= 1, "node.attempts must be at least 1");
        require(leaseMs >= 300, "node.leaseMs must be at least 300");
        require(faults != null, "node: no fault settings");
        http = http == null ? Http.OFF : http;
    }

    /** Every stage on one node: what {@code augur run} deploys. */
    public static NodeConfig allRoles() {
        return new NodeConfig(EnumSet.allOf(Role.class), 0, DEFAULT_METRICS_HOST, DEFAULT_UNIT_LATENTS,
            DEFAULT_STAGE_QUEUE, DEFAULT_ATTEMPTS, DEFAULT_LEASE_MS, false, Faults.DEFAULT, Http.OFF);
    }

    // Withers: a setting changed by name, every other one kept (and the whole checked again).

    public NodeConfig withRoles(Set<Role> r) {
        return new NodeConfig(r, metricsPort, metricsHost, unitLatents, stageQueue, attempts, leaseMs, exitWhenDone,
            faults, http);
    }

    public NodeConfig withMetrics(int port, String host) {
        return new NodeConfig(roles, port, host, unitLatents, stageQueue, attempts, leaseMs, exitWhenDone, faults, http);
    }

    public NodeConfig withUnitLatents(int n) {
        return new NodeConfig(roles, metricsPort, metricsHost, n, stageQueue, attempts, leaseMs, exitWhenDone, faults,
            http);
    }

    public NodeConfig withStageQueue(int n) {
        return new NodeConfig(roles, metricsPort, metricsHost, unitLatents, n, attempts, leaseMs, exitWhenDone, faults,
            http);
    }

    public NodeConfig withAttempts(int n) {
        return new NodeConfig(roles, metricsPort, metricsHost, unitLatents, stageQueue, n, leaseMs, exitWhenDone, faults,
            http);
    }

    public NodeConfig withLeaseMs(long ms) {
        return new NodeConfig(roles, metricsPort, metricsHost, unitLatents, stageQueue, attempts, ms, exitWhenDone,
            faults, http);
    }

    public NodeConfig withExitWhenDone(boolean exit) {
        return new NodeConfig(roles, metricsPort, metricsHost, unitLatents, stageQueue, attempts, leaseMs, exit, faults,
            http);
    }

    public NodeConfig withFaults(Faults f) {
        return new NodeConfig(roles, metricsPort, metricsHost, unitLatents, stageQueue, attempts, leaseMs, exitWhenDone,
            f, http);
    }

    public NodeConfig withHttp(Http h) {
        return new NodeConfig(roles, metricsPort, metricsHost, unitLatents, stageQueue, attempts, leaseMs, exitWhenDone,
            faults, h);
    }

    /** Reads {@code config.node}; a missing object means every role with the defaults. */
    public static NodeConfig fromJson(JsonObject config) {
        JsonObject n = config.getJsonObject("node", new JsonObject());
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object r = n.getValue("roles", new JsonArray().add("all"));
        if (!(r instanceof JsonArray list)) {
            throw new AugurException("node.roles must be a JSON array of role names");
        }
        for (Object o : list) {
            if ("all".equals(o)) {
                roles.addAll(EnumSet.allOf(Role.class));
            } else {
                roles.add(Role.parse(String.valueOf(o)));
            }
        }
        for (String key : n.fieldNames()) {
            if (!key.startsWith("_") && !KEYS.contains(key)) {
                throw new AugurException("node." + Quoted.escape(key) + ": unknown node setting"
                    + (key.endsWith("TimeoutMs") ? " (requests are now bounded by their work: see"
                    + " node.silenceMs and node.requestBoundMs)" : ""));
            }
        }
        try {
            Faults faults = new Faults(n.getLong("keepAliveMs", Faults.DEFAULT_KEEP_ALIVE_MS),
                n.getLong("silenceMs", Faults.DEFAULT_SILENCE_MS),
                n.getLong("requestBoundMs", Faults.DEFAULT_REQUEST_BOUND_MS),
                n.getLong("shutdownGraceMs", Faults.DEFAULT_SHUTDOWN_GRACE_MS));
            return new NodeConfig(roles, n.getInteger("metricsPort", 0),
                n.getString("metricsHost", DEFAULT_METRICS_HOST),
                n.getInteger("unitLatents", DEFAULT_UNIT_LATENTS), n.getInteger("stageQueue", DEFAULT_STAGE_QUEUE),
                n.getInteger("attempts", DEFAULT_ATTEMPTS), n.getLong("leaseMs", DEFAULT_LEASE_MS),
                n.getBoolean("exitWhenDone", false), faults, new Http(n.getInteger("httpPort", 0),
                    n.getString("httpHost", Http.OFF.host()), n.getString("httpTokenEnv")));
        } catch (ClassCastException e) {
            throw new AugurException("node: a setting has the wrong type (" + e.getMessage() + ")");
        }
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AugurException(message);
        }
    }
}
