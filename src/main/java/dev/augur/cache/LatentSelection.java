package dev.augur.cache;

import dev.augur.AugurException;
import java.util.BitSet;

/**
 * Which latents of a module to build: {@code all}, a half-open range {@code 0:100} (as in
 * Python), single indices, or a comma list of these ({@code 0:10,42,100:200}). A selection
 * never means "nothing": an empty spec or an empty range is an error, not a silent no-op.
 */
public final class LatentSelection {
    private static final String FORMS = "all, start:end (end exclusive), an index, or a comma "
        + "list of these";

    private final String spec;
    private final BitSet explicit; // null means all

    private LatentSelection(String spec, BitSet explicit) {
        this.spec = spec;
        this.explicit = explicit;
    }

    public static LatentSelection all() {
        return new LatentSelection("all", null);
    }

    public static LatentSelection parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.isEmpty()) {
            throw new AugurException("--latents: the selection is empty (expected " + FORMS + ")");
        }
        if (s.equalsIgnoreCase("all")) {
            return all();
        }
        BitSet set = new BitSet();
        for (String part : s.split(",", -1)) {
            if (part.isBlank()) {
                throw new AugurException("--latents '" + s + "': an empty item between commas");
            }
            addPart(part.trim(), set);
        }
        return new LatentSelection(s, set);
    }

    private static void addPart(String p, BitSet set) {
        try {
            int colon = p.indexOf(':');
            if (colon >= 0) {
                int from = Integer.parseInt(p.substring(0, colon).trim());
                int to = Integer.parseInt(p.substring(colon + 1).trim());
                if (from < 0 || to <= from) {
                    throw new AugurException("--latents: range '" + p + "' selects no latent "
                        + "(write start:end with 0 <= start < end; end is exclusive)");
                }
                set.set(from, to);
            } else {
                int v = Integer.parseInt(p);
                if (v < 0) {
                    throw new AugurException("--latents: '" + p + "' is negative");
                }
                set.set(v);
            }
        } catch (NumberFormatException e) {
            throw new AugurException("--latents: cannot read '" + p + "' (expected " + FORMS + ")");
        }
    }

    /** The latents of both selections ({@code all} with anything is all). */
    public LatentSelection union(LatentSelection other) {
        if (isAll() || other.isAll()) {
            return all();
        }
        BitSet both = (BitSet) explicit.clone();
        both.or(other.explicit);
        return new LatentSelection(spec + "," + other.spec, both);
    }

    public boolean isAll() {
        return explicit == null;
    }

    /** The selected latents below width; every explicit one must be below width. */
    public BitSet resolve(String module, int width) {
        if (explicit == null) {
            BitSet all = new BitSet(width);
            all.set(0, width);
            return all;
        }
        int last = explicit.length() - 1;
        if (last >= width) {
            throw new AugurException("--latents " + spec + ": latent " + last + " of module '"
                + module + "' lies outside every split file (the module has latents 0.."
                + (width - 1) + ")");
        }
        return (BitSet) explicit.clone();
    }

    @Override
    public String toString() {
        return spec;
    }
}
