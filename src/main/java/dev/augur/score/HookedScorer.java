package dev.augur.score;

import dev.augur.metrics.ScoreSample;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A scorer wrapped with optional pre- and post-processing hooks (delphi's pipe wrappers): the
 * first may rewrite the input (e.g. shorten the explanation), the second the samples.
 */
public final class HookedScorer implements Scorer {
    private final Scorer inner;
    private final UnaryOperator<ScoreInput> before;
    private final UnaryOperator<List<ScoreSample>> after;

    public HookedScorer(Scorer inner, UnaryOperator<ScoreInput> before,
                        UnaryOperator<List<ScoreSample>> after) {
        this.inner = inner;
        this.before = before == null ? UnaryOperator.identity() : before;
        this.after = after == null ? UnaryOperator.identity() : after;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Future<List<ScoreSample>> score(ScoreInput input) {
        return inner.score(before.apply(input)).map(after);
    }
}
