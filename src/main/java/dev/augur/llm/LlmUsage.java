package dev.augur.llm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of one client's LLM traffic, reported in the run summary. */
public final class LlmUsage {
    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final LongAdder circuitOpenings = new LongAdder();
    private final LongAdder outageMs = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final LongAdder cachePromptTokens = new LongAdder();
    private final LongAdder cacheCompletionTokens = new LongAdder();
    private final List<EndpointUsage> endpoints = new CopyOnWriteArrayList<>();

    EndpointUsage addEndpoint(String baseUrl) {
        EndpointUsage e = new EndpointUsage(baseUrl);
        endpoints.add(e);
        return e;
    }

    /** A request answered from the response cache: no call, its tokens not paid again. */
    void countCacheHit(long prompt, long completion) {
        cacheHits.increment();
        cachePromptTokens.add(prompt);
        cacheCompletionTokens.add(completion);
    }

    void countCacheMiss() {
        cacheMisses.increment();
    }

    void countRequest() {
        requests.increment();
    }

    void countRetry() {
        retries.increment();
    }

    void countFailure() {
        failures.increment();
    }

    void addTokens(long prompt, long completion) {
        promptTokens.add(prompt);
        completionTokens.add(completion);
    }

    void countCircuitOpening() {
        circuitOpenings.increment();
    }

    void addOutageMs(long ms) {
        outageMs.add(ms);
    }

    /** HTTP attempts made (first tries and retries), over all endpoints; cache hits are not. */
    public long requests() {
        return requests.sum();
    }

    /**
     * Attempts that were scheduled again after a retryable failure, including those put back to
     * wait for an endpoint that is down (which do not use up the request's retries).
     */
    public long retries() {
        return retries.sum();
    }

    /** Chat calls that finally failed. */
    public long failures() {
        return failures.sum();
    }

    public long promptTokens() {
        return promptTokens.sum();
    }

    public long completionTokens() {
        return completionTokens.sum();
    }

    /** Times an endpoint was found down and taken out of rotation (its circuit opened), summed. */
    public long circuitOpenings() {
        return circuitOpenings.sum();
    }

    /**
     * Milliseconds during which every endpoint was down (requests waited), summed; an outage is
     * added when it ends (or when the client closes during it). With one endpoint: its circuit's
     * open time.
     */
    public long outageMs() {
        return outageMs.sum();
    }

    /** Requests answered from the response cache (no HTTP call; not in {@link #requests()}). */
    public long cacheHits() {
        return cacheHits.sum();
    }

    /** Requests looked up in the response cache and not found there (sent to a server). */
    public long cacheMisses() {
        return cacheMisses.sum();
    }

    /** Prompt tokens of the cached answers (as the server reported them when it answered). */
    public long cachePromptTokens() {
        return cachePromptTokens.sum();
    }

    /** Completion tokens of the cached answers; not in {@link #completionTokens()}. */
    public long cacheCompletionTokens() {
        return cacheCompletionTokens.sum();
    }

    /** Each endpoint's counters, in the order of the configured base URLs. */
    public List<EndpointUsage> endpoints() {
        return List.copyOf(endpoints);
    }

    /** A snapshot as an ordered map (Jackson writes it as a JSON object). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests());
        m.put("retries", retries());
        m.put("failures", failures());
        m.put("prompt_tokens", promptTokens());
        m.put("completion_tokens", completionTokens());
        m.put("circuit_openings", circuitOpenings());
        m.put("outage_ms", outageMs());
        m.put("cache_hits", cacheHits());
        m.put("cache_misses", cacheMisses());
        m.put("cache_prompt_tokens", cachePromptTokens());
        m.put("cache_completion_tokens", cacheCompletionTokens());
        m.put("endpoints", endpoints.stream().map(EndpointUsage::toJson).toList());
        return m;
    }

    @Override
    public String toString() {
        return "LlmUsage" + toJson();
    }
}
