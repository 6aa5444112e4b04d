package dev.augur.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.explain.ExplanationStore;
import dev.augur.io.AtomicFiles;
import dev.augur.metrics.ScoreFiles;
import dev.augur.run.LatentResult;
import dev.augur.runfolder.RunLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A latent's files, each written atomically: its explanation, its score files, then its
 * completion record {@code done/<latent>.json}. Unless overwriting, a file that exists is not
 * written again, and the first writer wins even across nodes on a shared folder (a hard link
 * refused when the target exists): a unit redone after its coordinator vanished or lost its
 * lease, or a late duplicate answer, writes nothing twice, and every score file of a latent is
 * computed with the explanation that stays on disk; a scorer added on resume still gets its
 * files.
 */
final class LatentOutputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatentOutputs() {
    }

    static Path completion(RunLayout layout, String latent) {
        return layout.completion(latent);
    }

    /** The explanation on disk afterwards: this one, or (unless overwriting) the one already there. */
    static String writeExplanation(PipelineMessage.WriteExplanation w) {
        ExplanationStore store = new ExplanationStore(w.layout().explanations());
        if (w.overwrite()) {
            store.write(w.latent(), w.text());
            return w.text();
        }
        return store.writeIfAbsent(w.latent(), w.text());
    }

    /** One scorer's file, unless it exists (and the run does not overwrite). */
    static synchronized boolean writeScore(PipelineMessage.WriteScore w) {
        Path file = w.layout().scoreFile(w.scorer(), w.latent());
        if (!w.overwrite()) {
            return ScoreFiles.writeIfAbsent(file, w.samples());
        }
        ScoreFiles.write(file, w.samples());
        return true;
    }

    /**
     * The completion record, after the score files (any the folder still lacks are written
     * first); false when there was nothing to write (a duplicate answer).
     */
    static synchronized boolean writeResult(RunLayout layout, LatentResult r, boolean overwrite) {
        Path done = completion(layout, r.name());
        if (r.status() != LatentResult.Status.SCORED || (!overwrite && Files.exists(done))) {
            return false;
        }
        for (Map.Entry<String, List<dev.augur.metrics.ScoreSample>> e : r.scores().entrySet()) {
            ScoreFiles.writeIfAbsent(layout.scoreFile(e.getKey(), r.name()), e.getValue());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latent", r.name());
        m.put("scorers", List.copyOf(r.scores().keySet()));
        m.put("samples", r.scores().values().stream().mapToInt(List::size).sum());
        m.put("explanation_source", r.explanation() == null ? null : r.explanation().source());
        if (!r.usage().isEmpty()) { // this run's requests for it, by stage
            m.put("usage", dev.augur.run.StageUsage.toJson(r.usage()));
        }
        try {
            byte[] bytes = JSON.writeValueAsBytes(m);
            if (!overwrite) { // first writer wins, also against another node on a shared folder
                return AtomicFiles.createIfAbsent(done, out -> out.write(bytes));
            }
            AtomicFiles.write(done, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }
}
