package dev.augur.api;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.run.LatentResult;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.TestTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java API example compiles (it is this source), matches the README, and runs. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    private static String between(String text) {
        int a = text.indexOf("// README example: start");
        int b = text.indexOf("// README example: end");
        String body = text.substring(text.indexOf('\n', a) + 1, b);
        return body.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    void readmeShowsThisExampleVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/augur/api/ReadmeExample.java"));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("// README example: start"), "README has the example");
        assertEquals(between(source), between(readme));
    }

    @Test
    void theExampleRunsAgainstAnOpenAiCompatibleServer() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx, ScoringRunFixture::answer).await();
        try {
            Path cache = ScoringRunFixture.writeCache(dir);
            List<LatentResult> results = ReadmeExample.run(cache,
                TestTokenizer.BYTE_BPE, server.baseUrl(), 20);
            assertEquals(Set.of("layers.2_latent0", "layers.2_latent1"),
                results.stream().map(LatentResult::name).collect(Collectors.toSet()));
            for (LatentResult r : results) {
                assertEquals(LatentResult.Status.SCORED, r.status());
                assertEquals(12 + r.record().samples().test().size(), r.scores().get("detection").size());
                assertTrue(r.scores().get("fuzz").stream().allMatch(s -> s.prediction() != null),
                    "the post-processing hook ran");
            }
        } finally {
            server.close().await();
            vertx.close().await();
        }
    }
}
