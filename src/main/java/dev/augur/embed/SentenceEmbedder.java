package dev.augur.embed;

import java.util.List;

/** Turns texts into unit-length vectors (cosine similarity = dot product). Thread-safe. */
public interface SentenceEmbedder {
    List<float[]> embed(List<String> texts);

    String name();

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
