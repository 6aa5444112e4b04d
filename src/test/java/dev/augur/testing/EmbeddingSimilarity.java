package dev.augur.testing;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.embed.MiniLmEmbedder;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.record.LatentRecord;
import dev.augur.tokenizer.TokenDecoder;
import java.util.List;

/** How close non-activating windows are to a latent's strongest examples (to compare sources). */
public final class EmbeddingSimilarity {
    private EmbeddingSimilarity() {
    }

    /** Mean over the windows of the best cosine to any of the 10 strongest examples. */
    public static double meanNearest(LatentRecord r, List<NonActivatingWindow> negatives, TokenDecoder d) {
        List<float[]> q = MiniLmEmbedder.shared().embed(r.examples().examples().subList(0, 10).stream()
            .map(e -> String.join("", d.decode(e.tokens()))).toList());
        List<float[]> n = MiniLmEmbedder.shared().embed(negatives.stream()
            .map(w -> String.join("", d.decode(w.tokens()))).toList());
        double sum = 0;
        for (float[] v : n) {
            double best = -1;
            for (float[] a : q) {
                best = Math.max(best, SentenceEmbedder.cosine(a, v));
            }
            sum += best;
        }
        return sum / n.size();
    }
}
