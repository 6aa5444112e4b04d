package dev.augur.cache;

import java.util.Optional;

/** The safetensors element types Augur reads, with their size in bytes. */
public enum DType {
    BOOL(1, false), U8(1, false), I8(1, false), I16(2, false), U16(2, false), F16(2, true),
    BF16(2, true), I32(4, false), U32(4, false), F32(4, true), F64(8, true), I64(8, false),
    U64(8, false);

    /** safetensors writes tensors sorted by this order (its Rust enum order), descending. */
    static final String[] SAFETENSORS_ORDER = {"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16",
        "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"};

    private final int size;
    private final boolean floating;

    DType(int size, boolean floating) {
        this.size = size;
        this.floating = floating;
    }

    public int size() {
        return size;
    }

    public boolean isFloating() {
        return floating;
    }

    int safetensorsRank() {
        for (int i = 0; i < SAFETENSORS_ORDER.length; i++) {
            if (SAFETENSORS_ORDER[i].equals(name())) {
                return i;
            }
        }
        throw new IllegalStateException(name());
    }

    public static Optional<DType> parse(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
