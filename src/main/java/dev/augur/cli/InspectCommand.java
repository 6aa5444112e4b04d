package dev.augur.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.SplitActivations;
import dev.augur.cache.SplitFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code augur inspect}: what a cache holds, module by module. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Summarize a latent cache: modules, splits, width, tokens, activations, dead latents, firing counts.")
final class InspectCommand implements Callable<Integer> {
    /** Upper bounds (exclusive) of the firing-count histogram's buckets; 200 = delphi's min_examples. */
    static final long[] BUCKETS = {1, 10, 100, 200, 1_000, 10_000, 100_000, Long.MAX_VALUE};

    @Option(names = "--cache", required = true, paramLabel = "DIR",
        description = "delphi latent cache (a folder per module), or a run folder holding latents/ (required)")
    Path cache;

    @Option(names = "--module", paramLabel = "M", description = "module to inspect; repeatable (default: all)")
    List<String> modules = new ArrayList<>();

    @Option(names = "--json", description = "print JSON instead of text (default: off)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LatentCache lc = LatentCache.open(cache);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : modules.isEmpty() ? lc.modules() : modules) {
            out.add(inspect(lc.module(name)));
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(Map.of("cache", lc.root().toString(), "modules", out)));
        } else {
            out.forEach(m -> printText(w, m));
        }
        w.flush();
        return 0;
    }

    private static Map<String, Object> inspect(ModuleCache module) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", module.name());
        m.put("model_name", module.config().modelName());
        m.put("cache_ctx_len", module.config().cacheCtxLen());
        m.put("width", module.width());
        long total = 0;
        long[] hist = new long[BUCKETS.length];
        int live = 0;
        List<Map<String, Object>> splits = new ArrayList<>();
        for (SplitFile split : module.splits()) {
            try (SafetensorsFile f = SafetensorsFile.open(split.path())) {
                SafetensorsFile.TensorInfo tokens = f.info("tokens");
                if (!m.containsKey("tokens_shape")) {
                    m.put("tokens_shape", tokens.shape());
                    m.put("tokens_dtype", tokens.dtype().name());
                }
                int[] counts = SplitActivations.countPerLatent(f, split, (int) tokens.shape()[0],
                    (int) tokens.shape()[1]);
                long n = 0;
                for (int c : counts) {
                    n += c;
                    live += c > 0 ? 1 : 0;
                    hist[bucket(c)]++;
                }
                total += n;
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("file", split.path().getFileName().toString());
                s.put("latents", split.start() + ".." + split.end());
                s.put("locations_dtype", f.info("locations").dtype().name());
                s.put("activations_dtype", f.info("activations").dtype().name());
                s.put("activations", n);
                splits.add(s);
            }
        }
        m.put("splits", splits);
        m.put("activations", total);
        m.put("live_latents", live);
        m.put("dead_latents", module.width() - live);
        Map<String, Long> h = new LinkedHashMap<>();
        for (int i = 0; i < BUCKETS.length; i++) {
            h.put(label(i), hist[i]);
        }
        m.put("firing_count_histogram", h);
        return m;
    }

    private static int bucket(long count) {
        int i = 0;
        while (count >= BUCKETS[i]) {
            i++;
        }
        return i;
    }

    private static String label(int i) {
        long lo = i == 0 ? 0 : BUCKETS[i - 1];
        long hi = BUCKETS[i];
        if (hi == 1) {
            return "0 (dead)";
        }
        return hi == Long.MAX_VALUE ? ">=" + lo : lo + "-" + (hi - 1);
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintWriter w, Map<String, Object> m) {
        long[] shape = (long[]) m.get("tokens_shape");
        w.printf("module %s  (model %s)%n", m.get("module"), m.get("model_name"));
        w.printf("  width %s latents, tokens [%d, %d] %s, cache_ctx_len %s%n", m.get("width"),
            shape[0], shape[1], m.get("tokens_dtype"), m.get("cache_ctx_len"));
        w.printf("  activations %,d; live latents %,d; dead latents %,d%n", m.get("activations"),
            m.get("live_latents"), m.get("dead_latents"));
        w.println("  splits:");
        for (Map<String, Object> s : (List<Map<String, Object>>) m.get("splits")) {
            w.printf("    %-28s latents %-14s %,12d activations  locations %s, activations %s%n",
                s.get("file"), s.get("latents"), s.get("activations"), s.get("locations_dtype"),
                s.get("activations_dtype"));
        }
        w.println("  firing count per latent:");
        ((Map<String, Long>) m.get("firing_count_histogram"))
            .forEach((k, v) -> w.printf("    %-14s %,10d%n", k, v));
    }
}
