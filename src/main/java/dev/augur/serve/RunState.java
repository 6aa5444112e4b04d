package dev.augur.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.llm.LlmUsage;
import dev.augur.record.LatentRecord;
import dev.augur.run.LatentResult;
import dev.augur.runfolder.RunLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the dashboard knows about a run beyond its files: the counts as latents are built and
 * finish, the failures with their reasons, the rate, the LLM usage so far, and who listens for
 * events. Fed by the run's observer (live) or read once from a finished run folder. Every
 * method is cheap and thread-safe: the run calls it from its own threads and never waits.
 */
public final class RunState {
    /** Where the run is. */
    public enum Phase { RUNNING, DONE, FAILED }

    /** What the table needs of a built latent. */
    record Built(long nActivations, double frequency, String skipped) {
    }

    /** A finished latent: its status ({@link LatentResult.Status} in lower case, or "skipped") and reason. */
    record Outcome(String status, String reason) {
    }

    /** Failures kept with their reasons; the counts cover them all. */
    static final int MAX_FAILURES = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path run;
    private final LongSupplier clockMs;
    private final long startMs;
    private volatile long selected = -1;
    private final AtomicLong built = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    /** Selected latents that never fire: known when the run ends (they are never built). */
    private final AtomicLong dead = new AtomicLong();
    private final Map<LatentResult.Status, AtomicLong> results = new EnumMap<>(LatentResult.Status.class);
    private final Map<String, Built> builtLatents = new ConcurrentHashMap<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> failures = new CopyOnWriteArrayList<>();
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Phase phase = Phase.RUNNING;
    private volatile String error;
    private volatile Supplier<LlmUsage> usage = () -> null;
    /** USD per million prompt and completion tokens, or NaN when unknown. */
    private volatile double priceInput = Double.NaN;
    private volatile double priceOutput = Double.NaN;
    private volatile Supplier<List<Map<String, Object>>> members = List::of;

    public RunState(Path run, LongSupplier clockMs) {
        this.run = run;
        this.clockMs = clockMs;
        this.startMs = clockMs.getAsLong();
        for (LatentResult.Status s : LatentResult.Status.values()) {
            results.put(s, new AtomicLong());
        }
    }

    public Path run() {
        return run;
    }

    /** The latents the run selected, when known before they are built. */
    public RunState selected(long n) {
        this.selected = n;
        return this;
    }

    public RunState usage(Supplier<LlmUsage> source) {
        this.usage = source;
        return this;
    }

    /** Prices in USD per million prompt and completion tokens, so the usage shows its cost. */
    public RunState prices(double input, double output) {
        this.priceInput = input;
        this.priceOutput = output;
        return this;
    }

    /** The cluster's members as the dashboard shows them (a coordinator in a cluster). */
    public RunState members(Supplier<List<Map<String, Object>>> source) {
        this.members = source;
        return this;
    }

    /** A record built, or skipped (too rare, no train examples). */
    public void record(LatentRecord r) {
        builtLatents.put(r.name(), new Built(r.examples().nActivations(), r.examples().perTokenFrequency(),
            r.skipped()));
        built.incrementAndGet();
        if (r.isSkipped()) {
            skipped.incrementAndGet();
            outcomes.put(r.name(), new Outcome("skipped", r.skipped()));
            emit("latent", Map.of("name", r.name(), "status", "skipped", "reason", r.skipped()));
        }
    }

    /** A latent done: scored, already done, without explanation or failed. */
    public void result(LatentResult r) {
        results.get(r.status()).incrementAndGet();
        String status = r.status().name().toLowerCase(java.util.Locale.ROOT);
        outcomes.put(r.name(), new Outcome(status, r.message()));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("name", r.name());
        event.put("status", status);
        event.put("reason", r.message());
        if (r.status() == LatentResult.Status.FAILED || r.status() == LatentResult.Status.NO_EXPLANATION) {
            if (failures.size() < MAX_FAILURES) {
                failures.add(Map.of("name", r.name(), "reason", String.valueOf(r.message())));
            }
        }
        emit("latent", event);
    }

    /** The run ended, cleanly or with the error that stopped it; {@code deadLatents} never fired. */
    public void finished(long deadLatents, Throwable e) {
        dead.set(deadLatents);
        phase = e == null ? Phase.DONE : Phase.FAILED;
        error = e == null ? null : String.valueOf(e.getMessage());
        emit("progress", snapshot());
    }

    /** Listens for "latent" and "progress" events; the returned action stops listening. */
    public Runnable listen(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void emit(String type, Map<String, Object> data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("data", data);
        for (Consumer<Map<String, Object>> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                // one listener's failure (a closed connection) is not the run's
            }
        }
    }

    Built built(String name) {
        return builtLatents.get(name);
    }

    Outcome outcome(String name) {
        return outcomes.get(name);
    }

    /** Every latent the state has heard of. */
    java.util.Set<String> names() {
        java.util.Set<String> all = new java.util.HashSet<>(builtLatents.keySet());
        all.addAll(outcomes.keySet());
        return all;
    }

    public Phase phase() {
        return phase;
    }

