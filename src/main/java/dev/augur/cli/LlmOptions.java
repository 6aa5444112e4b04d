package dev.augur.cli;

import dev.augur.AugurException;
import dev.augur.llm.LlmConfig;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags of the OpenAI-compatible server (SPEC 9). The key itself is never a flag. */
@HelpGroup.In(HelpGroup.LLM)
public final class LlmOptions {
    /** Written in place of a folder: no response cache. */
    static final String CACHE_OFF = "off";

    @Option(names = "--llm-base-url", paramLabel = "URL", split = ",",
        description = "OpenAI-compatible base URL, ending in /v1; repeat it (or list URLs with commas) for "
            + "several servers of one model, each getting --llm-concurrency requests, the least busy "
            + "first; needed only when an LLM is asked (default: none)")
    List<String> baseUrls;

    @Option(names = "--model", paramLabel = "NAME",
        description = "model name sent to the server; goes with --llm-base-url (default: none)")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = LlmConfig.DEFAULT_API_KEY_ENV,
        description = "environment variable holding the API key, never logged; a local server needs "
            + "none (default: ${DEFAULT-VALUE})")
    String apiKeyEnv;

    @Option(names = "--llm-concurrency", paramLabel = "N", defaultValue = "" + LlmConfig.DEFAULT_CONCURRENCY,
        description = "requests in flight at most at each --llm-base-url, over all latents "
            + "(default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--rpm", paramLabel = "N", defaultValue = "0",
        description = "requests per minute at most, over all endpoints, 0 = no limit (default: ${DEFAULT-VALUE})")
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

    @Option(names = "--llm-cache", paramLabel = "DIR", defaultValue = CACHE_OFF,
        description = "folder of kept LLM answers: a request already answered (same model, sampling, "
            + "messages) is answered from it without a call; shareable by runs and nodes; off = none "
            + "(default: ${DEFAULT-VALUE})")
    String cache;

    @Option(names = "--llm-cache-max-mb", paramLabel = "MB", defaultValue = "" + LlmConfig.DEFAULT_CACHE_MAX_MB,
        description = "size bound of --llm-cache in MiB; the least recently used answers are deleted "
            + "past it (default: ${DEFAULT-VALUE})")
    long cacheMaxMb;

    /** The server's settings, or null when no server was named (embedding-only runs). */
    LlmConfig config() {
        boolean noUrl = baseUrls == null || baseUrls.isEmpty();
        if (noUrl && model == null) {
            return null;
        }
        if (noUrl || model == null) {
            throw new AugurException("--llm-base-url and --model go together");
        }
        if (cacheMaxMb < 1) {
            throw new AugurException("--llm-cache-max-mb must be at least 1, got " + cacheMaxMb);
        }
        return LlmConfig.of(checkedUrls(), model).withApiKeyEnv(apiKeyEnv).withLimits(concurrency, rpm)
            .withRetries(timeoutMs, retries, LlmConfig.DEFAULT_INITIAL_BACKOFF_MS,
                LlmConfig.DEFAULT_MAX_BACKOFF_MS)
            .withSampling(maxTokens, temperature)
            .withOutage(LlmConfig.DEFAULT_FAILURE_THRESHOLD, LlmConfig.DEFAULT_PROBE_MAX_MS, maxOutageMs)
            .withCache(cacheFolder(), cacheMaxMb);
    }

    /** Each URL checked, so the error names the flag (and which entry, when there are several). */
    private List<String> checkedUrls() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < baseUrls.size(); i++) {
            String where = "--llm-base-url" + (baseUrls.size() == 1 ? "" : " (URL " + (i + 1) + " of "
                + baseUrls.size() + ")");
            String url;
            try {
                url = LlmConfig.normalizeBaseUrl(baseUrls.get(i));
            } catch (AugurException e) {
                throw new AugurException(where + ": " + e.getMessage().replaceFirst("^llm: ", ""));
            }
            if (out.contains(url)) {
                throw new AugurException(where + ": " + url + " is given twice");
            }
            out.add(url);
        }
        return out;
    }

    /**
     * The cache folder as an absolute path, or null for {@code off}. It must be a folder this
     * process can write, or a path one can be made at; it is made at the first answer kept.
     */
    private String cacheFolder() {
        if (cache == null || cache.isBlank() || cache.strip().equals(CACHE_OFF)) {
            return null;
        }
        Path dir;
        try {
            dir = Path.of(cache.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new AugurException("--llm-cache " + cache + ": not a valid path");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new AugurException("--llm-cache " + cache + ": not a folder (a file is there)");
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new AugurException("--llm-cache " + cache + ": cannot be made ("
                + (existing == null ? "no such place" : existing + " is a file") + ")");
        }
        if (!Files.isWritable(existing)) {
            throw new AugurException("--llm-cache " + cache + ": " + (existing.equals(dir) ? "the folder"
                : existing + ", where it would be made,") + " is not writable");
        }
        return dir.toString();
    }
}
