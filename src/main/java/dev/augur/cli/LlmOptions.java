package dev.augur.cli;

import dev.augur.llm.LlmConfig;
import picocli.CommandLine.Option;

/** Flags of the OpenAI-compatible server (SPEC 9). The key itself is never a flag. */
@HelpGroup.In(HelpGroup.LLM)
public final class LlmOptions {
    @Option(names = "--llm-base-url", paramLabel = "URL",
        description = "OpenAI-compatible base URL, ending in /v1; needed only when an LLM is asked "
            + "(default: none)")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME",
        description = "model name sent to the server; goes with --llm-base-url (default: none)")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = LlmConfig.DEFAULT_API_KEY_ENV,
        description = "environment variable holding the API key, never logged; a local server needs "
            + "none (default: ${DEFAULT-VALUE})")
    String apiKeyEnv;

    @Option(names = "--llm-concurrency", paramLabel = "N", defaultValue = "" + LlmConfig.DEFAULT_CONCURRENCY,
        description = "requests in flight at most, over all latents (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--rpm", paramLabel = "N", defaultValue = "0",
        description = "requests per minute at most, 0 = no limit (default: ${DEFAULT-VALUE})")
    int rpm;

    @Option(names = "--request-timeout", paramLabel = "MS", defaultValue = "" + LlmConfig.DEFAULT_REQUEST_TIMEOUT_MS,
        description = "milliseconds per request attempt (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--max-retries", paramLabel = "N", defaultValue = "" + LlmConfig.DEFAULT_MAX_RETRIES,
        description = "retries of a request after its first attempt (429, 5xx, timeouts, connection "
            + "errors) (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--llm-max-outage", paramLabel = "MS",
        defaultValue = "" + LlmConfig.DEFAULT_MAX_OUTAGE_MS,
        description = "milliseconds a prompt waits for an unreachable LLM endpoint before it fails "
            + "(default: ${DEFAULT-VALUE})")
    long maxOutageMs;

    @Option(names = "--max-tokens", paramLabel = "TOKENS", defaultValue = "" + LlmConfig.DEFAULT_MAX_TOKENS,
        description = "completion tokens per request at most (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "" + LlmConfig.DEFAULT_TEMPERATURE,
        description = "sampling temperature of explainer and scorer requests (default: ${DEFAULT-VALUE})")
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
