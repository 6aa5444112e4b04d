package dev.augur.run;

import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Public access to the run fixture for tests in other packages. */
public final class RunTestServer {
    private RunTestServer() {
    }

    public static FakeOpenAiServer.Reply answer(JsonObject request) {
        return ScoringRunFixture.answer(request);
    }

    public static Path writeCache(Path dir) throws Exception {
        return ScoringRunFixture.writeCache(dir);
    }
}
