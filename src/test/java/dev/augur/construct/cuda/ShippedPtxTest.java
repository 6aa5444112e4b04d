package dev.augur.construct.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The PTX in the jar is the one bench/build-ptx.sh makes from src/main/cuda/construct.cu: built
 * from the current source (hash in its header), PTX ISA 8.0 (what JCuda 12.6 loads), declaring
 * every kernel the host launches, with BLOCK equal to the host's launch width.
 */
class ShippedPtxTest {
    private static final Path SOURCE = Path.of("src/main/cuda/construct.cu");

    private static String ptx() {
        byte[] b = Kernels.ptx();
        assertEquals(0, b[b.length - 1], "NUL-terminated for cuModuleLoadData");
        return new String(b, 0, b.length - 1, StandardCharsets.US_ASCII);
    }

    @Test
    void shippedPtxWasBuiltFromTheCurrentSource() throws Exception {
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(SOURCE)));
        assertTrue(ptx().contains("// augur: source-sha256 " + hash + "\n"),
            "construct.ptx is stale: run bench/build-ptx.sh and commit the result");
    }

    @Test
    void shippedPtxDeclaresIsa80AndEveryKernel() throws Exception {
        String ptx = ptx();
        assertTrue(ptx.contains("\n.version 8.0\n"), "PTX ISA 8.0");
        for (String k : Kernels.ALL) {
            assertTrue(ptx.contains(".visible .entry " + k + "("), "entry " + k);
        }
        String cu = Files.readString(SOURCE);
        assertTrue(cu.contains("#define BLOCK " + Kernels.BLOCK + "\n"), "BLOCK matches the host");
    }

    @Test
    void shippedPtxAssemblesForTheOldestAndNewestTargets(@TempDir Path dir) throws Exception {
        String ptxas = findOnPath("ptxas");
        assumeTrue(ptxas != null, "ptxas is not on PATH: the PTX is only checked textually here");
        Path file = dir.resolve("construct.ptx");
        Files.writeString(file, ptx());
        for (String arch : new String[] {"sm_75", "sm_90"}) {
            Process p = new ProcessBuilder(ptxas, "-arch=" + arch, "-o",
                dir.resolve(arch + ".cubin").toString(), file.toString())
                .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "ptxas " + arch + ": " + out);
        }
    }

    private static String findOnPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
