package dev.augur.pipeline;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is in the cluster and what each node does, for the dashboard: every node writes its roles
 * and the prompts it has sent so far to a cluster-wide map every {@link #PERIOD_MS} (entries live
 * {@link #TTL_MS}, so a dead node drops out), and reads everyone's back, turning the growth of
 * each node's count into prompts per second. Reading is from the last copy: it never waits.
 */
final class NodeDirectory {
    static final String MAP = "augur.nodes";
    static final long PERIOD_MS = 2_000;
    static final long TTL_MS = 3 * PERIOD_MS;

    private final Vertx vertx;
    private final String nodeId;
    private final Set<Role> roles;
    private final PipelineMetrics metrics;
    private final Map<String, double[]> lastCount = new HashMap<>(); // node -> {prompts, at ms}
    private volatile List<Map<String, Object>> members = List.of();

    NodeDirectory(Vertx vertx, String nodeId, Set<Role> roles, PipelineMetrics metrics) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.roles = roles;
        this.metrics = metrics;
    }

    /** Starts publishing and reading; stops with the Vert.x instance. */
    NodeDirectory start() {
        tick();
        vertx.setPeriodic(PERIOD_MS, id -> tick());
        return this;
    }

    /** The members as last read: node, roles, prompts sent, prompts per second; this node first. */
    List<Map<String, Object>> members() {
        return members;
    }

    private void tick() {
        JsonObject mine = new JsonObject().put("roles", new JsonArray(roles.stream().map(Role::id).sorted().toList()))
            .put("prompts", metrics.promptsSent()).put("at", System.currentTimeMillis());
        vertx.sharedData().<String, JsonObject>getAsyncMap(MAP)
            .compose(map -> map.put(nodeId, mine, TTL_MS).compose(v -> entries(map)))
            .onSuccess(this::read);
    }

    private static io.vertx.core.Future<Map<String, JsonObject>> entries(AsyncMap<String, JsonObject> map) {
        return map.entries();
    }

    private synchronized void read(Map<String, JsonObject> all) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, JsonObject> e : all.entrySet()) {
            JsonObject n = e.getValue();
            double prompts = n.getDouble("prompts", 0.0);
            double at = n.getLong("at", 0L);
            double[] before = lastCount.put(e.getKey(), new double[] {prompts, at});
            Double rate = before == null || at <= before[1] ? null : (prompts - before[0]) * 1000 / (at - before[1]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", e.getKey());
            m.put("roles", n.getJsonArray("roles", new JsonArray()).getList());
            m.put("prompts_sent", (long) prompts);
            m.put("prompts_per_s", rate);
            out.add(m);
        }
        lastCount.keySet().retainAll(all.keySet());
        out.sort(Comparator.comparing((Map<String, Object> m) -> !nodeId.equals(m.get("node")))
            .thenComparing(m -> String.valueOf(m.get("node"))));
        members = List.copyOf(out);
    }
}
