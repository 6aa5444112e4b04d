package dev.augur.construct.cuda;

/** A buffer in device memory, made by a {@link ConstructionDevice}: opaque except for its size. */
public interface DeviceArray {
    /** Number of elements. */
    int length();
}
