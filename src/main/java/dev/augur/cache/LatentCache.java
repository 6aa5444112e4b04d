package dev.augur.cache;

import dev.augur.AugurException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A delphi latent cache folder: {@code <cache>/<module>/config.json} and split files. Module
 * names may contain '/', so modules are found at any depth. A delphi run folder (holding
 * {@code latents/}) and a single module folder are accepted too.
 */
public final class LatentCache {
    private static final int MAX_DEPTH = 8;

    private final Path root;
    private final Map<String, Path> modules;

    private LatentCache(Path root, Map<String, Path> modules) {
        this.root = root;
        this.modules = modules;
    }

    public static LatentCache open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new AugurException("--cache " + dir + ": no such folder");
        }
        if (hasSplits(dir)) { // a single module folder
            Map<String, Path> one = new LinkedHashMap<>();
            one.put(dir.toAbsolutePath().normalize().getFileName().toString(), dir);
            return new LatentCache(dir.getParent() == null ? dir : dir.getParent(), one);
        }
        Path root = Files.isDirectory(dir.resolve("latents")) ? dir.resolve("latents") : dir;
        Map<String, Path> found = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
            walk.filter(Files::isDirectory).filter(LatentCache::hasSplits).sorted()
                .forEach(p -> found.put(root.relativize(p).toString().replace('\\', '/'), p));
        } catch (IOException e) {
            throw new AugurException("--cache " + dir + ": cannot read the folder: " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new AugurException("--cache " + dir + ": no module folders with split files "
                + "<start>_<end>.safetensors were found");
        }
        return new LatentCache(root, found);
    }

    /** Whether the folder holds a split file; a file with a malformed split name is an error. */
    private static boolean hasSplits(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(SplitFile::parse)
                .anyMatch(s -> s != null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    public Path root() {
        return root;
    }

    public List<String> modules() {
        return new ArrayList<>(modules.keySet());
    }

    public ModuleCache module(String name) {
        Path dir = modules.get(name);
        if (dir == null) {
            throw new AugurException("--module " + name + ": not in the cache " + root
                + " (it has " + String.join(", ", modules.keySet()) + ")");
        }
        return ModuleCache.open(name, dir);
    }

    /** The latent's name in delphi's files: {@code <module>_latent<i>}, '/' written as '--'. */
    public static String latentName(String module, int index) {
        return module.replace("/", "--") + "_latent" + index;
    }
}
