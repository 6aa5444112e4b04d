package dev.augur.sample;

import dev.augur.AugurException;
import java.util.Locale;

/** How the train set is drawn from a latent's examples (SPEC 5). */
public enum TrainType {
    TOP, RANDOM, QUANTILES, MIX;

    public static TrainType parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AugurException("--train-type: '" + s + "' is not one of top, random, "
                + "quantiles, mix");
        }
    }
}
