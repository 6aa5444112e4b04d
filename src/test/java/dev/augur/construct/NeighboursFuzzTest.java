package dev.augur.construct;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augur.testing.FuzzFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/** Fuzzes a delphi neighbours file (neighbours/<module>-<type>.json) as --neighbours reads it. */
@Timeout(30) // per input (Jazzer passes it to libFuzzer) and per JUnit invocation: above maxDuration
class NeighboursFuzzTest {
    @AfterAll
    static void report() {
        FuzzFiles.report(NeighboursFuzzTest.class);
    }

    @FuzzTest(maxDuration = "8s")
    void neighboursFile(byte[] data) throws Exception {
        Path file = FuzzFiles.write("neighbours/m-co-occurrence.json", data);
        FuzzFiles.acceptsOrRejectsCleanly("m-co-occurrence.json", () -> {
            Neighbours n = Neighbours.read(Neighbours.locate(file.getParent(), "m"));
            n.allNeighbourLatents();
            n.of(0);
        });
    }
}
