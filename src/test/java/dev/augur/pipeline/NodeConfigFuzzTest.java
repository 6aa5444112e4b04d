package dev.augur.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augur.cli.RunPlans;
import dev.augur.testing.FuzzFiles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a cluster node's JSON config (vertx run ... -conf FILE) as the node verticle reads it:
 * the {@code node} object, then the run settings of a node without a run. Bytes that are not a
 * JSON object are the launcher's to reject (Vert.x reads the file), so they are skipped here.
 */
@Timeout(30) // per input (Jazzer passes it to libFuzzer) and per JUnit invocation: above maxDuration
class NodeConfigFuzzTest {
    @AfterAll
    static void report() {
        FuzzFiles.report(NodeConfigFuzzTest.class);
    }

    @FuzzTest(maxDuration = "8s")
    void nodeConfig(byte[] data) throws Exception {
        JsonObject config;
        try {
            config = new JsonObject(Buffer.buffer(data));
        } catch (DecodeException | ClassCastException e) {
            return;
        }
        FuzzFiles.acceptsOrRejectsCleanly(null, () -> {
            NodeConfig node = NodeConfig.fromJson(config);
            node.has(Role.COORDINATOR);
            RunPlans.fromConfig(config, false);
        });
    }
}
