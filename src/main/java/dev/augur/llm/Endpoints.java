package dev.augur.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The endpoints of one client and which one gets the next attempt: a probe due at an endpoint
 * out of rotation first, else the endpoint in rotation with the fewest attempts in flight
 * (ties go round, so sequential calls spread too), each below the per-endpoint concurrency.
 *
 * <p>It also keeps the client's outage clock: a clock that runs only while EVERY endpoint is out
 * of rotation. A request's wait for the service is that clock's advance during its lifetime;
 * while one endpoint still answers, requests go there and nothing waits. With one endpoint
 * this is that endpoint's circuit. Only touched on the client's context.
 */
final class Endpoints {
    /** What one attempt's outcome changed: for its endpoint, and for the service as a whole. */
    record Changes(EndpointCircuit.Change endpoint, EndpointCircuit.Change service) {
    }

    private final List<Endpoint> all = new ArrayList<>();
    private final int concurrency;
    private final LongSupplier nanoTime;
    private int cursor; // where the next search for a tie starts
    private boolean allDown;
    private long downSinceNanos;
    private long pastOutageNanos;
    private long lastOutageMs;

    Endpoints(LlmConfig config, LlmUsage usage, LongSupplier nanoTime) {
        this.concurrency = config.concurrency();
        this.nanoTime = nanoTime;
        for (String url : config.baseUrls()) {
            all.add(new Endpoint(url, new EndpointCircuit(config.failureThreshold(), config.probeMaxMs(),
                nanoTime), usage.addEndpoint(url)));
        }
    }

    List<Endpoint> all() {
        return all;
    }

    /** An endpoint out of rotation whose probe is due and that has a free slot, or null. */
    Endpoint dueProbe() {
        for (Endpoint e : all) {
            if (e.circuit.state() == EndpointCircuit.State.OPEN && e.circuit.msUntilProbe() == 0
                && e.inFlight < concurrency) {
                return e;
            }
        }
        return null;
    }

    /** The endpoint in rotation with a free slot and the fewest attempts in flight, or null. */
    Endpoint leastBusy() {
        Endpoint best = null;
        int n = all.size();
        for (int i = 0; i < n; i++) {
            Endpoint e = all.get((cursor + i) % n);
            if (e.circuit.isClosed() && e.inFlight < concurrency && (best == null || e.inFlight < best.inFlight)) {
                best = e;
            }
        }
        if (best != null) {
            cursor = (all.indexOf(best) + 1) % n;
        }
        return best;
    }

    /** Milliseconds until the next probe of an endpoint out of rotation is due; -1 when none waits. */
    long msUntilProbe() {
        long min = -1;
        for (Endpoint e : all) {
            if (e.circuit.state() == EndpointCircuit.State.OPEN) {
                long ms = e.circuit.msUntilProbe();
                min = min < 0 ? ms : Math.min(min, ms);
            }
        }
        return min;
    }

    /** True while every endpoint is out of rotation: requests wait, their outage clock runs. */
    boolean allDown() {
        return allDown;
    }

    /** Nanoseconds during which every endpoint was down, the current outage included. */
    long outageNanos() {
        return pastOutageNanos + (allDown ? nanoTime.getAsLong() - downSinceNanos : 0);
    }

    /** How long the current all-down outage has lasted; 0 when some endpoint is in rotation. */
    long currentOutageMs() {
        return allDown ? (nanoTime.getAsLong() - downSinceNanos) / 1_000_000 : 0;
    }

    /** How long the all-down outage that ended last lasted. */
    long lastOutageMs() {
        return lastOutageMs;
    }

    /** Records an attempt's outcome at {@code e}; {@code probe}: it was that endpoint's probe. */
    Changes record(Endpoint e, EndpointCircuit.Signal signal, boolean probe) {
        EndpointCircuit.Change change = e.circuit.record(signal, probe);
        if (change == EndpointCircuit.Change.OPENED) {
            e.usage.opened();
        } else if (change == EndpointCircuit.Change.CLOSED) {
            e.probe = null; // still in flight, it is an ordinary attempt now
            e.usage.closed(e.circuit.lastOutageMs());
        }
        boolean nowDown = all.stream().noneMatch(x -> x.circuit.isClosed());
        EndpointCircuit.Change service = EndpointCircuit.Change.NONE;
        if (nowDown && !allDown) {
            allDown = true;
            downSinceNanos = nanoTime.getAsLong();
            service = EndpointCircuit.Change.OPENED;
        } else if (!nowDown && allDown) {
            long outage = nanoTime.getAsLong() - downSinceNanos;
            pastOutageNanos += outage;
            lastOutageMs = outage / 1_000_000;
            allDown = false;
            service = EndpointCircuit.Change.CLOSED;
        }
        return new Changes(change, service);
    }

    @Override
    public String toString() {
        return all.size() == 1 ? all.get(0).toString() : all.toString();
    }
}
