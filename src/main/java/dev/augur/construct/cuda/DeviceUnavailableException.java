package dev.augur.construct.cuda;

/** No CUDA device can be used at all: no driver, no device, or the kernels do not load. */
public class DeviceUnavailableException extends Exception {
    public DeviceUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
