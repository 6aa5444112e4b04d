package dev.augur.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The similarity PTX in the jar is what bench/build-ptx.sh makes from src/main/cuda/similarity.cu:
 * current source, PTX ISA 8.0, both entries, the host's launch constants, plain fma.rn (no
 * flush-to-zero, which would break bit-equality with the CPU), and it assembles where ptxas is.
 */
class ShippedSimilarityPtxTest {
    private static final Path SOURCE = Path.of("src/main/cuda/similarity.cu");

    private static String ptx() {
        byte[] b = SimilarityKernels.ptx();
        assertEquals(0, b[b.length - 1], "NUL-terminated for cuModuleLoadData");
        return new String(b, 0, b.length - 1, StandardCharsets.US_ASCII);
    }

    @Test
    void builtFromTheCurrentSourceWithIsa80EveryEntryAndTheHostsConstants() throws Exception {
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(SOURCE)));
        String ptx = ptx();
        assertTrue(ptx.contains("// augur: source-sha256 " + hash + "\n"),
            "similarity.ptx is stale: run bench/build-ptx.sh and commit the result");
        assertTrue(ptx.contains("\n.version 8.0\n"), "PTX ISA 8.0");
        for (String k : SimilarityKernels.ALL) {
            assertTrue(ptx.contains(".visible .entry " + k + "("), "entry " + k);
        }
        String cu = Files.readString(SOURCE);
        assertTrue(cu.contains("#define BLOCK " + SimilarityKernels.BLOCK + "\n"));
        assertTrue(cu.contains("#define TILE " + SimilarityKernels.TILE + "\n"));
        assertTrue(cu.contains("#define KMAX " + SimilarityKernels.KMAX + "\n"));
        assertTrue(ptx.contains("fma.rn.f32"));
        assertFalse(ptx.contains(".ftz"), "no flush-to-zero");
    }

    @Test
    void assemblesForTheOldestAndNewestTargets(@TempDir Path dir) throws Exception {
        String ptxas = null;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "ptxas"))) {
                ptxas = Path.of(d, "ptxas").toString();
                break;
            }
        }
        assumeTrue(ptxas != null, "ptxas is not on PATH: the PTX is only checked textually here");
        Path file = dir.resolve("similarity.ptx");
        Files.writeString(file, ptx());
        for (String arch : new String[] {"sm_75", "sm_90"}) {
            Process p = new ProcessBuilder(ptxas, "-arch=" + arch, "-o",
                dir.resolve(arch + ".cubin").toString(), file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "ptxas " + arch + ": " + out);
        }
    }
}
