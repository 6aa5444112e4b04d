package dev.augur.neighbours;

import dev.augur.AugurException;
import dev.augur.construct.Device;
import dev.augur.construct.cuda.ConstructionDevice;
import dev.augur.construct.cuda.DeviceFailureException;
import dev.augur.construct.cuda.DeviceOpener;
import dev.augur.construct.cuda.DeviceUnavailableException;
import dev.augur.construct.cuda.JCudaDevice;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * delphi's encoder / decoder similarity neighbours (SPEC 2): the cosine of every latent's SAE
 * vector with every other's, top k per latent, larger first, ties to the lower index, the latent
 * itself and zero vectors left out. {@code --device}: cpu; cuda (fails with one line when no GPU
 * can be used, or the GPU fails); auto (the GPU when usable, else the CPU, saying which and why
 * in one line; a GPU failure midway is logged and the CPU computes the result instead). Both
 * paths sum each dot product in the same order with fused multiply-add, so their lists and
 * values are identical.
 */
public final class SimilarityNeighbours {
    private SimilarityNeighbours() {
    }

    /** As the CLI calls it: device lines go to stderr, prefixed "augur: ". */
    public static NeighbourTable compute(Path saeDir, String module, NeighbourMethod method, int k,
                                         Device device) {
        return compute(saeDir, module, method, k, device, line -> System.err.println("augur: " + line));
    }

    /** As {@link #compute(Path, String, NeighbourMethod, int, Device)}, device lines to {@code log}. */
    public static NeighbourTable compute(Path saeDir, String module, NeighbourMethod method, int k,
                                         Device device, Consumer<String> log) {
        return compute(saeDir, module, method, k, device, log,
            () -> JCudaDevice.open(SimilarityKernels.ptx(), SimilarityKernels.ALL));
    }

    /** As above, with the device opened by {@code opener} (tests put an emulation there). */
    public static NeighbourTable compute(Path saeDir, String module, NeighbourMethod method, int k,
                                         Device device, Consumer<String> log, DeviceOpener opener) {
        if (!method.needsWeights()) {
            throw new AugurException("--method " + method.flagName()
                + ": reads the cache, not SAE weights");
        }
        if (k < 1) {
            throw new AugurException("--k: " + k + " is not a positive number of neighbours");
        }
        if (device == Device.CUDA && k > SimilarityKernels.KMAX) {
            throw new AugurException("--device cuda: --k " + k + " exceeds the GPU kernel's maximum of "
                + SimilarityKernels.KMAX + " (use --device cpu or auto)");
        }
        UnitRows rows = UnitRows.normalise(SaeWeights.locate(saeDir, module).read(method));
        return switch (device) {
            case CPU -> CpuSimilarity.topK(rows, k);
            case CUDA -> onCuda(rows, k, opener, log);
            case AUTO -> auto(rows, k, opener, log);
        };
    }

    private static NeighbourTable onCuda(UnitRows rows, int k, DeviceOpener opener, Consumer<String> log) {
        try (ConstructionDevice d = opener.open()) {
            log.accept("device cuda: computing similarity neighbours on " + d.description());
            return new CudaSimilarity(d).topK(rows, k);
        } catch (DeviceUnavailableException e) {
            throw new AugurException("--device cuda: no usable CUDA device: " + e.getMessage()
                + " (use --device auto or cpu to compute on the CPU)");
        } catch (DeviceFailureException e) {
            throw new AugurException("--device cuda: the GPU failed computing similarity neighbours: "
                + e.getMessage() + " (--device auto computes on the CPU then)", e);
        }
    }

    private static NeighbourTable auto(UnitRows rows, int k, DeviceOpener opener, Consumer<String> log) {
        if (k > SimilarityKernels.KMAX) {
            log.accept("device auto: computing similarity neighbours on the CPU (k " + k
                + " exceeds the GPU kernel's maximum of " + SimilarityKernels.KMAX + ")");
            return CpuSimilarity.topK(rows, k);
        }
        ConstructionDevice d;
        try {
            d = opener.open();
        } catch (DeviceUnavailableException e) {
            log.accept("device auto: computing similarity neighbours on the CPU (" + e.getMessage() + ")");
            return CpuSimilarity.topK(rows, k);
        }
        try (d) {
            log.accept("device auto: computing similarity neighbours on the GPU, " + d.description());
            return new CudaSimilarity(d).topK(rows, k);
        } catch (DeviceFailureException e) {
            log.accept("device auto: the GPU failed (" + e.getMessage()
                + "); computing similarity neighbours on the CPU");
            return CpuSimilarity.topK(rows, k);
        }
    }
}
