package dev.augur.construct.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.augur.AugurException;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.ExampleConstructors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real JCuda driver path on a machine without a GPU or driver (development and CI): the
 * binding fails to load, auto picks the CPU with one line saying why, cuda fails cleanly.
 * Where a CUDA device is usable, auto picks it instead and names the card.
 */
class RealDriverSelectionTest {
    @Test
    void withoutADriverAutoPicksTheCpuAndCudaFailsCleanly() {
        assumeFalse(CudaEquivalenceTest.CUDA.usable(), "a CUDA device is present here");
        List<String> log = new ArrayList<>();
        ExampleConstructor c = ExampleConstructors.forDevice("auto", log::add);
        assertInstanceOf(CpuExampleConstructor.class, c);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("device auto: building examples on the CPU ("), log.get(0));
        assertTrue(log.get(0).contains("CUDA"), log.get(0));
        assertTrue(!log.get(0).contains("\n"), "one line");

        // a second probe in the same JVM gives the same reason (the binding cannot re-load)
        AugurException e = assertThrows(AugurException.class,
            () -> ExampleConstructors.forDevice("cuda", log::add));
        assertTrue(e.getMessage().startsWith("--device cuda: no usable CUDA device: "), e.getMessage());
        assertTrue(e.getMessage().contains(log.get(0).substring(log.get(0).indexOf('(') + 1,
            log.get(0).length() - 1)), e.getMessage());
    }

    @Test
    void withADeviceAutoPicksTheGpuAndSaysWhichCard() throws Exception {
        assumeTrue(CudaEquivalenceTest.CUDA.usable(),
            "no CUDA device: " + CudaEquivalenceTest.CUDA.reason());
        List<String> log = new ArrayList<>();
        ExampleConstructor c = ExampleConstructors.forDevice("auto", log::add);
        try {
            assertInstanceOf(FallbackExampleConstructor.class, c);
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).startsWith("device auto: building examples on the GPU, "), log.get(0));
            assertTrue(log.get(0).contains("GiB free"), log.get(0));
        } finally {
            if (c instanceof AutoCloseable a) {
                a.close();
            }
        }
    }
}
