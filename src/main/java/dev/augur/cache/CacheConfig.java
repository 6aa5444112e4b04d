package dev.augur.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.io.Utf8Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A module's config.json: delphi's CacheConfig plus model_name (SPEC 2). */
public record CacheConfig(String datasetRepo, String datasetSplit, String datasetName,
                          String datasetColumn, int batchSize, int cacheCtxLen, long nTokens,
                          int nSplits, String modelName) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static CacheConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CacheFormatException(file, "missing: every module folder needs delphi's "
                + "config.json (cache_ctx_len, model_name, ...)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CacheFormatException(file, "cannot read: " + e.getMessage());
        }
        // strictly UTF-8: given bytes, Jackson would take a NUL byte for UTF-16 and misread the file
        String problem = Utf8Text.problem(bytes);
        if (problem != null) {
            throw new CacheFormatException(file, problem);
        }
        JsonNode n;
        try {
            n = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CacheFormatException(file, "not valid JSON: " + e.getOriginalMessage().lines()
                .findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) {
            throw new CacheFormatException(file, "not a JSON object");
        }
        JsonNode ctx = n.get("cache_ctx_len");
        if (ctx == null || !ctx.isIntegralNumber() || ctx.asInt() <= 0) {
            throw new CacheFormatException(file, "field 'cache_ctx_len' is missing or not a "
                + "positive integer");
        }
        return new CacheConfig(text(n, "dataset_repo"), text(n, "dataset_split"),
            text(n, "dataset_name"), text(n, "dataset_column"), n.path("batch_size").asInt(0),
            ctx.asInt(), n.path("n_tokens").asLong(0), n.path("n_splits").asInt(0),
            text(n, "model_name"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
