package dev.augur.score;

import dev.augur.AugurException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The scorers Augur runs (SPEC 7). */
public enum ScorerKind {
    DETECTION, FUZZ, INTRUDER, SIMULATION, EMBEDDING, SURPRISAL,
    /** delphi's explanation-free example_embedding scorer; flag name example-embedding. */
    EXAMPLE_EMBEDDING;

    /** All but the embedding scorers ask an LLM. */
    public boolean usesLlm() {
        return this != EMBEDDING && this != EXAMPLE_EMBEDDING;
    }

    /** example-embedding compares examples with examples; every other scorer reads the explanation. */
    public boolean usesExplanation() {
        return this != EXAMPLE_EMBEDDING;
    }

    /** delphi's scorer name: example_embedding for EXAMPLE_EMBEDDING. */
    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma list such as {@code fuzz,detection}. */
    public static List<ScorerKind> parseList(String list) {
        List<ScorerKind> out = new ArrayList<>();
        for (String s : list.split(",")) {
            String t = s.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                ScorerKind k = valueOf(t.toUpperCase(Locale.ROOT).replace('-', '_'));
                if (!out.contains(k)) {
                    out.add(k);
                }
            } catch (IllegalArgumentException e) {
                throw new AugurException("--scorers: '" + t + "' is not one of fuzz, detection, "
                    + "intruder, simulation, embedding, example-embedding, surprisal");
            }
        }
        return out;
    }
}
