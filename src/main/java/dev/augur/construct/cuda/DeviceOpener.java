package dev.augur.construct.cuda;

/** Opens a device (and its context) on the calling thread, which then owns it. */
@FunctionalInterface
public interface DeviceOpener {
    ConstructionDevice open() throws DeviceUnavailableException;
}
