package dev.augur.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CacheFormatException(file, "not valid JSON: " + e.getMessage().lines()
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
