package dev.augur.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings summary of {@code /api/run}: a few keys of run_config.json (none in a delphi folder). */
final class RunSettingsView {
    static final List<String> KEYS = List.of("cache", "latents", "explainer", "scorers", "n-examples-shown",
        "min-examples", "n-train", "n-test", "seed", "max-latents-in-flight");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSettingsView() {
    }

    static Map<String, Object> read(Path run) {
        Map<String, Object> m = new LinkedHashMap<>();
        Path f = run.resolve("run_config.json");
        if (!Files.isRegularFile(f)) {
            return m;
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            for (String k : KEYS) {
                if (n.has(k)) {
                    m.put(k, JSON.treeToValue(n.get(k), Object.class));
                }
            }
            JsonNode llm = n.path("llm");
            if (llm.isObject()) {
                m.put("model", llm.path("model").asText(null));
            }
        } catch (java.io.IOException | RuntimeException e) {
            m.put("error", "run_config.json is unreadable");
        }
        return m;
    }
}
