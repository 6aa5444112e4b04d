package dev.augur.pipeline;

import dev.augur.AugurException;
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
 * @param explainTimeoutMs one explain request, sized for an LLM answer with its retries
 * @param scoreTimeoutMs one latent's scoring by one scorer (several prompts)
 * @param attempts tries of a request whose node timed out, left or was busy
 * @param leaseMs how long a claimed unit stays its coordinator's without a renewal
 * @param exitWhenDone close this node when its coordinator sees the whole run done
 */
public record NodeConfig(Set<Role> roles, int metricsPort, String metricsHost, int unitLatents, int stageQueue,
                         long explainTimeoutMs, long scoreTimeoutMs, int attempts, long leaseMs,
                         boolean exitWhenDone) {
    public static final String DEFAULT_METRICS_HOST = "127.0.0.1";
    public static final int DEFAULT_UNIT_LATENTS = 32;
    public static final int DEFAULT_STAGE_QUEUE = 64;
    public static final long DEFAULT_EXPLAIN_TIMEOUT_MS = 600_000;
    public static final long DEFAULT_SCORE_TIMEOUT_MS = 1_800_000;
    public static final int DEFAULT_ATTEMPTS = 5;
    public static final long DEFAULT_LEASE_MS = 60_000;

    public NodeConfig {
        roles = Set.copyOf(roles);
        require(!roles.isEmpty(), "node.roles must list at least one role");
        require(metricsPort >= 0 && metricsPort < 65536, "node.metricsPort must be 0..65535");
        require(unitLatents >= 1, "node.unitLatents must be at least 1");
        require(stageQueue >= 1, "node.stageQueue must be at least 1");
        require(explainTimeoutMs >= 100, "node.explainTimeoutMs must be at least 100");
        require(scoreTimeoutMs >= 100, "node.scoreTimeoutMs must be at least 100");
        require(attempts >= 1, "node.attempts must be at least 1");
        require(leaseMs >= 300, "node.leaseMs must be at least 300");
    }

    /** Every stage on one node: what {@code augur run} deploys. */
    public static NodeConfig allRoles() {
        return new NodeConfig(EnumSet.allOf(Role.class), 0, DEFAULT_METRICS_HOST, DEFAULT_UNIT_LATENTS,
            DEFAULT_STAGE_QUEUE, DEFAULT_EXPLAIN_TIMEOUT_MS, DEFAULT_SCORE_TIMEOUT_MS,
            DEFAULT_ATTEMPTS, DEFAULT_LEASE_MS, false);
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
            if (!key.startsWith("_") && !Set.of("roles", "metricsPort", "metricsHost", "unitLatents", "stageQueue",
                "explainTimeoutMs", "scoreTimeoutMs", "attempts", "leaseMs", "exitWhenDone").contains(key)) {
                throw new AugurException("node." + key + ": unknown node setting");
            }
        }
        try {
            return new NodeConfig(roles, n.getInteger("metricsPort", 0),
                n.getString("metricsHost", DEFAULT_METRICS_HOST),
                n.getInteger("unitLatents", DEFAULT_UNIT_LATENTS), n.getInteger("stageQueue", DEFAULT_STAGE_QUEUE),
                n.getLong("explainTimeoutMs", DEFAULT_EXPLAIN_TIMEOUT_MS),
                n.getLong("scoreTimeoutMs", DEFAULT_SCORE_TIMEOUT_MS), n.getInteger("attempts", DEFAULT_ATTEMPTS),
                n.getLong("leaseMs", DEFAULT_LEASE_MS), n.getBoolean("exitWhenDone", false));
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
