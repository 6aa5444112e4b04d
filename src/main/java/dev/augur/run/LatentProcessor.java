package dev.augur.run;

import dev.augur.explain.Explainer;
import dev.augur.explain.Explanation;
import dev.augur.explain.ExplanationStore;
import dev.augur.explain.MissingExplanationException;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.record.LatentRecord;
import dev.augur.runfolder.RunLayout;
import dev.augur.score.ScoreInput;
import dev.augur.score.Scorer;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives one latent through explanation and every scorer, writing each output atomically. With
 * a run folder and no overwrite, outputs that exist are reused, so an interrupted run resumes
 * without redoing or losing work. File writes run on worker threads, never on an event loop.
 */
public final class LatentProcessor {
    private final Vertx vertx;
    private final Explainer explainer;
    private final boolean generatesExplanations;
    private final List<Scorer> scorers;
    private final RunLayout layout;
    private final ExplanationStore own;
    private final boolean overwrite;
    private final TokenDecoder decoder;
    private Path loadedFrom;

    /**
     * @param layout null to keep results in memory only (the Java API without output files)
     * @param generatesExplanations true when the explainer writes new explanations (an LLM)
     */
    public LatentProcessor(Vertx vertx, Explainer explainer, boolean generatesExplanations,
                           List<Scorer> scorers, RunLayout layout, boolean overwrite,
                           TokenDecoder decoder) {
        this.vertx = vertx;
        this.explainer = explainer;
        this.generatesExplanations = generatesExplanations;
        this.scorers = List.copyOf(scorers);
        this.layout = layout;
        this.own = layout == null ? null : new ExplanationStore(layout.explanations());
        this.overwrite = overwrite;
        this.decoder = decoder;
    }

    /**
     * Explanations loaded from another folder are copied into the run's own explanations/ as
     * they are used, so the run folder (and its report) says which explanation each score used.
     * Never when that folder is the run's own: a random control would overwrite the originals.
     */
    public LatentProcessor recordingLoadedExplanations(Path sourceDir) {
        boolean same;
        try {
            same = sourceDir == null || layout == null || (Files.exists(sourceDir)
                && Files.exists(layout.explanations()) && Files.isSameFile(sourceDir, layout.explanations()))
                || sourceDir.toAbsolutePath().normalize().equals(layout.explanations().toAbsolutePath().normalize());
        } catch (java.io.IOException e) {
            same = true;
        }
        this.loadedFrom = same ? null : sourceDir;
        return this;
    }

    public Future<LatentResult> process(LatentRecord record) {
        if (layout != null && !overwrite && allDone(record)) {
            return Future.succeededFuture(new LatentResult(record, null, Map.of(),
                LatentResult.Status.ALREADY_DONE, null));
        }
        return explanation(record)
            .compose(ex -> scoreAll(record, ex))
            .recover(err -> Future.succeededFuture(err instanceof MissingExplanationException
                ? new LatentResult(record, null, Map.of(), LatentResult.Status.NO_EXPLANATION, err.getMessage())
                : new LatentResult(record, null, Map.of(), LatentResult.Status.FAILED, String.valueOf(err.getMessage()))));
    }

    private boolean allDone(LatentRecord record) {
        if (generatesExplanations && !own.exists(record.name())) {
            return false;
        }
        return scorers.stream().allMatch(s -> layout.hasScore(s.name(), record.name()));
    }

    private Future<Explanation> explanation(LatentRecord record) {
        if (generatesExplanations && layout != null && !overwrite && own.exists(record.name())) {
            return vertx.executeBlocking(() -> own.read(record.name())
                .map(t -> new Explanation(t, true, "file")).orElseThrow(), false);
        }
        Future<Explanation> made;
        try {
            made = explainer.explain(record, decoder);
        } catch (RuntimeException e) { // fails this latent, not the run
            made = Future.failedFuture(e);
        }
        if (!generatesExplanations && loadedFrom != null) {
            return made.compose(ex -> vertx.executeBlocking(() -> {
                own.write(record.name(), ex.text());
                return ex;
            }, false));
        }
        if (!generatesExplanations || layout == null) {
            return made;
        }
        return made.compose(ex -> vertx.executeBlocking(() -> {
            own.write(record.name(), ex.text());
            return ex;
        }, false));
    }

    private Future<LatentResult> scoreAll(LatentRecord record, Explanation ex) {
        List<Future<List<ScoreSample>>> runs = new ArrayList<>();
        List<Scorer> ran = new ArrayList<>();
        for (Scorer s : scorers) {
            if (layout != null && !overwrite && layout.hasScore(s.name(), record.name())) {
                continue; // finished by an earlier, interrupted run
            }
            ran.add(s);
            ScoreInput input = new ScoreInput(record, ex, decoder);
            runs.add(s.score(input).compose(samples -> layout == null ? Future.succeededFuture(samples)
                : vertx.executeBlocking(() -> {
                    ScoreFiles.write(layout.scoreFile(s.name(), record.name()), samples);
                    return samples;
                }, false)));
        }
        return Future.all(runs).map(all -> {
            Map<String, List<ScoreSample>> scores = new LinkedHashMap<>();
            for (int i = 0; i < ran.size(); i++) {
                scores.put(ran.get(i).name(), all.resultAt(i));
            }
            return new LatentResult(record, ex, scores, LatentResult.Status.SCORED, null);
        });
    }
}
