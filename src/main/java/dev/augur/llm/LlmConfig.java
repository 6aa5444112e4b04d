package dev.augur.llm;

import dev.augur.AugurException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach an OpenAI-compatible chat-completions server (SPEC 9) and how hard to push it.
 * Holds the NAME of the environment variable with the API key, never the key itself, so this
 * record can be printed and written to a run report safely.
 *
 * @param baseUrls          one or more endpoints serving the same model, e.g.
 *                          {@code http://127.0.0.1:8080/v1}; requests go to {@code <base>/chat/completions}
 *                          of the one with the fewest requests outstanding
 * @param model             the model name sent in every request
 * @param apiKeyEnv         environment variable holding the key (unset is fine for local servers)
 * @param concurrency       at most this many HTTP requests in flight at each endpoint
 * @param requestsPerMinute start at most this many attempts per minute, evenly spaced; 0 = unlimited
 * @param requestTimeoutMs  limit of one HTTP attempt
 * @param maxRetries        retries after the first attempt (429, 5xx, timeouts, connection errors)
 * @param initialBackoffMs  backoff cap of the first retry; doubles per retry (full jitter)
 * @param maxBackoffMs      cap of any wait, Retry-After included
 * @param maxTokens         default {@code max_tokens} of requests that set none
 * @param temperature       default temperature of requests that set none
 * @param failureThreshold  consecutive endpoint failures (refused connections, 5xx) that open the
 *                          client's circuit: no new attempts until a probe gets an answer
 * @param probeMaxMs        longest wait between two probes of an endpoint that is down
 * @param maxOutageMs       how long a request waits in total while every endpoint is down before
 *                          it fails
 * @param cacheDir          folder of the response cache ({@link ResponseCache}), or null for none
 * @param cacheMaxMb        size bound of the response cache, in MiB
 */
public record LlmConfig(List<String> baseUrls, String model, String apiKeyEnv, int concurrency,
                        int requestsPerMinute, long requestTimeoutMs, int maxRetries,
                        long initialBackoffMs, long maxBackoffMs, int maxTokens, double temperature,
                        int failureThreshold, long probeMaxMs, long maxOutageMs, String cacheDir,
                        long cacheMaxMb) {
    public static final String DEFAULT_API_KEY_ENV = "OPENROUTER_API_KEY";
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final long DEFAULT_INITIAL_BACKOFF_MS = 500;
    public static final long DEFAULT_MAX_BACKOFF_MS = 30_000;
    public static final int DEFAULT_MAX_TOKENS = 3000;
    public static final double DEFAULT_TEMPERATURE = 0.0;
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final long DEFAULT_PROBE_MAX_MS = 10_000;
    public static final long DEFAULT_MAX_OUTAGE_MS = 15 * 60_000;
    public static final long DEFAULT_CACHE_MAX_MB = 1024;

    public LlmConfig {
        if (baseUrls == null || baseUrls.isEmpty()) {
            throw new AugurException("llm: no base URL (expected e.g. http://127.0.0.1:8080/v1)");
        }
        List<String> urls = new ArrayList<>();
        for (String url : baseUrls) {
            String u = normalizeBaseUrl(url);
            require(!urls.contains(u), "the base URL " + u + " is given twice");
            urls.add(u);
        }
        baseUrls = List.copyOf(urls);
        if (model == null || model.isBlank()) {
            throw new AugurException("llm: model name is empty");
        }
        if (apiKeyEnv == null || apiKeyEnv.isBlank()) {
            apiKeyEnv = DEFAULT_API_KEY_ENV;
        }
        if (!apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            // The value is not echoed: a user may have pasted the key itself here.
            throw new AugurException("llm: the API key variable must be an environment variable"
                + " NAME (letters, digits, _), not the key itself");
        }
        require(concurrency >= 1, "concurrency must be at least 1, got " + concurrency);
        require(requestsPerMinute >= 0, "requests per minute must be >= 0 (0 = unlimited), got "
            + requestsPerMinute);
        require(requestTimeoutMs >= 1, "request timeout must be at least 1 ms, got " + requestTimeoutMs);
        require(maxRetries >= 0, "max retries must be >= 0, got " + maxRetries);
        require(initialBackoffMs >= 1, "initial backoff must be at least 1 ms, got " + initialBackoffMs);
        require(maxBackoffMs >= initialBackoffMs, "max backoff (" + maxBackoffMs
            + " ms) must be >= initial backoff (" + initialBackoffMs + " ms)");
        require(maxTokens >= 1, "max tokens must be at least 1, got " + maxTokens);
        require(Double.isFinite(temperature) && temperature >= 0,
            "temperature must be a finite number >= 0, got " + temperature);
        require(failureThreshold >= 1, "failure threshold must be at least 1, got " + failureThreshold);
        require(probeMaxMs >= 1, "max probe interval must be at least 1 ms, got " + probeMaxMs);
        require(maxOutageMs >= 1, "max outage must be at least 1 ms, got " + maxOutageMs);
        require(cacheMaxMb >= 1, "the response cache bound must be at least 1 MiB, got " + cacheMaxMb);
        cacheDir = cacheDir == null || cacheDir.isBlank() ? null : cacheDir;
    }

    /** Defaults for everything but where and which model. */
    public static LlmConfig of(String baseUrl, String model) {
        return of(java.util.Collections.singletonList(baseUrl), model);
    }

    /** Defaults for everything but the endpoints (one or more, same model) and which model. */
    public static LlmConfig of(List<String> baseUrls, String model) {
        return new LlmConfig(baseUrls, model, DEFAULT_API_KEY_ENV, DEFAULT_CONCURRENCY, 0,
            DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_MAX_RETRIES, DEFAULT_INITIAL_BACKOFF_MS,
            DEFAULT_MAX_BACKOFF_MS, DEFAULT_MAX_TOKENS, DEFAULT_TEMPERATURE, DEFAULT_FAILURE_THRESHOLD,
            DEFAULT_PROBE_MAX_MS, DEFAULT_MAX_OUTAGE_MS, null, DEFAULT_CACHE_MAX_MB);
    }

    public LlmConfig withApiKeyEnv(String env) {
        return new LlmConfig(baseUrls, model, env, concurrency, requestsPerMinute, requestTimeoutMs,
            maxRetries, initialBackoffMs, maxBackoffMs, maxTokens, temperature, failureThreshold,
            probeMaxMs, maxOutageMs, cacheDir, cacheMaxMb);
    }

    public LlmConfig withLimits(int newConcurrency, int newRequestsPerMinute) {
        return new LlmConfig(baseUrls, model, apiKeyEnv, newConcurrency, newRequestsPerMinute,
            requestTimeoutMs, maxRetries, initialBackoffMs, maxBackoffMs, maxTokens, temperature,
            failureThreshold, probeMaxMs, maxOutageMs, cacheDir, cacheMaxMb);
    }

    public LlmConfig withRetries(long timeoutMs, int retries, long initialMs, long maxMs) {
        return new LlmConfig(baseUrls, model, apiKeyEnv, concurrency, requestsPerMinute, timeoutMs,
            retries, initialMs, maxMs, maxTokens, temperature, failureThreshold, probeMaxMs,
            maxOutageMs, cacheDir, cacheMaxMb);
    }

    public LlmConfig withSampling(int newMaxTokens, double newTemperature) {
        return new LlmConfig(baseUrls, model, apiKeyEnv, concurrency, requestsPerMinute,
            requestTimeoutMs, maxRetries, initialBackoffMs, maxBackoffMs, newMaxTokens, newTemperature,
            failureThreshold, probeMaxMs, maxOutageMs, cacheDir, cacheMaxMb);
    }

    /** The circuit settings: see {@link #failureThreshold}, {@link #probeMaxMs}, {@link #maxOutageMs}. */
    public LlmConfig withOutage(int threshold, long newProbeMaxMs, long newMaxOutageMs) {
        return new LlmConfig(baseUrls, model, apiKeyEnv, concurrency, requestsPerMinute,
            requestTimeoutMs, maxRetries, initialBackoffMs, maxBackoffMs, maxTokens, temperature,
            threshold, newProbeMaxMs, newMaxOutageMs, cacheDir, cacheMaxMb);
    }

    /**
     * The response cache: answers kept in {@code dir} (null: no cache), at most {@code maxMb} MiB
     * of them (the least recently used go first).
     */
    public LlmConfig withCache(String dir, long maxMb) {
        return new LlmConfig(baseUrls, model, apiKeyEnv, concurrency, requestsPerMinute,
            requestTimeoutMs, maxRetries, initialBackoffMs, maxBackoffMs, maxTokens, temperature,
            failureThreshold, probeMaxMs, maxOutageMs, dir, maxMb);
    }

    /** The first endpoint (the only one, usually). */
    public String baseUrl() {
        return baseUrls.get(0);
    }

    /** {@code <base>/chat/completions} of the first endpoint. */
    public String chatCompletionsUrl() {
        return chatCompletionsUrl(baseUrl());
    }

    static String chatCompletionsUrl(String baseUrl) {
        return baseUrl + "/chat/completions";
    }

    /**
     * A base URL as the config holds it (stripped, no trailing '/'), or an {@link AugurException}
     * saying what is wrong with it (without quoting it when it may hold credentials).
     */
    public static String normalizeBaseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new AugurException("llm: base URL is empty (expected e.g. http://127.0.0.1:8080/v1)");
        }
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        checkUrl(u);
        return u;
    }

    /** The key from {@code env[apiKeyEnv]}; empty when unset or blank (fine for local servers). */
    public Optional<String> resolveApiKey(Map<String, String> env) {
        return resolveApiKey(apiKeyEnv, env);
    }

    /** The key from {@code env[name]}, stripped; empty when unset or blank. */
    public static Optional<String> resolveApiKey(String name, Map<String, String> env) {
        String value = env == null ? null : env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new AugurException("llm: the base URL is not a valid URL; it must be"
                + " http:// or https:// with a host (e.g. http://127.0.0.1:8080/v1)");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            // It would be logged and written to run_config.json: credentials belong in the env.
            throw new AugurException("llm: the base URL must not carry credentials, a query or a "
                + "fragment (it is written to run_config.json); put the key in the environment "
                + "variable named by --api-key-env");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            || uri.getHost() == null) {
            throw new AugurException("llm: base URL '" + url
                + "' must be http:// or https:// with a host (e.g. http://127.0.0.1:8080/v1)");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AugurException("llm: " + message);
        }
    }
}
