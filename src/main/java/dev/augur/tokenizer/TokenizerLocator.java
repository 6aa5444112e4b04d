package dev.augur.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a tokenizer.json: the explicit file, else the local HuggingFace hub cache by model
 * name ({@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub};
 * folder {@code models--<org>--<name>/snapshots/<rev>/tokenizer.json}). Nothing is downloaded.
 */
public final class TokenizerLocator {
    private TokenizerLocator() {
    }

    public static Optional<Path> find(Path explicit, String modelName, Map<String, String> env) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new TokenizerException("--tokenizer " + explicit + ": no such file");
            }
            return Optional.of(explicit);
        }
        if (modelName == null || modelName.isBlank()) {
            return Optional.empty();
        }
        Path snapshots = hubCache(env).resolve("models--" + modelName.replace("/", "--"))
            .resolve("snapshots");
        if (!Files.isDirectory(snapshots)) {
            return Optional.empty();
        }
        // Several revisions may be cached: take the newest snapshot, ties by name.
        try (Stream<Path> revs = Files.list(snapshots)) {
            return revs.map(r -> r.resolve("tokenizer.json")).filter(Files::isRegularFile)
                .max(Comparator.comparing(TokenizerLocator::modified)
                    .thenComparing(p -> p.getParent().getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Path hubCache(Map<String, String> env) {
        String hub = env.get("HF_HUB_CACHE");
        if (hub != null && !hub.isBlank()) {
            return Path.of(hub);
        }
        String home = env.get("HF_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "hub");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.getParent());
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
