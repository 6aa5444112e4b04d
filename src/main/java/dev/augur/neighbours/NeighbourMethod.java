package dev.augur.neighbours;

import dev.augur.AugurException;
import java.util.Locale;

/** How a module's neighbours are computed (SPEC 2), and the name delphi gives their file. */
public enum NeighbourMethod {
    CO_OCCURRENCE("co-occurrence"),
    DECODER_SIMILARITY("decoder_similarity"),
    ENCODER_SIMILARITY("encoder_similarity");

    private final String fileTag;

    NeighbourMethod(String fileTag) {
        this.fileTag = fileTag;
    }

    /** The method part of delphi's file name, e.g. {@code decoder_similarity}. */
    public String fileTag() {
        return fileTag;
    }

    /** The flag spelling, e.g. {@code decoder-similarity}. */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** delphi's file name for a module: {@code <module>-<method>.json}, '/' written as '--'. */
    public String fileName(String module) {
        return module.replace("/", "--") + "-" + fileTag + ".json";
    }

    /** Similarity methods read SAE weights; co-occurrence reads only the cache. */
    public boolean needsWeights() {
        return this != CO_OCCURRENCE;
    }

    /** Accepts the flag spelling and delphi's (underscores). */
    public static NeighbourMethod parse(String flag, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (NeighbourMethod m : values()) {
            if (m.flagName().equals(t)) {
                return m;
            }
        }
        throw new AugurException(flag + ": '" + text + "' is not one of co-occurrence, "
            + "decoder-similarity, encoder-similarity");
    }
}
