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
}
