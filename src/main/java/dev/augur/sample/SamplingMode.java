package dev.augur.sample;

import dev.augur.AugurException;
import java.util.Locale;

/**
 * DISJOINT (Augur's default): the test set is drawn first and train never shares a window
 * with it. DELPHI: independent draws from the same examples, so they overlap as in delphi.
 */
public enum SamplingMode {
    DISJOINT, DELPHI;

    public static SamplingMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AugurException("--sampling: '" + s + "' is not one of disjoint, delphi");
        }
    }
}
