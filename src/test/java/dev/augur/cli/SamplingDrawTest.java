package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.construct.NeighbourDraw;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --sampling delphi also selects delphi's neighbour draw; the default keeps exactly n. */
class SamplingDrawTest {
    private static NeighbourDraw drawOf(String... args) {
        RecordOptions o = new RecordOptions();
        new CommandLine(o).parseArgs(args);
        return o.settings().constructor().neighbourDraw();
    }

    @Test
    void samplingModeSetsTheNeighbourDraw() {
        assertEquals(NeighbourDraw.EXACT, drawOf("--cache", "c"));
        assertEquals(NeighbourDraw.EXACT, drawOf("--cache", "c", "--sampling", "disjoint"));
        assertEquals(NeighbourDraw.DELPHI, drawOf("--cache", "c", "--sampling", "delphi"));
    }
}
