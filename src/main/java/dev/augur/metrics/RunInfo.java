package dev.augur.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.AugurException;
import dev.augur.io.Utf8Text;
import dev.augur.runfolder.RunLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What Augur's own bookkeeping files say about a run: activations per latent
 * ({@code latents.jsonl}), counts of selected / dead / too-rare / no-train-examples / built latents
 * ({@code run_stats.json}) and the number of explanation files. A run delphi wrote has none of
 * the first two, so every field is null ("n/a") when its file is absent.
 *
 * @param nActivations latent to its number of activations; null without latents.jsonl
 * @param noTrainExamples latents skipped because sampling left their train set empty (null in
 *                        the run_stats.json of a version that did not count them)
 */
public record RunInfo(Map<LatentName, Long> nActivations, Long selected, Long dead, Long tooRare,
                      Long noTrainExamples, Long built, Integer explained) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static RunInfo read(Path run) {
        RunLayout layout = new RunLayout(run);
        Map<LatentName, Long> weights = readLatents(layout.latents());
        JsonNode stats = readStats(layout.runStats());
        return new RunInfo(weights, count(stats, "selected"), count(stats, "dead"),
            count(stats, "too_rare"), count(stats, "no_train_examples"), count(stats, "built"), countExplanations(layout.explanations()));
    }

    private static Map<LatentName, Long> readLatents(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Utf8Text.read(file).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<LatentName, Long> out = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + ": line " + (i + 1);
            JsonNode o;
            try {
                o = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new AugurException(where + ": not valid JSON: " + e.getOriginalMessage());
            }
            if (!o.isObject()) {
                throw new AugurException(where + ": expected a JSON object");
            }
            JsonNode n = o.get("n_activations");
            if (n == null || !n.isNumber()) {
                continue; // unknown weight: the latent is left out of the weighted F1
            }
            out.put(name(o, where), n.longValue());
        }
        return out;
    }

    /** From module + index (the module keeps its '/'), else from the latent's file-style name. */
    private static LatentName name(JsonNode o, String where) {
        JsonNode module = o.get("module");
        JsonNode index = o.get("index");
        if (module != null && module.isTextual() && index != null && index.canConvertToInt()) {
            return new LatentName(module.asText(), index.intValue());
        }
        JsonNode latent = o.get("latent");
        if (latent == null || !latent.isTextual()) {
            throw new AugurException(where + ": missing field 'module'/'index' or 'latent'");
        }
        try {
            return LatentName.parse(latent.asText());
        } catch (AugurException e) {
            throw new AugurException(where + ": field 'latent': " + e.getMessage());
        }
    }

    private static JsonNode readStats(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(Utf8Text.read(file));
            if (n == null || !n.isObject()) {
                throw new AugurException(file + ": expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new AugurException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Long count(JsonNode stats, String field) {
        JsonNode n = stats == null ? null : stats.get(field);
        return n != null && n.isNumber() ? n.longValue() : null;
    }

    private static Integer countExplanations(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> isDataFile(p, ".txt")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A regular file with the suffix. AtomicFiles' temporaries end in .tmp; a leading '.' is
     * legal (module ".model.layers.10" gives ".model.layers.10_latent3.txt").
     */
    static boolean isDataFile(Path p, String suffix) {
        return p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p);
    }
}
