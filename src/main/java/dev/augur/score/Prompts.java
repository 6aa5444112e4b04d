package dev.augur.score;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** Helpers for a latent's prompts, which are sent together and gathered in order. */
final class Prompts {
    private Prompts() {
    }

    /**
     * The results of every future, in the futures' order. Waits for all of them even when one
     * fails (join, not all), so no prompt of a failed latent is still running afterwards.
     */
    static <T> Future<List<T>> inOrder(List<Future<T>> futures) {
        return Future.join(futures).map(all -> {
            List<T> out = new ArrayList<>(futures.size());
            for (int i = 0; i < futures.size(); i++) {
                out.add(all.resultAt(i));
            }
            return out;
        });
    }
}
