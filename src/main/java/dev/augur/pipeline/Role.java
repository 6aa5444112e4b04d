package dev.augur.pipeline;

import dev.augur.AugurException;
import dev.augur.text.Quoted;
import java.util.Locale;

/** The stages a node can run; a node's config lists its roles. */
public enum Role {
    COORDINATOR, DATASET, CONSTRUCT, SAMPLE, EXPLAIN, SCORE, WRITE;

    public static Role parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AugurException("node.roles: unknown role '" + Quoted.escape(s) + "' (coordinator, dataset, "
                + "construct, sample, explain, score, write)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
