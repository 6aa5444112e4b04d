package dev.augur.cli;

import dev.augur.llm.LlmConfig;
import picocli.CommandLine.Option;

/** Flags of the OpenAI-compatible server (SPEC 9). The key itself is never a flag. */
public final class LlmOptions {
    @Option(names = "--llm-base-url", paramLabel = "URL",
        description = "OpenAI-compatible base URL, e.g. https://openrouter.ai/api/v1 or http://127.0.0.1:8000/v1")
    String baseUrl;

    @Option(names = "--model")
    String model;

    @Option(names = "--api-key-env", defaultValue = LlmConfig.DEFAULT_API_KEY_ENV,
        description = "environment variable holding the API key (none needed for a local server)")
    String apiKeyEnv;

    @Option(names = "--llm-concurrency", defaultValue = "" + LlmConfig.DEFAULT_CONCURRENCY,
        description = "requests in flight at most, over all latents")
    int concurrency;

    @Option(names = "--rpm", defaultValue = "0", description = "requests per minute at most (0: no limit)")
    int rpm;

    @Option(names = "--request-timeout", defaultValue = "" + LlmConfig.DEFAULT_REQUEST_TIMEOUT_MS,
        description = "milliseconds per request attempt")
    long timeoutMs;

    @Option(names = "--max-retries", defaultValue = "" + LlmConfig.DEFAULT_MAX_RETRIES)
    int retries;

    @Option(names = "--llm-max-outage", paramLabel = "MS",
        defaultValue = "" + LlmConfig.DEFAULT_MAX_OUTAGE_MS,
        description = "how long prompts wait for an unreachable LLM endpoint before failing")
    long maxOutageMs;

    @Option(names = "--max-tokens", defaultValue = "" + LlmConfig.DEFAULT_MAX_TOKENS)
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "" + LlmConfig.DEFAULT_TEMPERATURE)
    double temperature;

    /** The server's settings, or null when no server was named (embedding-only runs). */
    LlmConfig config() {
        if (baseUrl == null && model == null) {
            return null;
        }
        if (baseUrl == null || model == null) {
            throw new dev.augur.AugurException("--llm-base-url and --model go together");
        }
        return LlmConfig.of(baseUrl, model).withApiKeyEnv(apiKeyEnv).withLimits(concurrency, rpm)
            .withRetries(timeoutMs, retries, LlmConfig.DEFAULT_INITIAL_BACKOFF_MS,
                LlmConfig.DEFAULT_MAX_BACKOFF_MS)
            .withSampling(maxTokens, temperature)
            .withOutage(LlmConfig.DEFAULT_FAILURE_THRESHOLD, LlmConfig.DEFAULT_PROBE_MAX_MS, maxOutageMs);
    }
}
