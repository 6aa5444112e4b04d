package dev.augur.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.augur.cache.LatentCache;
import dev.augur.io.AtomicFiles;
import dev.augur.llm.LlmUsage;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bookkeeping files of a run (SPEC 10): {@code latents.jsonl} (every latent built),
 * {@code run_stats.json} (counts by outcome) and {@code report/usage.json} (LLM usage). The
 * latent lines stream to a temporary file during the run (memory stays flat however many
 * latents) that replaces {@code latents.jsonl} atomically at the end; all are derived from the
 * cache, so an interrupted run rebuilds them on resume.
 */
public final class RunFiles implements AutoCloseable {
    /** Problems kept for the final summary; the counts cover them all. */
    static final int MAX_PROBLEMS = 100;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINE = new ObjectMapper();

    private final RunLayout layout;
    private final Path pendingLatents;
    /** Latents of this run, so an earlier run's lines for other latents are kept (merge). */
    private final java.util.Set<String> names = new java.util.HashSet<>();
    private final BufferedOutputStream latentLines;
    private final Map<LatentResult.Status, AtomicLong> outcomes = new EnumMap<>(LatentResult.Status.class);
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    public RunFiles(RunLayout layout) {
        this.layout = layout;
        try {
            Files.createDirectories(layout.dir());
            this.pendingLatents = Files.createTempFile(layout.dir(), ".latents.jsonl.", ".tmp");
            this.latentLines = new BufferedOutputStream(Files.newOutputStream(pendingLatents));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (LatentResult.Status s : LatentResult.Status.values()) {
            outcomes.put(s, new AtomicLong());
        }
    }

    public RunLayout layout() {
        return layout;
    }

    /** Notes a built (or skipped) latent; called in latent order by the record reader. */
    public synchronized void record(LatentRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latent", r.name());
        m.put("module", r.module());
        m.put("index", r.latent());
        m.put("n_activations", r.examples().nActivations());
        m.put("per_token_frequency", r.examples().perTokenFrequency());
        m.put("skipped", r.examples().skipped());
        names.add(r.name());
        try {
            latentLines.write(LINE.writeValueAsBytes(m));
            latentLines.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Notes a processed latent; called from Vert.x threads. */
    public void result(LatentResult r) {
        outcomes.get(r.status()).incrementAndGet();
        if (r.message() != null && problems.size() < MAX_PROBLEMS) {
            problems.add(r.name() + ": " + r.message());
        }
    }

    public long count(LatentResult.Status s) {
        return outcomes.get(s).get();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public synchronized void finish(RecordStats stats, LlmUsage usage) {
        try {
            keepEarlierLatents();
            latentLines.close();
            Files.move(pendingLatents, layout.latents(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("selected", stats.selected());
            s.put("dead", stats.dead());
            s.put("too_rare", stats.tooRare());
            s.put("built", stats.built());
            outcomes.forEach((k, v) -> s.put(k.name().toLowerCase(java.util.Locale.ROOT), v.get()));
            AtomicFiles.write(layout.runStats(), JSON.writeValueAsBytes(s));
            if (usage != null) {
                AtomicFiles.write(layout.report().resolve("usage.json"), JSON.writeValueAsBytes(usage.toJson()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A rerun over another selection keeps the earlier lines of latents it did not build, so the
     * report (which reads the whole folder) still knows their activation counts.
     */
    private void keepEarlierLatents() throws IOException {
        if (!Files.isRegularFile(layout.latents())) {
            return;
        }
        try (java.io.BufferedReader in = Files.newBufferedReader(layout.latents())) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String name = LINE.readTree(line).path("latent").asText();
                if (!names.contains(name)) {
                    latentLines.write(line.getBytes(StandardCharsets.UTF_8));
                    latentLines.write('\n');
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return; // a damaged earlier file is replaced by this run's lines
        }
    }

    /** Drops the pending latent lines if the run ended before {@link #finish}. */
    @Override
    public synchronized void close() {
        try {
            latentLines.close();
            Files.deleteIfExists(pendingLatents);
        } catch (IOException e) {
            // The run's own error, if any, is the one worth reporting.
            return;
        }
    }

    /** Every setting that shaped the run; API keys are never flags, so none can appear. */
    public static void writeRunConfig(RunLayout layout, Map<String, Object> settings) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("augur_version", "0.1.0");
            m.putAll(settings);
            AtomicFiles.write(layout.runConfig(), JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings that do not change what a latent's outputs are (limits, paths, resumption). */
    private static final java.util.Set<String> NEUTRAL = java.util.Set.of("augur_version",
        "overwrite", "results", "name", "llm-concurrency", "rpm", "request-timeout", "max-retries",
        "llm-max-outage", "max-latents-in-flight", "conf", "demo", "embedding-cache", "latents",
        "module", "llm");

    /**
     * The result-shaping settings that differ from the run folder's existing run_config.json
     * ("key: old -> new"), empty for a new folder: resuming with other settings mixes outputs.
     */
    public static List<String> changedSettings(RunLayout layout, Map<String, Object> settings) {
        if (!Files.isRegularFile(layout.runConfig())) {
            return List.of();
        }
        List<String> changed = new ArrayList<>();
        try {
            com.fasterxml.jackson.databind.JsonNode old = LINE.readTree(layout.runConfig().toFile());
            com.fasterxml.jackson.databind.JsonNode now = LINE.valueToTree(settings);
            now.fieldNames().forEachRemaining(k -> {
                if (!NEUTRAL.contains(k) && old.has(k) && !old.get(k).toString().equals(now.get(k).toString())) {
                    changed.add(k + ": " + old.get(k) + " -> " + now.get(k));
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        return changed;
    }

    /** The model name of the cache's first module (to find its tokenizer). */
    public static String modelName(java.nio.file.Path cache) {
        LatentCache c = LatentCache.open(cache);
        return c.module(c.modules().get(0)).config().modelName();
    }
}
