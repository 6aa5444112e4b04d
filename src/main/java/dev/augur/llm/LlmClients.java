package dev.augur.llm;

import io.vertx.core.Vertx;
import java.nio.file.Path;

/** Opens the client a run uses: the server's, behind the response cache when one is set. */
public final class LlmClients {
    private LlmClients() {
    }

    /** The client of {@code config}, its API key read from the process environment. */
    public static LlmClient fromEnvironment(Vertx vertx, LlmConfig config) {
        OpenAiClient server = OpenAiClient.fromEnvironment(vertx, config);
        if (config.cacheDir() == null) {
            return server;
        }
        return new CachedLlmClient(vertx, server, config,
            new ResponseCache(Path.of(config.cacheDir()), config.cacheMaxMb() * 1024 * 1024));
    }
}
