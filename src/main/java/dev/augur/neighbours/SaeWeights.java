package dev.augur.neighbours;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.AugurException;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One SAE's weights on disk: the folder holding its weights file and which layout it has.
 * {@code --sae DIR} is either that folder itself or a parent holding one folder per hookpoint
 * (sparsify's layout, e.g. {@code layers.6/}); the module then picks the folder: its own name
 * first, then the name without leading dotted parts (a cache module {@code model.layers.6} finds
 * {@code layers.6}, as delphi resolves wrapper prefixes), with '/' also tried as '--'.
 */
public final class SaeWeights {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest matrix held in one Java array. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final Path folder;
    private final SaeLayout layout;

    private SaeWeights(Path folder, SaeLayout layout) {
        this.folder = folder;
        this.layout = layout;
    }

    public Path folder() {
        return folder;
    }

    public SaeLayout layout() {
        return layout;
    }

    public Path weightsFile() {
        return folder.resolve(layout.weightsFile());
    }

    /** Finds the SAE of {@code module} under {@code saeDir}; one-line error when there is none. */
    public static SaeWeights locate(Path saeDir, String module) {
        if (!Files.isDirectory(saeDir)) {
            throw new AugurException("--sae " + saeDir + ": not a folder");
        }
        SaeWeights here = detect(saeDir);
        if (here != null) {
            return here;
        }
        for (String name : candidates(module)) {
            Path sub = saeDir.resolve(name);
            if (Files.isDirectory(sub)) {
                SaeWeights w = detect(sub);
                if (w == null) {
                    throw new AugurException("--sae " + sub + ": holds neither "
                        + SaeLayout.SPARSIFY.weightsFile() + " (sparsify) nor "
                        + SaeLayout.SAELENS.weightsFile() + " (SAELens)");
                }
                return w;
            }
        }
        throw new AugurException("--sae " + saeDir + ": no SAE weights for module " + module
            + " (neither " + SaeLayout.SPARSIFY.weightsFile() + " nor "
            + SaeLayout.SAELENS.weightsFile() + " there, no folder " + String.join(" or ",
            candidates(module)) + "; it has " + subfolders(saeDir) + ")");
    }

    /** Folder names tried for a module, most specific first. */
    static List<String> candidates(String module) {
        List<String> out = new ArrayList<>();
        for (String m : new String[] {module, module.replace("/", "--")}) {
            String rest = m;
            while (!rest.isEmpty()) {
                if (!out.contains(rest) && !rest.contains("/") && !rest.equals("..")
                    && !rest.equals(".")) {
                    out.add(rest);
                }
                int dot = rest.indexOf('.');
                rest = dot < 0 ? "" : rest.substring(dot + 1);
            }
        }
        return out;
    }

    private static SaeWeights detect(Path dir) {
        boolean sparsify = Files.isRegularFile(dir.resolve(SaeLayout.SPARSIFY.weightsFile()));
        boolean saelens = Files.isRegularFile(dir.resolve(SaeLayout.SAELENS.weightsFile()));
        if (sparsify && saelens) {
            throw new AugurException("--sae " + dir + ": holds both " + SaeLayout.SPARSIFY.weightsFile()
                + " and " + SaeLayout.SAELENS.weightsFile() + "; which SAE is meant is unclear");
        }
        return sparsify ? new SaeWeights(dir, SaeLayout.SPARSIFY)
            : saelens ? new SaeWeights(dir, SaeLayout.SAELENS) : null;
    }

    private static List<String> subfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                .sorted().limit(8).toList();
            return names.isEmpty() ? List.of("no subfolders") : names;
        } catch (IOException e) {
            return List.of("unreadable: " + e.getMessage());
        }
    }

    /** The method's vectors as rows [latents x d], widened to float; shapes checked. */
    public WeightRows read(NeighbourMethod method) {
        if (!method.needsWeights()) {
            throw new IllegalArgumentException(method + " reads no weights");
        }
        Path file = weightsFile();
        String name = layout.tensor(method);
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            if (!st.has(name)) {
                throw new AugurException(file + ": has no tensor '" + name + "' (" + layout
                    + " layout; it has " + st.tensors().keySet() + ")");
            }
            SafetensorsFile.TensorInfo info = st.info(name);
            if (!info.dtype().isFloating()) {
                throw new AugurException(file + ": tensor '" + name + "' is " + info.dtype()
                    + ", not a floating-point type (F32, F16, BF16, F64)");
            }
            long[] shape = info.shape();
            if (shape.length != 2 || shape[0] == 0 || shape[1] == 0) {
                throw new AugurException(file + ": tensor '" + name + "' has shape "
                    + java.util.Arrays.toString(shape) + ", expected 2 non-empty dimensions ("
                    + (layout.transposed(method) ? "d x latents" : "latents x d") + ")");
            }
            int latents = (int) Math.min(Integer.MAX_VALUE, shape[layout.transposed(method) ? 1 : 0]);
            long d = shape[layout.transposed(method) ? 0 : 1];
            if (info.count() > MAX_ELEMENTS) {
                throw new AugurException(file + ": tensor '" + name + "' has " + info.count()
                    + " elements, more than the " + MAX_ELEMENTS + " Augur holds in one matrix");
            }
            checkConfig(file, name, latents, (int) d);
            checkHeap(file, name, info.count());
            try (Tensor t = st.tensor(name)) {
                float[] data = layout.transposed(method) ? transpose(t, (int) d, latents)
                    : t.toFloatArray();
                WeightRows rows = new WeightRows(latents, (int) d, data);
                rows.checkFinite(file, name);
                return rows;
            } catch (OutOfMemoryError e) {
                throw heapError(file, name, info.count());
            }
        }
    }

    /** The vectors are held on the heap as floats: refuse early, in one line, when they cannot be. */
    private static void checkHeap(Path file, String tensor, long count) {
        if (4 * count > Runtime.getRuntime().maxMemory() - (64L << 20)) {
            throw heapError(file, tensor, count);
        }
    }

    private static AugurException heapError(Path file, String tensor, long count) {
        return new AugurException(file + ": tensor '" + tensor + "' needs " + (4 * count >> 20)
            + " MiB of Java heap as floats, more than this JVM has (" + (Runtime.getRuntime().maxMemory() >> 20)
            + " MiB); raise it, e.g. AUGUR_JAVA_OPTS=-Xmx" + Math.max(1, (8 * count >> 30) + 1) + "g");
    }

    /** Reads a [d x latents] tensor into [latents x d] rows, one stored row at a time. */
    private static float[] transpose(Tensor t, int d, int latents) {
        float[] out = new float[Math.multiplyExact(d, latents)];
        float[] buf = new float[latents];
        for (int j = 0; j < d; j++) {
            t.readFloats((long) j * latents, buf, 0, latents);
            for (int l = 0; l < latents; l++) {
                out[l * d + j] = buf[l];
            }
        }
        return out;
    }

    /** cfg.json is optional; when present, its sizes must agree with the tensor's. */
    private void checkConfig(Path file, String tensor, int latents, int d) {
        Path cfg = folder.resolve(SaeLayout.CONFIG);
        if (!Files.isRegularFile(cfg)) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(cfg.toFile());
        } catch (IOException e) {
            throw new AugurException(cfg + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new AugurException(cfg + ": not a JSON object");
        }
        checkSize(cfg, root, "d_in", d, file, tensor);
        checkSize(cfg, root, layout.latentsKey(), latents, file, tensor);
    }

    private static void checkSize(Path cfg, JsonNode root, String key, int actual, Path file, String tensor) {
        JsonNode n = root.get(key);
        if (n == null || !n.canConvertToLong() || n.asLong() == 0) {
            return; // absent or 0 (sparsify's num_latents when expansion_factor sets the width)
        }
        if (n.asLong() != actual) {
            throw new AugurException(cfg + ": " + key + " is " + n.asLong() + " but tensor '" + tensor
                + "' of " + file.getFileName() + " gives " + actual);
        }
    }
}
