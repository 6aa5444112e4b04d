package dev.augur.runfolder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run's files go (SPEC 10): the one place that spells the run folder's paths, for the
 * packages that write a run (pipeline, run) and those that read one (metrics, report, cli).
 */
public record RunLayout(Path dir) {
    public static RunLayout of(Path results, String name) {
        return new RunLayout(results.resolve(name));
    }

    public Path runConfig() {
        return dir.resolve("run_config.json");
    }

    public Path explanations() {
        return dir.resolve("explanations");
    }

    public Path scores(String scorer) {
        return scoresRoot().resolve(scorer);
    }

    public Path scoreFile(String scorer, String latentName) {
        return scores(scorer).resolve(latentName + ".txt");
    }

    /** A latent's completion record, written after its score files. */
    public Path completion(String latentName) {
        return dir.resolve("done").resolve(latentName + ".json");
    }

    /** Every scorer's folder of score files. */
    public Path scoresRoot() {
        return dir.resolve("scores");
    }

    public Path report() {
        return dir.resolve("report");
    }

    /** One line per latent built in the run (module, index, activations, frequency, skip reason). */
    public Path latents() {
        return dir.resolve("latents.jsonl");
    }

    /** Counts of selected, dead, too-rare and built latents. */
    public Path runStats() {
        return dir.resolve("run_stats.json");
    }

    public boolean hasScore(String scorer, String latentName) {
        return Files.isRegularFile(scoreFile(scorer, latentName));
    }
}
