package dev.augur.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.augur.AugurException;
import dev.augur.io.AtomicFiles;
import dev.augur.runfolder.RunLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The metrics of a run folder: one {@link ScorerMetrics} per folder under {@code <run>/scores/}
 * (in name order), plus what the run's bookkeeping files say ({@link RunInfo}). A scorer folder
 * whose files are not classifier-style samples (delphi's own intruder output has another
 * shape) is left out and listed in {@code unreadable} with the reason, so the others still count.
 */
public record RunMetrics(Path run, Map<String, ScorerMetrics> scorers, RunInfo info,
                         Map<String, String> unreadable, RunUsage usage) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads every score file of the run; files are read one at a time so memory stays flat. */
    public static RunMetrics compute(Path run) {
        if (!Files.isDirectory(run)) {
            throw new AugurException("run folder not found: " + run);
        }
        Path scores = new RunLayout(run).scoresRoot();
        if (!Files.isDirectory(scores)) {
            throw new AugurException(run + ": no scores folder (expected scores/<scorer>/<latent>.txt)");
        }
        RunInfo info = RunInfo.read(run);
        Map<String, ScorerMetrics> out = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (Path dir : list(scores, Files::isDirectory)) {
            List<Path> files = list(dir, p -> RunInfo.isDataFile(p, ".txt"));
            if (files.isEmpty()) {
                continue;
            }
            try {
                String scorer = dir.getFileName().toString();
                out.put(scorer, scorer(scorer, files, info));
            } catch (AugurException e) {
                unreadable.put(dir.getFileName().toString(), e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new AugurException(unreadable.isEmpty()
                ? scores + ": no score files (expected <scorer>/<latent>.txt)"
                : scores + ": no readable score files: " + unreadable.values().iterator().next());
        }
        return new RunMetrics(run, Collections.unmodifiableMap(out), info,
            Collections.unmodifiableMap(unreadable), RunUsage.read(run));
    }

    private static ScorerMetrics scorer(String scorer, List<Path> files, RunInfo info) {
        List<LatentMetrics> latents = new ArrayList<>(files.size());
        Auc pooled = new Auc();
        for (Path f : files) {
            String name = f.getFileName().toString();
            LatentName latent;
            try {
                latent = LatentName.parse(name.substring(0, name.length() - ".txt".length()));
            } catch (AugurException e) {
                throw new AugurException(f + ": " + e.getMessage());
            }
            List<ScoreSample> samples = ScoreFiles.read(f);
            samples.forEach(pooled::add);
            latents.add(LatentMetrics.of(latent, samples));
        }
        latents.sort((a, b) -> a.latent().compareTo(b.latent()));
        return ScorerMetrics.of(scorer, latents, pooled, info.nActivations());
    }

    private static List<Path> list(Path dir, Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <run>/report/metrics.json}. */
    public Path jsonFile() {
        return new RunLayout(run).report().resolve("metrics.json");
    }

    public Map<String, Object> toJson() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("selected", info.selected());
        counts.put("dead", info.dead());
        counts.put("too_rare", info.tooRare());
        counts.put("no_train_examples", info.noTrainExamples());
        counts.put("built", info.built());
        counts.put("explained", info.explained());
        Map<String, Object> per = new LinkedHashMap<>();
        scorers.forEach((k, v) -> per.put(k, v.toJson(info.nActivations())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run.toString());
        m.put("latents", counts);
        m.put("scorers", per);
        if (!unreadable.isEmpty()) {
            m.put("unreadable_scorers", unreadable);
        }
        if (!usage.isEmpty()) {
            m.put("llm_usage", usage.toJson());
        }
        return m;
    }

    public String toJsonString() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #jsonFile()} whole or not at all. */
    public void writeJson() {
        try {
            AtomicFiles.write(jsonFile(), (JSON.writeValueAsString(toJson()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
