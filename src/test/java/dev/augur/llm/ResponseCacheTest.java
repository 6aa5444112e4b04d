package dev.augur.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response cache on disk: keys, whole entries under concurrent writers, corruption, the size bound. */
class ResponseCacheTest {
    @TempDir
    Path dir;

    /** A writer's answer: its name and a body long enough that a torn write could not look whole. */
    static String content(String writer) {
        return writer + ":" + "x".repeat(40_000) + ":" + writer;
    }

    static ChatResponse answer(String writer) {
        return new ChatResponse(content(writer), List.of(new TokenLogprob("1", -0.1,
            List.of(new TopLogprob("1", -0.1), new TopLogprob("0", Double.NEGATIVE_INFINITY)))), 100, 3);
    }

    private static JsonObject body(String model, double temperature, int maxTokens, String user) {
        return OpenAiProtocol.requestBody(new ChatRequest(List.of(ChatMessage.system("s"), ChatMessage.user(user)),
            maxTokens, temperature, false, 0), LlmConfig.of("http://127.0.0.1:1/v1", model));
    }

    @Test
    void theKeyIsTheRequestAsSentWhateverItsKeyOrder() {
        JsonObject a = body("m", 0.0, 10, "hi");
        JsonObject reordered = new JsonObject();
        List<String> names = new ArrayList<>(a.fieldNames());
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.put(n, a.getValue(n)));
        assertEquals(ResponseCache.key(a), ResponseCache.key(reordered));
        assertEquals(64, ResponseCache.key(a).length());
        assertNotEquals(ResponseCache.key(a), ResponseCache.key(body("m2", 0.0, 10, "hi")), "model");
        assertNotEquals(ResponseCache.key(a), ResponseCache.key(body("m", 0.5, 10, "hi")), "temperature");
        assertNotEquals(ResponseCache.key(a), ResponseCache.key(body("m", 0.0, 11, "hi")), "max_tokens");
        assertNotEquals(ResponseCache.key(a), ResponseCache.key(body("m", 0.0, 10, "hi!")), "messages");
        JsonObject logprobs = a.copy().put("logprobs", true).put("top_logprobs", 5);
        assertNotEquals(ResponseCache.key(a), ResponseCache.key(logprobs), "logprobs");
        assertNotEquals(ResponseCache.key(logprobs), ResponseCache.key(logprobs.copy().put("top_logprobs", 4)));
        // the endpoint is not part of the request: several endpoints share one cache
        JsonObject elsewhere = OpenAiProtocol.requestBody(new ChatRequest(List.of(ChatMessage.system("s"),
            ChatMessage.user("hi")), 10, 0.0, false, 0), LlmConfig.of("http://10.9.9.9:8000/v1", "m"));
        assertEquals(ResponseCache.key(a), ResponseCache.key(elsewhere));
    }

    @Test
    void anAnswerComesBackWholeWithItsLogprobsAndUsage() throws Exception {
        ResponseCache cache = new ResponseCache(dir, 1 << 20);
        String key = ResponseCache.key(body("m", 0, 10, "q"));
        assertEquals(Optional.empty(), cache.get(key));
        cache.put(key, answer("w"));
        ChatResponse back = cache.get(key).orElseThrow();
        assertEquals(answer("w"), back, "-Infinity survives as null in the JSON and comes back");
        assertTrue(Files.isRegularFile(dir.resolve(key.substring(0, 2)).resolve(key + ".json")));
    }

    @Test
    void sixteenThreadsWritingOneKeyLeaveOneWholeEntry() throws Exception {
        ResponseCache cache = new ResponseCache(dir, 1L << 30);
        String key = ResponseCache.key(body("m", 0, 10, "same"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                String writer = "thread" + t;
                writers.add(pool.submit(() -> {
                    for (int r = 0; r < 20; r++) {
                        cache.put(key, answer(writer));
                        ChatResponse read = cache.get(key).orElseThrow(() -> new AssertionError("torn entry"));
                        assertTrue(read.content().matches("(thread\\d+):x{40000}:\\1"), "whole entry");
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertOneWholeEntry(cache, key, "thread\\d+");
    }

    @Test
    void writersInTwoProcessesAndThisOneLeaveOneWholeEntry() throws Exception {
        String key = ResponseCache.key(body("m", 0, 10, "shared"));
        List<Process> processes = new ArrayList<>();
        for (String name : List.of("procA", "procB")) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), CacheWriterProcess.class.getName(),
                dir.toString(), key, name, "8", "20").redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + "-" + name + ".log").toFile()).start());
        }
        ResponseCache cache = new ResponseCache(dir, 1L << 30);
        for (int r = 0; r < 40; r++) {
            cache.put(key, answer("here"));
        }
        for (Process p : processes) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "writer process still running");
            assertEquals(0, p.exitValue(), "a writer process saw a torn entry or failed");
        }
        assertOneWholeEntry(cache, key, "(procA|procB)-\\d|here");
    }

    private void assertOneWholeEntry(ResponseCache cache, String key, String writers) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertEquals(List.of(cache.entry(key)), all, "one entry, no temporary file left");
        }
        ChatResponse r = cache.get(key).orElseThrow();
        assertTrue(r.content().matches("(" + writers + "):x{40000}:\\1"), "whole");
        assertEquals(0, cache.corruptEntries());
    }

    @Test
    void aTruncatedEntryIsAMissAndIsRewritten() throws Exception {
        ResponseCache cache = new ResponseCache(dir, 1 << 20);
        String key = ResponseCache.key(body("m", 0, 10, "q"));
        cache.put(key, answer("w"));
        Path entry = cache.entry(key);
        byte[] whole = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertEquals(Optional.empty(), cache.get(key));
        assertEquals(1, cache.corruptEntries());
        Files.writeString(entry, "{\"format\": \"augur-llm-cache/1\", \"key\": \"" + key + "\"}");
        assertEquals(Optional.empty(), cache.get(key), "valid JSON without an answer");
        Files.write(entry, new byte[0]);
        assertEquals(Optional.empty(), cache.get(key), "empty file");
        cache.put(key, answer("again"));
        assertEquals(content("again"), cache.get(key).orElseThrow().content());
        assertEquals(3, cache.corruptEntries());
    }

    @Test
    void theFolderStaysUnderTheBoundAndTheLeastRecentlyUsedGoFirst() throws Exception {
        long bound = 200_000; // an entry is about 40 KB: room for 4
        ResponseCache cache = new ResponseCache(dir, bound);
        List<String> keys = new ArrayList<>();
        long t0 = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < 12; i++) {
            String key = ResponseCache.key(body("m", 0, 10, "q" + i));
            keys.add(key);
            cache.put(key, answer("w" + i));
            // distinct ages without sleeping: entry i was used at t0 + i minutes
            Files.setLastModifiedTime(cache.entry(key), FileTime.fromMillis(t0 + i * 60_000L));
            assertTrue(folderBytes() <= bound, "after entry " + i + ": " + folderBytes() + " bytes");
        }
        assertTrue(cache.evictedEntries() >= 8, "evicted " + cache.evictedEntries());
        assertTrue(cache.get(keys.get(11)).isPresent(), "the newest stays");
        assertTrue(cache.get(keys.get(0)).isEmpty(), "the oldest went");
    }

    @Test
    void aHitMakesAnEntryRecentlyUsed() throws Exception {
        long bound = 200_000;
        ResponseCache cache = new ResponseCache(dir, bound);
        long t0 = System.currentTimeMillis() - 3_600_000;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String key = ResponseCache.key(body("m", 0, 10, "q" + i));
            keys.add(key);
            cache.put(key, answer("w" + i));
            Files.setLastModifiedTime(cache.entry(key), FileTime.fromMillis(t0 + i * 60_000L));
        }
        assertTrue(cache.get(keys.get(0)).isPresent()); // the oldest, used now
        for (int i = 4; i < 6; i++) {
            String key = ResponseCache.key(body("m", 0, 10, "q" + i));
            cache.put(key, answer("w" + i));
        }
        assertTrue(folderBytes() <= bound);
        assertTrue(cache.get(keys.get(0)).isPresent(), "used recently: kept");
        assertTrue(cache.get(keys.get(1)).isEmpty(), "least recently used: evicted");
    }

    private long folderBytes() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void staleTemporaryFilesOfKilledWritersAreCleanedUp() throws Exception {
        ResponseCache cache = new ResponseCache(dir, 1 << 20);
        String key = ResponseCache.key(body("m", 0, 10, "q"));
        Path shard = Files.createDirectories(cache.entry(key).getParent());
        Path stale = Files.writeString(shard.resolve("." + key + ".json.123.tmp"), "{\"half");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        cache.put(key, answer("w")); // the first write measures the folder
        assertTrue(Files.notExists(stale));
        assertTrue(cache.get(key).isPresent());
    }
}
