package dev.augur.config;

import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.construct.Neighbours;
import dev.augur.neighbours.NeighbourRequest;
import dev.augur.record.RecordSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code --neighbours-method}: before the records are built, every module read gets its
 * neighbours file in a folder (a run's {@code <run>/neighbours/}, delphi's layout), computed
 * unless it is there already (a resumed run), and the settings then read them from there.
 * Called after the preflight (command line) or the builder's checks (Java API), so the cache
 * and settings are sound.
 */
public final class ComputedNeighbours {
    private ComputedNeighbours() {
    }

    /** The settings reading the folder's files; unchanged when nothing is to be computed. */
    public static RecordSettings prepare(Path cacheDir, RecordSettings settings, Path folder, PrintWriter err) {
        NeighbourRequest request = settings.computeNeighbours();
        if (request == null) {
            return settings;
        }
        LatentCache cache = LatentCache.open(cacheDir);
        List<String> modules = settings.modules().isEmpty() ? cache.modules() : settings.modules();
        for (String name : modules) {
            ModuleCache module = cache.module(name);
            Path file = folder.resolve(request.method().fileName(name));
            if (Files.isRegularFile(file)) {
                Neighbours.read(file); // a resumed run's: still sound
                continue;
            }
            long t0 = System.nanoTime();
            request.ensure(module, folder);
            err.printf(Locale.ROOT, "augur: neighbours of %s (%s, k %d) -> %s in %.2f s%n", name,
                request.method().flagName(), request.k(), file, (System.nanoTime() - t0) / 1e9);
            err.flush();
        }
        return settings.withNeighbours(folder);
    }

    /**
     * A throwaway folder for neighbours computed where nothing may be written ({@code records},
     * {@code run --estimate}), deleted on close; none when nothing is to be computed.
     */
    public static final class Scratch implements AutoCloseable {
        private final Path dir;

        public Scratch(RecordSettings settings) throws java.io.IOException {
            this.dir = settings.computeNeighbours() == null ? null
                : Files.createTempDirectory("augur-neighbours-");
        }

        /** The folder (null when nothing is computed). */
        public Path dir() {
            return dir;
        }

        @Override
        public void close() throws java.io.IOException {
            if (dir == null) {
                return;
            }
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
