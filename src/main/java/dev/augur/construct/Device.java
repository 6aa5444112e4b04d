package dev.augur.construct;

import dev.augur.AugurException;
import java.util.Locale;

/** Where examples are built ({@code --device}): the GPU when there is one, the CPU, or the GPU only. */
public enum Device {
    /** CUDA when a device and driver are present, else the CPU (device failures fall back batch by batch). */
    AUTO,
    CPU,
    /** CUDA or fail. */
    CUDA;

    public static final Device DEFAULT = AUTO;

    public static Device parse(String s) {
        try {
            return s == null ? DEFAULT : valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AugurException("--device: '" + s + "' is not one of auto, cpu, cuda");
        }
    }

    /** The name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
