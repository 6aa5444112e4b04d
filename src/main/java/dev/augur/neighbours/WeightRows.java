package dev.augur.neighbours;

import dev.augur.AugurException;
import java.nio.file.Path;

/** An SAE's encoder or decoder vectors as rows: {@code data[l * d + j]}, latents x d. */
public record WeightRows(int width, int d, float[] data) {
    public WeightRows {
        if ((long) width * d != data.length) {
            throw new IllegalArgumentException(width + " x " + d + " != " + data.length);
        }
    }

    /** NaN or infinite weights have no cosine: refused, naming the first such row. */
    void checkFinite(Path file, String tensor) {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new AugurException(file + ": tensor '" + tensor + "' holds " + data[i]
                    + " in the vector of latent " + i / d + "; cosine needs finite weights");
            }
        }
    }
}
