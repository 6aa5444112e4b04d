package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.AugurProcess;
import dev.augur.testing.PlantedLibrary;
import dev.augur.testing.TestCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jcuda.JCudaVersion;
import jcuda.LibUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JCuda extracts its driver binding into java.io.tmpdir under a fixed name and loads a file
 * already there as it is. Another local user can plant that file: {@code augur records
 * --device auto} must never run it.
 */
class PlantedCudaLibraryTest {
    @TempDir
    Path dir;

    @Test
    void recordsDoesNotLoadADriverBindingPlantedInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("shared-tmp"));
        // the very name JCuda's loader looks for in java.io.tmpdir
        String name = LibUtils.createLibraryFileName(
            LibUtils.createPlatformLibraryName("JCudaDriver-" + JCudaVersion.get()));
        PlantedLibrary.plant(tmp.resolve(name));
        Path cache = dir.resolve("cache");
        TestCache.withPatternTokens(64, 32, 3000).randomActivations(24, 11, 60)
            .write(cache, "layers.1", new int[][] {{0, 11}, {12, 23}});
        Path marker = dir.resolve("marker");

        AugurProcess r = AugurProcess.run(List.of("-Djava.io.tmpdir=" + tmp),
            Map.of(PlantedLibrary.MARKER_ENV, marker.toString()),
            List.of("records", "--cache", cache.toString(), "--example-ctx-len", "8", "--min-examples", "5",
                "--n-train", "10", "--n-test", "10", "--n-quantiles", "5", "--n-non-activating", "6",
                "--device", "auto"));

        assertFalse(Files.exists(marker), "the planted library ran: " + (Files.exists(marker)
            ? Files.readString(marker) : ""));
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(r.out().isEmpty(), "records written");
        assertTrue(r.err().contains("device auto"), r.err());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(name), left.map(p -> p.getFileName().toString()).toList(),
                "the process leaves nothing of its own in the temporary folder");
        }
    }
}
