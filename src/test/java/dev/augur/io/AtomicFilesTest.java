package dev.augur.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.augur.explain.ExplanationStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-file writes, and first-writer-wins creation as coordinators on several nodes need it. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    /** The mode a file newly created here gets from this process's umask. */
    private Set<PosixFilePermission> umaskMode() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe"));
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        return mode;
    }

    @Test
    void filesGetTheModeOfTheUmaskNotTheTemporaryFilesPrivateOne() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Set<PosixFilePermission> expected = umaskMode();
        Path written = dir.resolve("written.json");
        AtomicFiles.write(written, "x".getBytes(StandardCharsets.UTF_8));
        Path created = dir.resolve("created.json");
        assertTrue(AtomicFiles.createIfAbsent(created, out -> out.write('y')));
        Path temporary = TemporaryFiles.create(dir, ".t.", ".tmp");
        for (Path f : List.of(written, created, temporary)) {
            assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }

    @Test
    void createIfAbsentWritesOnceAndNeverReplaces() throws Exception {
        Path f = dir.resolve("sub/a.json");
        assertTrue(AtomicFiles.createIfAbsent(f, out -> out.write("first".getBytes(StandardCharsets.UTF_8))));
        assertFalse(AtomicFiles.createIfAbsent(f, out -> out.write("second".getBytes(StandardCharsets.UTF_8))));
        assertEquals("first", Files.readString(f));
        assertNoTemporaryFiles(f.getParent());
    }

    @Test
    void racingWritersLeaveExactlyOneWholeFile() throws Exception {
        Path f = dir.resolve("done.json");
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 20; round++) {
                Files.deleteIfExists(f);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    byte[] body = ("writer " + w + " ").repeat(2000).getBytes(StandardCharsets.UTF_8);
                    results.add(pool.submit(() -> {
                        go.await();
                        return AtomicFiles.createIfAbsent(f, out -> out.write(body));
                    }));
                }
                go.countDown();
                int winner = -1;
                for (int w = 0; w < writers; w++) {
                    if (results.get(w).get()) {
                        assertEquals(-1, winner, "round " + round + ": two writers created the file");
                        winner = w;
                    }
                }
                assertTrue(winner >= 0, "round " + round + ": nobody created the file");
                assertArrayEquals(("writer " + winner + " ").repeat(2000).getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(f), "the winner's whole content");
            }
        } finally {
            pool.shutdownNow();
        }
        assertNoTemporaryFiles(dir);
    }

    @Test
    void anExplanationAlreadyOnDiskStaysAndIsReturned() throws Exception {
        ExplanationStore store = new ExplanationStore(dir.resolve("explanations"));
        assertEquals("Words about football", store.writeIfAbsent("layers.0_latent1", "Words about football"));
        assertEquals("Words about football", store.writeIfAbsent("layers.0_latent1", "Months of the year"),
            "the second coordinator scores with the first one's explanation");
        assertEquals("Words about football", store.read("layers.0_latent1").orElseThrow());
    }

    private static void assertNoTemporaryFiles(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }
}
