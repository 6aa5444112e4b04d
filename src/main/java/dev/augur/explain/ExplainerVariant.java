package dev.augur.explain;

import dev.augur.AugurException;
import java.util.Locale;

/** Where explanations come from: an LLM prompt variant, or files (SPEC 6). */
public enum ExplainerVariant {
    DEFAULT, CONTRASTIVE, SINGLE_TOKEN, NONE, RANDOM;

    public static ExplainerVariant parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new AugurException("--explainer: '" + s + "' is not one of default, contrastive, "
                + "single-token, none, random");
        }
    }

    public boolean usesLlm() {
        return this == DEFAULT || this == CONTRASTIVE || this == SINGLE_TOKEN;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
