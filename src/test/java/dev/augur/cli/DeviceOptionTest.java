package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.augur.testing.CliRun;
import dev.augur.testing.TestCache;
import dev.augur.testing.TestTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --device auto|cpu|cuda} on {@code augur records}. */
class DeviceOptionTest {
    @TempDir
    Path dir;
    Path cache;

    @BeforeEach
    void writeCache() throws Exception {
        cache = dir.resolve("cache");
        TestCache.withPatternTokens(64, 32, 3000).randomActivations(24, 11, 60)
            .write(cache, "layers.1", new int[][] {{0, 11}, {12, 23}});
    }

    private CliRun records(String device) {
        return CliRun.run("records", "--cache", cache.toString(), "--example-ctx-len", "8",
            "--min-examples", "5", "--n-train", "10", "--n-test", "10", "--n-quantiles", "5",
            "--n-non-activating", "6", "--window", "centered", "--device", device);
    }

    @Test
    void autoGivesTheSameRecordsAsCpuAndSaysWhichBackendOnce() {
        CliRun cpu = records("cpu");
        CliRun auto = records("auto");
        assertEquals(0, cpu.exitCode(), cpu.err());
        assertEquals(0, auto.exitCode(), auto.err());
        assertFalse(cpu.err().contains("device"), "cpu chosen by the user: no device line: " + cpu.err());
        long lines = Arrays.stream(auto.err().split("\n")).filter(l -> l.contains("device auto")).count();
        assertEquals(1, lines, auto.err());
        assertFalse(cpu.out().isEmpty());
        assertEquals(cpu.out(), auto.out(), "same records whichever backend auto picked");
    }

    @Test
    void cudaWithoutADeviceIsOneClearUserError() {
        assumeFalse(dev.augur.construct.cuda.CudaEquivalenceTestAccess.usable(),
            "a CUDA device is present here");
        CliRun r = records("cuda");
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("augur: error: --device cuda: no usable CUDA device: "), r.err());
        assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void augurRunWithCudaAndNoDeviceStopsWithTheSameError() {
        assumeFalse(dev.augur.construct.cuda.CudaEquivalenceTestAccess.usable(),
            "a CUDA device is present here");
        CliRun r = CliRun.run("run", "--cache", cache.toString(), "--example-ctx-len", "8",
            "--min-examples", "5", "--tokenizer", TestTokenizer.BYTE_BPE.toString(),
            "--explainer", "none", "--explanations", dir.toString(), "--scorers", "embedding", "--results",
            cache.resolveSibling("res").toString(), "--device", "cuda");
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("augur: error: --device cuda: no usable CUDA device: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(java.nio.file.Files.notExists(cache.resolveSibling("res")), "checked before the run folder");
    }

    @Test
    void anUnknownDeviceIsRejected() {
        CliRun r = records("tpu");
        assertEquals(Augur.EXIT_USAGE, r.exitCode(), r.err());
        assertEquals("augur: error: --device: 'tpu' is not one of auto, cpu, cuda", r.err().strip());
    }
}
