package dev.augur.metrics;

import dev.augur.AugurException;
import dev.augur.text.Quoted;

/**
 * A latent's identity as delphi names its files: {@code <module>_latent<index>}, with {@code /}
 * in the module written {@code --}. Modules may themselves contain "_latent", so the name is
 * split at the last occurrence.
 */
public record LatentName(String module, int index) implements Comparable<LatentName> {
    private static final String SEP = "_latent";

    /** Parses a file stem such as {@code layers.5.mlp_latent3} or {@code model--h.0_latent12}. */
    public static LatentName parse(String stem) {
        int at = stem.lastIndexOf(SEP);
        if (at <= 0) {
            throw new AugurException("'" + Quoted.escape(stem) + "' is not a latent name (<module>_latent<index>)");
        }
        String idx = stem.substring(at + SEP.length());
        try {
            int i = Integer.parseInt(idx);
            if (i < 0 || !idx.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            return new LatentName(stem.substring(0, at).replace("--", "/"), i);
        } catch (NumberFormatException e) {
            throw new AugurException("'" + Quoted.escape(stem) + "' is not a latent name: index '"
                + Quoted.escape(idx) + "' is not a non-negative integer");
        }
    }

    /** The name as a file stem ({@code /} written {@code --}). */
    public String fileStem() {
        return module.replace("/", "--") + SEP + index;
    }

    @Override
    public int compareTo(LatentName o) {
        int c = module.compareTo(o.module);
        return c != 0 ? c : Integer.compare(index, o.index);
    }

    @Override
    public String toString() {
        return fileStem();
    }
}
