package dev.augur.construct.cuda;

/**
 * A device call failed while building a batch: out of memory, a kernel fault, a lost device.
 * The auto backend builds that batch on the CPU instead; the cuda backend reports it.
 */
public class DeviceFailureException extends RuntimeException {
    private final boolean outOfMemory;

    public DeviceFailureException(String message, boolean outOfMemory, Throwable cause) {
        super(message, cause);
        this.outOfMemory = outOfMemory;
    }

    public DeviceFailureException(String message) {
        this(message, false, null);
    }

    /** True when an allocation failed: a smaller sub-batch may still fit. */
    public boolean outOfMemory() {
        return outOfMemory;
    }
}
