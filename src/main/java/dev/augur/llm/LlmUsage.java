package dev.augur.llm;

import java.util.LinkedHashMap;
import java.util.Map;
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

    /** HTTP attempts made (first tries and retries). */
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

    /** Times the endpoint was found down and the client stopped sending (its circuit opened). */
    public long circuitOpenings() {
        return circuitOpenings.sum();
    }

    /**
     * Milliseconds the circuit was open, summed; an outage is added when it ends (or when the
     * client closes during it).
     */
    public long outageMs() {
        return outageMs.sum();
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
        return m;
    }

    @Override
    public String toString() {
        return "LlmUsage" + toJson();
    }
}
