package dev.augur.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.augur.cache.LatentCache;
import dev.augur.io.AtomicFiles;
import dev.augur.io.TemporaryFiles;
import dev.augur.llm.LlmUsage;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.runfolder.RunLayout;
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
    /** Lines of built latents whose result has not come yet, by latent. */
    private final Map<String, Map<String, Object>> awaitingResult = new java.util.HashMap<>();
    private final Map<LatentResult.Status, AtomicLong> outcomes = new EnumMap<>(LatentResult.Status.class);
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private RecordStats recordStats;

    /** Pending latent lines: {@code .latents-<owner>.<random>.tmp} in the run folder. */
    private static final String PENDING_PREFIX = ".latents-";
    /** An atomic write's temporary file lives milliseconds; one this old was left by a killed process. */
    public static final java.time.Duration STALE_TEMPORARY = java.time.Duration.ofSeconds(10);

    public RunFiles(RunLayout layout) {
        this(layout, "local");
    }

    /**
     * @param owner who writes these files (a cluster node's id): a coordinator that finishes the
     *              run adopts the pending lines of owners that died (see {@link #adoptOrphans})
     */
    public RunFiles(RunLayout layout, String owner) {
        this.layout = layout;
        if (!owner.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("owner must be letters, digits and dashes: " + owner);
        }
        try {
            Files.createDirectories(layout.dir());
            // with the umask's mode: this file becomes latents.jsonl
            this.pendingLatents = TemporaryFiles.create(layout.dir(), PENDING_PREFIX + owner + ".", ".tmp");
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
        if (r.isSkipped()) {
            writeLine(m);
        } else { // its line waits for the result, which adds the LLM usage
            awaitingResult.put(r.name(), m);
        }
    }

    private void writeLine(Map<String, Object> m) {
        try {
            latentLines.write(LINE.writeValueAsBytes(m));
            latentLines.write('\n');
            // on disk at once: if this process is killed, the coordinator that finishes the run
            // adopts these lines (a write per latent costs nothing next to its prompts)
            latentLines.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Notes a processed latent; called from Vert.x threads. */
    public void result(LatentResult r) {
        synchronized (this) {
            Map<String, Object> line = awaitingResult.remove(r.name());
            if (line != null) {
                if (!r.usage().isEmpty()) {
                    line.put("usage", StageUsage.toJson(r.usage()));
                }
                writeLine(line);
            }
        }
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

    /** The record counts given to {@link #finish}, or null before it. */
    public synchronized RecordStats recordStats() {
        return recordStats;
    }

    public synchronized void finish(RecordStats stats, LlmUsage usage) {
        recordStats = stats;
        try {
            awaitingResult.values().forEach(this::writeLine); // built, never finished (a stopped run)
            awaitingResult.clear();
            keepEarlierLatents();
            latentLines.close();
            Files.move(pendingLatents, layout.latents(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("selected", stats.selected());
            s.put("dead", stats.dead());
            s.put("too_rare", stats.tooRare());
            s.put("no_train_examples", stats.noTrainExamples());
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
     * Takes over the pending latent lines of coordinators that died before writing them (their
     * owner is {@code gone}): their lines join this run's, and their files are removed. Call
     * before {@link #finish}, under the run's bookkeeping lock. Returns the files adopted.
     */
    public synchronized int adoptOrphans(java.util.function.Predicate<String> gone) {
        int adopted = 0;
        try (java.util.stream.Stream<Path> files = Files.list(layout.dir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(PENDING_PREFIX)
                && p.getFileName().toString().endsWith(".tmp") && !p.equals(pendingLatents)).toList()) {
                String name = f.getFileName().toString();
                String owner = name.substring(PENDING_PREFIX.length(), name.indexOf('.', PENDING_PREFIX.length()));
                if (gone.test(owner)) {
                    latentLines.flush();
                    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        String latent = parseLatent(line);
                        if (latent != null && names.add(latent)) {
                            latentLines.write(line.getBytes(StandardCharsets.UTF_8));
                            latentLines.write('\n');
                        }
                    }
                    Files.deleteIfExists(f);
                    adopted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return adopted;
    }

    /** The latent a line names, or null for a line cut short by the kill that orphaned it. */
    private static String parseLatent(String line) {
        try {
            return line.isBlank() ? null : LINE.readTree(line).path("latent").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Removes the temporary files of atomic writes that a killed process left in the run folder
     * (older than {@link #STALE_TEMPORARY}; pending latent lines are {@link #adoptOrphans}'s).
     * Call once the run is done. Returns how many were removed.
     */
    public static int removeStaleTemporaries(RunLayout layout, long nowMs) {
        int removed = 0;
        try (java.util.stream.Stream<Path> files = Files.walk(layout.dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && !name.startsWith(PENDING_PREFIX)
                    && Files.getLastModifiedTime(f).toMillis() < nowMs - STALE_TEMPORARY.toMillis()) {
                    removed += Files.deleteIfExists(f) ? 1 : 0;
                }
            }
        } catch (IOException e) {
            return removed; // a file gone meanwhile, or unreadable: what is left is harmless
        }
        return removed;
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

    /**
     * The run_config.json key of the prompt templates a run sends: template file name -> SHA-256
     * of its text (the {@code prompts} folder itself is neutral: its texts are what count).
     */
    public static final String PROMPT_SHA256 = "prompt-sha256";

    /** Settings that do not change what a latent's outputs are (limits, paths, resumption). */
    private static final java.util.Set<String> NEUTRAL = java.util.Set.of("augur_version",
        "overwrite", "results", "name", "llm-concurrency", "rpm", "request-timeout", "max-retries",
        "llm-max-outage", "max-latents-in-flight", "conf", "demo", "embedding-cache", "latents",
        "module", "llm", "prompts", "llm-base-url", "llm-cache", "llm-cache-max-mb", "budget-tokens", "budget-usd",
        "price-input", "price-output");

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
                if (!NEUTRAL.contains(k) && old.has(k)) {
                    changed(k, old.get(k), now.get(k), changed);
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        return changed;
    }

    /**
     * Objects are compared field by field ("prompt-sha256.fuzz-user.txt: ..."), fields only one
     * side has left out: a scorer added to a finished run brings its templates, which changes
     * nothing already written.
     */
    private static void changed(String key, com.fasterxml.jackson.databind.JsonNode old,
                                com.fasterxml.jackson.databind.JsonNode now, List<String> out) {
        if (old.isObject() && now.isObject()) {
            now.fieldNames().forEachRemaining(f -> {
                if (old.has(f)) {
                    changed(key + "." + f, old.get(f), now.get(f), out);
                }
            });
        } else if (!old.toString().equals(now.toString())) {
            out.add(key + ": " + old + " -> " + now);
        }
    }

    /** The model name of the cache's first module (to find its tokenizer). */
    public static String modelName(java.nio.file.Path cache) {
        LatentCache c = LatentCache.open(cache);
        return c.module(c.modules().get(0)).config().modelName();
    }
}
