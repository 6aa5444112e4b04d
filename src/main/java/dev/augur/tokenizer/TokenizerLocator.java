package dev.augur.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a tokenizer.json without downloading anything: the explicit file; else, as
 * transformers' {@code from_pretrained(model)} would offline, a local model folder of that
 * name; else the local HuggingFace hub cache ({@code $HF_HUB_CACHE}, else
 * {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}), folder
 * {@code models--<org>--<name>/snapshots/<rev>/tokenizer.json}.
 */
public final class TokenizerLocator {
    static final String FILE = "tokenizer.json";
    // A hub repo id: "name" or "org/name" of word characters, '-' and '.'.
    private static final Pattern REPO_ID = Pattern.compile("[\\w.-]+(/[\\w.-]+)?");

    private TokenizerLocator() {
    }

    /**
     * @param explicitFile a tokenizer.json (or a folder holding one) given by the user, or null
     * @param modelName    the model's hub id ({@code org/name} or {@code name}) or local folder
     * @param env          environment variables ({@code System.getenv()} in production)
     * @return the tokenizer.json, or empty when none is found locally
     * @throws TokenizerException when the explicit file is given but does not exist
     */
    public static Optional<Path> find(Path explicitFile, String modelName, Map<String, String> env) {
        if (explicitFile != null) {
            if (Files.isDirectory(explicitFile) && Files.isRegularFile(explicitFile.resolve(FILE))) {
                return Optional.of(explicitFile.resolve(FILE));
            }
            if (!Files.isRegularFile(explicitFile)) {
                throw new TokenizerException("--tokenizer " + explicitFile + ": no such file");
            }
            return Optional.of(explicitFile);
        }
        if (modelName == null || modelName.isBlank()) {
            return Optional.empty();
        }
        Optional<Path> local = localFolder(modelName);
        if (local.isPresent()) {
            return local;
        }
        if (!REPO_ID.matcher(modelName).matches() || modelName.contains("..")) {
            return Optional.empty();
        }
        Path repo = hubCache(env).resolve("models--" + modelName.replace("/", "--"));
        return fromRef(repo).or(() -> newestSnapshot(repo.resolve("snapshots")));
    }

    /** delphi and transformers accept a local model folder in place of a hub id. */
    private static Optional<Path> localFolder(String modelName) {
        try {
            Path f = Path.of(modelName).resolve(FILE);
            return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The snapshot that {@code refs/main} names: what transformers loads offline by default. */
    private static Optional<Path> fromRef(Path repo) {
        Path ref = repo.resolve("refs").resolve("main");
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        try {
            String commit = Files.readString(ref).strip();
            if (!commit.matches("[0-9A-Za-z]+")) {
                return Optional.empty();
            }
            Path f = repo.resolve("snapshots").resolve(commit).resolve(FILE);
            return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Without a usable ref: the newest snapshot holding a tokenizer.json, ties by name. */
    private static Optional<Path> newestSnapshot(Path snapshots) {
        if (!Files.isDirectory(snapshots)) {
            return Optional.empty();
        }
        try (Stream<Path> revs = Files.list(snapshots)) {
            return revs.map(r -> r.resolve(FILE)).filter(Files::isRegularFile)
                .max(Comparator.comparing(TokenizerLocator::snapshotModified)
                    .thenComparing(p -> p.getParent().getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The hub cache folder, resolved as huggingface_hub does: {@code HF_HUB_CACHE}, the older
     * {@code HUGGINGFACE_HUB_CACHE}, {@code HF_HOME/hub}, {@code XDG_CACHE_HOME/huggingface/hub},
     * else {@code ~/.cache/huggingface/hub}; a leading "~" is the user's home.
     */
    static Path hubCache(Map<String, String> env) {
        String hub = set(env, "HF_HUB_CACHE");
        if (hub == null) {
            hub = set(env, "HUGGINGFACE_HUB_CACHE");
        }
        if (hub != null) {
            return expandHome(hub);
        }
        String home = set(env, "HF_HOME");
        if (home != null) {
            return expandHome(home).resolve("hub");
        }
        String xdg = set(env, "XDG_CACHE_HOME");
        if (xdg != null) {
            return expandHome(xdg).resolve("huggingface").resolve("hub");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    }

    private static String set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }

    private static FileTime snapshotModified(Path tokenizerJson) {
        try {
            return Files.getLastModifiedTime(tokenizerJson.getParent());
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
