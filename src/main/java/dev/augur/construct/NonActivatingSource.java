package dev.augur.construct;

import dev.augur.AugurException;
import java.util.Locale;

/** Where non-activating examples come from (SPEC 4). */
public enum NonActivatingSource {
    RANDOM, NEIGHBOURS,
    /** Hard negatives: windows whose embedding is nearest the activating examples' (delphi FAISS). */
    EMBEDDING;

    public static NonActivatingSource parse(String s) {
        String v = s.trim().toUpperCase(Locale.ROOT);
        try {
            return valueOf(v.equals("FAISS") ? "EMBEDDING" : v);
        } catch (IllegalArgumentException e) {
            throw new AugurException("--non-activating: '" + s + "' is not one of random, "
                + "neighbours, embedding");
        }
    }
}
