package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.cli.RunPlans;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A node config's bad keys and values are echoed on one line (control characters escaped). */
class NodeConfigMessagesTest {
    private static String message(Runnable r) {
        AugurException e = assertThrows(AugurException.class, r::run);
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void theFuzzersReproducerGivesOneLine() throws Exception {
        byte[] repro = Files.readAllBytes(Path.of(getClass()
            .getResource("NodeConfigFuzzTestInputs/nodeConfig/repro-key-with-newline").toURI()));
        JsonObject config = new JsonObject(Buffer.buffer(repro));
        message(() -> {
            NodeConfig.fromJson(config);
            RunPlans.fromConfig(config, false);
        });
    }

    @Test
    void anUnknownRunSettingWithANewlineIsEscaped() {
        String m = message(() -> RunPlans.fromConfig(new JsonObject().put("min-\nexamples", 3), false));
        assertTrue(m.contains("unknown setting(s) [min-\\nexamples]"), m);
    }

    @Test
    void anUnknownNodeKeyOrRoleWithANewlineIsEscaped() {
        String m = message(() -> NodeConfig.fromJson(new JsonObject().put("node",
            new JsonObject().put("role\ns", "all"))));
        assertTrue(m.contains("node.role\\ns: unknown node setting"), m);
        m = message(() -> NodeConfig.fromJson(new JsonObject().put("node",
            new JsonObject().put("roles", new io.vertx.core.json.JsonArray().add("sc\r\nore")))));
        assertTrue(m.contains("unknown role 'sc\\r\\nore'"), m);
    }

    @Test
    void theKeysAreTheRecordsComponentsAndEachIsRead() {
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("roles", "metricsPort", "metricsHost",
            "unitLatents", "stageQueue", "attempts", "leaseMs", "exitWhenDone", "keepAliveMs", "silenceMs",
            "requestBoundMs", "shutdownGraceMs", "httpPort", "httpHost", "httpTokenEnv"), NodeConfig.KEYS);
        NodeConfig n = NodeConfig.fromJson(new JsonObject().put("node", new JsonObject().put("roles",
                new io.vertx.core.json.JsonArray().add("all")).put("metricsPort", 9).put("metricsHost", "127.0.0.2")
            .put("unitLatents", 3).put("stageQueue", 4).put("attempts", 2).put("leaseMs", 1000).put("exitWhenDone", true)
            .put("keepAliveMs", 200).put("silenceMs", 900).put("requestBoundMs", 5000).put("shutdownGraceMs", 7)
            .put("httpPort", 8081).put("httpHost", "127.0.0.1").put("httpTokenEnv", "T")));
        org.junit.jupiter.api.Assertions.assertEquals(NodeConfig.allRoles().withMetrics(9, "127.0.0.2")
            .withUnitLatents(3).withStageQueue(4).withAttempts(2).withLeaseMs(1000).withExitWhenDone(true)
            .withFaults(new NodeConfig.Faults(200, 900, 5000, 7)).withHttp(new NodeConfig.Http(8081, "127.0.0.1", "T")), n,
            "every key reaches its component");
        assertThrows(AugurException.class, () -> NodeConfig.allRoles().withUnitLatents(0), "checked again");
    }
}
