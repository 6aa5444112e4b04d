package dev.augur.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The messages every stage sends for one fixed record, compared with a golden file that was
 * written from the prompts as they were built in code, before they moved into template files:
 * the shipped templates must send exactly what the code sent.
 * {@code -Daugur.golden.write=true} rewrites the file (only ever from a known-good build).
 */
class PromptGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/dev/augur/prompts/golden-messages.json");
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void shippedPromptsSendExactlyTheGoldenMessages() throws Exception {
        Map<String, JsonArray> captured = PromptCapture.capture(vertx, Function.identity(), Function.identity());
        JsonObject now = PromptCapture.asJson(captured);
        if (Boolean.getBoolean("augur.golden.write")) {
            Files.writeString(GOLDEN, now.encodePrettily() + "\n", StandardCharsets.UTF_8);
        }
        JsonObject golden = new JsonObject(Files.readString(GOLDEN, StandardCharsets.UTF_8));
        assertEquals(golden.fieldNames(), now.fieldNames());
        for (String stage : golden.fieldNames()) {
            JsonArray want = golden.getJsonArray(stage);
            JsonArray got = now.getJsonArray(stage);
            assertEquals(want.size(), got.size(), stage + ": number of requests");
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.getValue(i), got.getValue(i), stage + ", request " + i);
            }
        }
    }
}
