package dev.augur.neighbours;

import dev.augur.AugurException;
import dev.augur.construct.Device;
import java.nio.file.Path;

/** Placeholder until the similarity methods land (issue 15, item 3). */
public final class SimilarityNeighbours {
    private SimilarityNeighbours() {
    }

    public static NeighbourTable compute(Path saeDir, String module, NeighbourMethod method, int k, Device device) {
        throw new AugurException("--method " + method.flagName() + ": not available yet");
    }
}
