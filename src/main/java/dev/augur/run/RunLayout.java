package dev.augur.run;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a run's files go (SPEC 10). */
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
        return dir.resolve("scores").resolve(scorer);
    }

    public Path scoreFile(String scorer, String latentName) {
        return scores(scorer).resolve(latentName + ".txt");
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
