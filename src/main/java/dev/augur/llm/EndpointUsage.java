package dev.augur.llm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters of one endpoint of a client (one base URL), for the usage file and the
 * Prometheus metrics: how much it was asked, how often it failed, what it holds now.
 */
public final class EndpointUsage {
    private final String baseUrl;
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final LongAdder circuitOpenings = new LongAdder();
    private final LongAdder outageMs = new LongAdder();
    private volatile boolean down;

    EndpointUsage(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void attemptStarted() {
        requests.increment();
        outstanding.incrementAndGet();
    }

    void attemptEnded(boolean failed) {
        outstanding.decrementAndGet();
        if (failed) {
            failures.increment();
        }
    }

    void opened() {
        circuitOpenings.increment();
        down = true;
    }

    void closed(long outage) {
        outageMs.add(outage);
        down = false;
    }

    /** The base URL (validated to carry no credentials, so it may be shown). */
    public String baseUrl() {
        return baseUrl;
    }

    /** HTTP attempts sent to this endpoint. */
    public long requests() {
        return requests.sum();
    }

    /** Attempts that got no usable answer here (refused, 5xx, 429, timeout, bad body, other 4xx). */
    public long failures() {
        return failures.sum();
    }

    /** Attempts in flight at this endpoint now. */
    public int outstanding() {
        return outstanding.get();
    }

    /** Times this endpoint was taken out of rotation (its circuit opened). */
    public long circuitOpenings() {
        return circuitOpenings.sum();
    }

    /** Milliseconds out of rotation, summed over the outages that ended. */
    public long outageMs() {
        return outageMs.sum();
    }

    /** True while out of rotation: only probes go there until one gets an answer. */
    public boolean down() {
        return down;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base_url", baseUrl);
        m.put("requests", requests());
        m.put("failures", failures());
        m.put("outstanding", outstanding());
        m.put("circuit_openings", circuitOpenings());
        m.put("outage_ms", outageMs());
        return m;
    }
}
