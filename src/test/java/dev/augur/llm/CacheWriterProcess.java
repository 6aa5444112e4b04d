package dev.augur.llm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process of its own writing one cache key over and over from several threads, for
 * {@link ResponseCacheTest}: {@code dir key writerName threads rounds}. Each entry's content is
 * {@link ResponseCacheTest#content} of its writer, so a torn entry would show.
 */
public final class CacheWriterProcess {
    private CacheWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        ResponseCache cache = new ResponseCache(Path.of(args[0]), 1L << 30);
        String key = args[1];
        int threads = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        List<Thread> all = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            String writer = args[2] + "-" + t;
            Thread th = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        cache.put(key, ResponseCacheTest.answer(writer));
                        if (cache.get(key).isEmpty()) {
                            throw new AssertionError("a reader found no whole entry");
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            th.start();
            all.add(th);
        }
        for (Thread th : all) {
            th.join();
        }
        if (!errors.isEmpty()) {
            errors.get(0).printStackTrace();
            System.exit(1);
        }
    }
}