    /** Done latents: every outcome, skipped and dead ones included. */
    public long done() {
        return results.values().stream().mapToLong(AtomicLong::get).sum() + skipped.get() + dead.get();
    }

    /** {@code GET /api/run} without the per-scorer figures (see {@link LatentRows}). */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run.toString());
        m.put("status", phase.name().toLowerCase(java.util.Locale.ROOT));
        m.put("error", error);
        long done = done();
        long failed = results.get(LatentResult.Status.FAILED).get();
        long noExplanation = results.get(LatentResult.Status.NO_EXPLANATION).get();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("selected", selected < 0 ? null : selected);
        counts.put("built", built.get());
        counts.put("done", done);
        counts.put("scored", results.get(LatentResult.Status.SCORED).get());
        counts.put("already_done", results.get(LatentResult.Status.ALREADY_DONE).get());
        counts.put("failed", failed);
        counts.put("no_explanation", noExplanation);
        counts.put("skipped", skipped.get());
        counts.put("dead", dead.get());
        long inFlight = phase == Phase.RUNNING ? Math.max(0, built.get() - done + dead.get()) : 0;
        counts.put("in_flight", inFlight);
        m.put("counts", counts);
        double secs = Math.max(1e-3, (clockMs.getAsLong() - startMs) / 1000.0);
        double rate = done / secs;
        m.put("elapsed_s", secs);
        m.put("rate_per_s", rate);
        m.put("eta_s", phase != Phase.RUNNING || selected < 0 || rate <= 0 ? null
            : Math.max(0, selected - done) / rate); // dead latents end the count early
        LlmUsage u = usage.get();
        if (u == null) {
            m.put("usage", null);
        } else {
            Map<String, Object> usageMap = new LinkedHashMap<>();
            usageMap.put("requests", u.requests());
            usageMap.put("prompt_tokens", u.promptTokens());
            usageMap.put("completion_tokens", u.completionTokens());
            boolean priced = !Double.isNaN(priceInput) && !Double.isNaN(priceOutput);
            usageMap.put("cost_usd", priced ? (u.promptTokens() * priceInput + u.completionTokens() * priceOutput) / 1e6
                : null);
            m.put("usage", usageMap);
        }
        m.put("failures", List.copyOf(failures));
        m.put("members", members.get());
        return m;
    }

    /**
     * The state of a finished run folder (augur serve): built latents from latents.jsonl, scored
     * ones from done/ (or, in a folder delphi wrote, from their score files), the rest failed.
     */
    public static RunState ofFolder(Path run) {
        RunState s = new RunState(run, System::currentTimeMillis);
        RunLayout layout = new RunLayout(run);
        Path lines = run.resolve("latents.jsonl");
        if (Files.isRegularFile(lines)) {
            try (BufferedReader in = Files.newBufferedReader(lines, StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    JsonNode n = JSON.readTree(line);
                    if (n == null || !n.hasNonNull("latent")) {
                        continue;
                    }
                    String name = n.get("latent").asText();
                    String skip = n.hasNonNull("skipped") ? n.get("skipped").asText() : null;
                    s.builtLatents.put(name, new Built(n.path("n_activations").asLong(),
                        n.path("per_token_frequency").asDouble(), skip));
                    s.built.incrementAndGet();
                    if (skip != null) {
                        s.skipped.incrementAndGet();
                        s.outcomes.put(name, new Outcome("skipped", skip));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a damaged bookkeeping file: show what the other files say
            }
        }
        Path stats = run.resolve("run_stats.json");
        if (Files.isRegularFile(stats)) {
            try {
                JsonNode st = JSON.readTree(stats.toFile());
                s.selected = st.path("selected").asLong(-1);
                s.dead.set(st.path("dead").asLong(0));
            } catch (IOException e) {
                // as above
            }
        }
        for (String name : LatentRows.namesOnDisk(layout)) {
            if (s.outcomes.containsKey(name)) {
                continue;
            }
            boolean complete = Files.exists(layout.completion(name))
                || (!Files.isDirectory(layout.dir().resolve("done")) && LatentRows.hasAnyScore(layout, name));
            LatentResult.Status st = complete ? LatentResult.Status.SCORED : LatentResult.Status.FAILED;
            s.results.get(st).incrementAndGet();
            s.outcomes.put(name, new Outcome(st.name().toLowerCase(java.util.Locale.ROOT),
                complete ? null : "no completion record"));
        }
        for (String name : s.builtLatents.keySet()) {
            if (!s.outcomes.containsKey(name)) {
                s.results.get(LatentResult.Status.FAILED).incrementAndGet();
                s.outcomes.put(name, new Outcome("failed", "no completion record"));
            }
        }
        s.outcomes.forEach((name, o) -> {
            if ("failed".equals(o.status()) && s.failures.size() < MAX_FAILURES) {
                s.failures.add(Map.of("name", name, "reason", String.valueOf(o.reason())));
            }
        });
        s.phase = Phase.DONE;
        return s;
    }

    /** For tests and the latent table: every outcome known. */
    List<String> outcomeNames() {
        return new ArrayList<>(outcomes.keySet());
    }
}
