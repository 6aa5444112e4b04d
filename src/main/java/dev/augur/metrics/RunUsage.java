package dev.augur.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.runfolder.RunLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The LLM usage a run folder's completion records ({@code done/<latent>.json}) carry: totals by
 * stage, the distribution of tokens per latent and the most expensive latents. Latents finished
 * by a version without usage, or whose stages sent nothing, do not count.
 *
 * @param byStage stage -> {requests, prompt tokens, completion tokens}
 * @param perLatent latent -> total tokens (prompt + completion), most expensive first
 * @param estimatedLatents latents with at least one answer whose usage was estimated
 */
public record RunUsage(Map<String, long[]> byStage, List<Map.Entry<String, Long>> perLatent, long estimatedLatents,
                       Double priceInput, Double priceOutput) {
    /** Most expensive latents shown. */
    public static final int TOP = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static RunUsage read(Path run) {
        Path done = new RunLayout(run).dir().resolve("done");
        Map<String, long[]> byStage = new LinkedHashMap<>();
        List<Map.Entry<String, Long>> perLatent = new ArrayList<>();
        long estimated = 0;
        if (Files.isDirectory(done)) {
            try (Stream<Path> files = Files.list(done)) {
                for (Path f : files.filter(p -> RunInfo.isDataFile(p, ".json")).sorted().toList()) {
                    JsonNode usage = readUsage(f);
                    if (usage == null) {
                        continue;
                    }
                    long total = 0;
                    boolean est = false;
                    for (Map.Entry<String, JsonNode> s : usage.properties()) {
                        long[] row = byStage.computeIfAbsent(s.getKey(), k -> new long[3]);
                        row[0] += s.getValue().path("requests").asLong();
                        row[1] += s.getValue().path("prompt_tokens").asLong();
                        row[2] += s.getValue().path("completion_tokens").asLong();
                        total += s.getValue().path("prompt_tokens").asLong() + s.getValue().path("completion_tokens").asLong();
                        est |= s.getValue().path("estimated").asBoolean(false);
                    }
                    String name = f.getFileName().toString();
                    perLatent.add(Map.entry(name.substring(0, name.length() - ".json".length()), total));
                    estimated += est ? 1 : 0;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        perLatent.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
        Double[] prices = prices(run);
        return new RunUsage(byStage, List.copyOf(perLatent), estimated, prices[0], prices[1]);
    }

    /** The run's prices (USD per million prompt and completion tokens) from run_config.json, or nulls. */
    private static Double[] prices(Path run) {
        Path config = new RunLayout(run).runConfig();
        try {
            JsonNode c = Files.isRegularFile(config) ? JSON.readTree(config.toFile()) : null;
            if (c != null && c.path("price-input").isNumber() && c.path("price-output").isNumber()) {
                return new Double[] {c.get("price-input").asDouble(), c.get("price-output").asDouble()};
            }
        } catch (IOException e) {
            // an unreadable run_config.json: the usage is shown without its cost
        }
        return new Double[] {null, null};
    }

    /** Whether the run's prices are known, so usage has a cost. */
    public boolean priced() {
        return priceInput != null && priceOutput != null;
    }

    /** The cost in USD of a stage's (or a total's) {requests, prompt tokens, completion tokens}; NaN unpriced. */
    public double cost(long[] v) {
        return priced() ? (v[1] * priceInput + v[2] * priceOutput) / 1e6 : Double.NaN;
    }

    /** The usage object of a completion record, or null (none, or an unreadable file). */
    private static JsonNode readUsage(Path f) {
        try {
            JsonNode u = JSON.readTree(f.toFile()).get("usage");
            return u != null && u.isObject() ? u : null;
        } catch (IOException e) {
            return null;
        }
    }

    public boolean isEmpty() {
        return perLatent.isEmpty();
    }

    /** Tokens per latent at the given quantile (0..1), nearest rank; 0 when empty. */
    public long quantile(double q) {
        if (perLatent.isEmpty()) {
            return 0;
        }
        int n = perLatent.size();
        int rank = (int) Math.ceil(q * n); // ascending rank, 1-based
        return perLatent.get(n - Math.max(1, Math.min(n, rank))).getValue();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> stages = new LinkedHashMap<>();
        long[] total = new long[3];
        byStage.forEach((k, v) -> {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("requests", v[0]);
            st.put("prompt_tokens", v[1]);
            st.put("completion_tokens", v[2]);
            if (priced()) {
                st.put("cost_usd", cost(v));
            }
            stages.put(k, st);
            for (int i = 0; i < 3; i++) {
                total[i] += v[i];
            }
        });
        Map<String, Object> dist = new LinkedHashMap<>();
        dist.put("latents", perLatent.size());
        dist.put("min", quantile(0));
        dist.put("median", quantile(0.5));
        dist.put("p90", quantile(0.9));
        dist.put("max", quantile(1));
        Map<String, Object> top = new LinkedHashMap<>();
        perLatent.stream().limit(TOP).forEach(e -> top.put(e.getKey(), e.getValue()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by_stage", stages);
        m.put("tokens_per_latent", dist);
        m.put("most_expensive", top);
        m.put("latents_with_estimated_usage", estimatedLatents);
        if (priced()) {
            m.put("prices_usd_per_million", Map.of("input", priceInput, "output", priceOutput));
            m.put("cost_usd", cost(total));
        }
        return m;
    }
}
