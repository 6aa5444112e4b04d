package dev.augur.llm;

import dev.augur.io.AtomicFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Answers kept on disk, one file per request: {@code DIR/ab/abcd….json}, named by the SHA-256 of
 * the request's canonical JSON (the body as sent: model, sampling parameters, messages; never the
 * API key, which is a header, nor the base URL). Blocking file I/O: call it from a worker thread.
 *
 * <p>Safe to share between threads, processes and nodes on one folder: an entry is written to a
 * temporary file beside it and renamed into place, so a reader sees a whole entry or none, and
 * concurrent writers of one key each publish a whole entry (the last rename wins; they hold the
 * same answer's shape). An entry that cannot be read back whole (truncated, edited, another
 * format) is treated as a miss, and the answer fetched again replaces it.
 *
 * <p>Size bound: when the entries pass {@code maxBytes}, the least recently used ones (oldest
 * modification time; a hit touches its entry) are deleted until they take at most 90% of it.
 * Temporary files older than 10 minutes (left by a killed writer) are deleted then too.
 */
public final class ResponseCache {
    /** In every key and entry: a change of format or key recipe misses old entries. */
    static final String FORMAT = "augur-llm-cache/1";
    private static final long STALE_TEMP_MS = 10 * 60_000;
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final long maxBytes;
    private final AtomicLong knownBytes = new AtomicLong(-1); // -1: the folder not measured yet
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final Object evicting = new Object();

    public ResponseCache(Path dir, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1");
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    public Path dir() {
        return dir;
    }

    /** Entries found unreadable so far (each treated as a miss). */
    public long corruptEntries() {
        return corrupt.get();
    }

    /** Entries deleted by the size bound so far. */
    public long evictedEntries() {
        return evicted.get();
    }

    /** The key of a request body as it would be sent: SHA-256 (hex) of its canonical JSON. */
    public static String key(JsonObject requestBody) {
        String canonical = FORMAT + "\n" + ((JsonObject) canonical(requestBody)).encode();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Keys sorted at every level, so equal requests give equal text whatever their key order. */
    private static Object canonical(Object value) {
        if (value instanceof JsonObject o) {
            JsonObject out = new JsonObject();
            for (String k : new TreeSet<>(o.fieldNames())) {
                out.put(k, canonical(o.getValue(k)));
            }
            return out;
        }
        if (value instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            a.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return value;
    }

    /** The file of a key. */
    public Path entry(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + SUFFIX);
    }

    /** The cached answer of {@code key}, or empty when there is none or it is unreadable. Blocking. */
    public Optional<ChatResponse> get(String key) {
        Path file = entry(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            corrupt.incrementAndGet();
            return Optional.empty();
        }
        Optional<ChatResponse> r = CacheEntry.read(bytes, key);
        if (r.isEmpty()) {
            corrupt.incrementAndGet();
            return r;
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // recently used
        } catch (IOException e) {
            // evicted meanwhile by another process, or a read-only folder: the answer stands
        }
        return r;
    }

    /** Keeps {@code response} as the answer of {@code key}, then holds the size bound. Blocking. */
    public void put(String key, ChatResponse response) throws IOException {
        byte[] bytes = CacheEntry.write(key, response);
        AtomicFiles.write(entry(key), bytes);
        long known = knownBytes.get() < 0 ? measure() : knownBytes.addAndGet(bytes.length);
        if (known > maxBytes) {
            evict();
        }
    }

    /** The bytes of the entries now in the folder (others' included); deletes stale temporary files. */
    private long measure() {
        synchronized (evicting) {
            long total = scan().stream().mapToLong(Found::size).sum();
            knownBytes.set(total);
            return total;
        }
    }

    /** Deletes the least recently used entries until they take at most 90% of the bound. */
    void evict() {
        synchronized (evicting) {
            List<Found> found = scan();
            long total = found.stream().mapToLong(Found::size).sum();
            long target = maxBytes - maxBytes / 10;
            if (total > maxBytes) {
                found.sort(Comparator.comparingLong(Found::modifiedMs));
                for (Found f : found) {
                    if (total <= target) {
                        break;
                    }
                    try {
                        if (Files.deleteIfExists(f.path())) {
                            evicted.incrementAndGet();
                        }
                        total -= f.size(); // gone either way: deleted here or by another process
                    } catch (IOException e) {
                        // cannot delete it: it still counts
                    }
                }
            }
            knownBytes.set(total);
        }
    }

    private record Found(Path path, long size, long modifiedMs) {
    }

    /** The entries in the folder; temporary files older than {@link #STALE_TEMP_MS} are deleted. */
    private List<Found> scan() {
        List<Found> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        long staleBefore = System.currentTimeMillis() - STALE_TEMP_MS;
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // deleted meanwhile
                }
                if (!a.isRegularFile()) {
                    continue;
                }
                String name = p.getFileName().toString();
                long modified = a.lastModifiedTime().toMillis();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    if (modified < staleBefore) {
                        Files.deleteIfExists(p);
                    }
                } else if (name.endsWith(SUFFIX)) {
                    out.add(new Found(p, a.size(), modified));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // another process removed a shard meanwhile: what was seen is enough for a bound
        }
        return out;
    }
}
