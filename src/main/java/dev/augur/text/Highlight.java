package dev.augur.text;

/**
 * How examples are shown to a language model: token strings joined, with maximal runs of
 * marked tokens wrapped in {@code <<} {@code >>} (SPEC 6, 7).
 */
public final class Highlight {
    public static final String OPEN = "<<";
    public static final String CLOSE = ">>";
    /** Fraction of an example's maximum above which a token counts as active when shown. */
    public static final double THRESHOLD = 0.3;

    private Highlight() {
    }

    public static String plain(String[] tokens) {
        return String.join("", tokens);
    }

    /** Wraps each maximal run of marked tokens in << >>. */
    public static String marked(String[] tokens, boolean[] marks) {
        StringBuilder sb = new StringBuilder();
        boolean open = false;
        for (int i = 0; i < tokens.length; i++) {
            if (marks[i] && !open) {
                sb.append(OPEN);
                open = true;
            } else if (!marks[i] && open) {
                sb.append(CLOSE);
                open = false;
            }
            sb.append(tokens[i]);
        }
        if (open) {
            sb.append(CLOSE);
        }
        return sb.toString();
    }

    /** Tokens with activation strictly above threshold x the example's maximum (explainer rule). */
    public static boolean[] above(float[] activations, double threshold) {
        float max = max(activations);
        boolean[] m = new boolean[activations.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = max > 0 && activations[i] > threshold * max;
        }
        return m;
    }

    /** Tokens with activation at or above threshold x the example's maximum (fuzzing rule). */
    public static boolean[] atLeast(float[] activations, double threshold) {
        float max = max(activations);
        boolean[] m = new boolean[activations.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = max > 0 && activations[i] >= threshold * max;
        }
        return m;
    }

    public static float max(float[] values) {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    public static int count(boolean[] marks) {
        int n = 0;
        for (boolean b : marks) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
