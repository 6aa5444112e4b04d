package dev.augur.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Augur-style run folder with hand-computable metrics (used by the metrics and report
 * tests). detection: layers.0_latent1 (TP 1, TN 1; F1 1; 30 activations), layers.0_latent2
 * (FN 1, TN 1; F1 0; 10 activations), layers.1/attn latent 0 (TP 1, FN 1, TN 1; F1 2/3;
 * 5 activations) and a failed sample. embedding: one latent, probabilities only, AUC 0.875.
 */
public final class TestRuns {
    /** Module layers.0: (1*30 + 0*10)/40 = .75; module layers.1/attn: 2/3; mean of the two. */
    public static final double FREQ_WEIGHTED_F1 = (0.75 + 2.0 / 3) / 2;

    private TestRuns() {
    }

    public static Path augurRun(Path dir) throws IOException {
        Path scores = dir.resolve("scores");
        ScoreFiles.write(scores.resolve("detection/layers.0_latent1.txt"),
            List.of(act(0, true, null), non(false, null)));
        ScoreFiles.write(scores.resolve("detection/layers.0_latent2.txt"),
            List.of(act(0, false, null), non(false, null), non(null, null)));
        ScoreFiles.write(scores.resolve("detection/layers.1--attn_latent0.txt"),
            List.of(act(0, true, null), act(1, false, null), non(false, null)));
        ScoreFiles.write(scores.resolve("embedding/layers.0_latent1.txt"),
            List.of(act(0, null, 0.9), act(1, null, 0.3), non(null, 0.3), non(null, 0.1)));
        List<String> lines = new ArrayList<>();
        lines.add(latent("layers.0", 1, 30, null));
        lines.add(latent("layers.0", 2, 10, null));
        lines.add(latent("layers.1/attn", 0, 5, null));
        lines.add(latent("layers.0", 9, 3, "\"too_rare\""));
        Files.write(dir.resolve("latents.jsonl"), lines);
        Files.writeString(dir.resolve("run_stats.json"),
            "{\"selected\": 10, \"dead\": 2, \"too_rare\": 1, \"built\": 7, \"ok\": 3}");
        Files.createDirectories(dir.resolve("explanations"));
        for (String n : List.of("layers.0_latent1", "layers.0_latent2", "layers.1--attn_latent0")) {
            Files.writeString(dir.resolve("explanations/" + n + ".txt"), "\"cats\"");
        }
        return dir;
    }

    private static String latent(String module, int i, long n, String skipped) {
        return "{\"latent\": \"" + module.replace("/", "--") + "_latent" + i + "\", \"module\": \""
            + module + "\", \"index\": " + i + ", \"n_activations\": " + n
            + ", \"per_token_frequency\": 0.001, \"skipped\": " + skipped + "}";
    }

    static ScoreSample act(int q, Boolean prediction, Double probability) {
        return MetricsTestSamples.act(q, prediction, probability);
    }

    static ScoreSample non(Boolean prediction, Double probability) {
        return MetricsTestSamples.non(prediction, probability);
    }
}
