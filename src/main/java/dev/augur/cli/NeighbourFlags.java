package dev.augur.cli;

import dev.augur.AugurException;
import dev.augur.construct.Device;
import dev.augur.neighbours.NeighbourMethod;
import dev.augur.neighbours.NeighbourRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks of the flags that ask for neighbours to be computed ({@code augur neighbours}'
 * --method/--k/--sae, {@code run} and {@code records}' --neighbours-method/--neighbours-k/--sae),
 * each failure one line naming the flag.
 */
final class NeighbourFlags {
    private NeighbourFlags() {
    }

    static NeighbourRequest request(String methodFlag, NeighbourMethod method, String kFlag, int k,
                                    Path sae, Device device) {
        if (k < 1) {
            throw new AugurException(kFlag + ": must be at least 1, got " + k);
        }
        if (method.needsWeights()) {
            if (sae == null) {
                throw new AugurException(methodFlag + " " + method.flagName() + " reads the SAE's "
                    + "weights: pass --sae DIR (a sparsify or SAELens folder)");
            }
            if (!Files.isDirectory(sae) || !Files.isReadable(sae)) {
                throw new AugurException("--sae " + sae + ": no such readable folder");
            }
        } else if (sae != null) {
            throw new AugurException("--sae " + sae + ": only the similarity methods read SAE "
                + "weights; " + methodFlag + " co-occurrence reads the cache");
        }
        return new NeighbourRequest(method, k, sae, device);
    }
}
