package dev.augur.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started as users start it ({@code bin/vertx run dev.augur.pipeline.NodeVerticle -conf
 * FILE}) with a config it cannot run: one line naming the problem, exit status 2, no stack
 * trace, nothing written. (Vert.x's launcher alone would log the failed deployment as a stack
 * trace and exit 0 (measured with Vert.x 5.0.7: a failed deployment left the launcher exiting 0).
 */
class NodeBadConfigIT {
    @TempDir
    Path dir;

    @Test
    void aNodeWithABadConfigPrintsOneLineAndExits2() throws Exception {
        JsonObject shipped = new JsonObject(Files.readString(ChaosCluster.REPO.resolve(ChaosCluster.FULL)));
        shipped.getJsonObject("run").put("cache", dir.resolve("no-such-cache").toString())
            .put("tokenizer", ChaosCluster.TOKENIZER.toString()).put("results", dir.resolve("results").toString());
        shipped.getJsonObject("node").put("metricsPort", 0).put("roles", new JsonArray(List.of("coordinator",
            "dataset", "construct", "sample", "write", "explain", "score")));
        Path conf = dir.resolve("node.json");
        Files.writeString(conf, shipped.encodePrettily());
        Path log = dir.resolve("node.log");
        ProcessBuilder pb = new ProcessBuilder(ChaosCluster.VERTX.toString(), "run", "dev.augur.pipeline.NodeVerticle",
            "-conf", conf.toString());
        pb.directory(dir.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("AUGUR_JAVA_OPTS", "-Xmx256m");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the node exits by itself");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertEquals(2, p.exitValue(), out);
        List<String> errors = out.lines().filter(l -> l.startsWith("augur node: error:")).toList();
        assertEquals(1, errors.size(), out);
        assertTrue(errors.get(0).contains("no-such-cache"), errors.get(0));
        assertFalse(out.contains("\tat ") || out.contains("Exception"), "no stack trace:\n" + out);
        assertFalse(Files.exists(dir.resolve("results")), "nothing written");
    }
}
