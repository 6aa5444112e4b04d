package dev.augur.pipeline;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that start Vert.x nodes themselves: a scratch folder, and the nodes to close after each test. */
abstract class NodesTestBase {
    @TempDir
    Path dir;

    /** Nodes still open at the end of a test; a test that closes one itself leaves it out. */
    final List<Vertx> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() throws Exception {
        PipelineFixture.closeAll(nodes);
    }
}
