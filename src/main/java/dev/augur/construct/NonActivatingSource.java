package dev.augur.construct;

import dev.augur.AugurException;
import java.util.Locale;

/** Where non-activating examples come from (SPEC 4). */
public enum NonActivatingSource {
    RANDOM, NEIGHBOURS;

    public static NonActivatingSource parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AugurException("--non-activating: '" + s + "' is not one of random, neighbours");
        }
    }
}
