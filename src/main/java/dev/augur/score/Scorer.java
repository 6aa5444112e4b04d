package dev.augur.score;

import dev.augur.metrics.ScoreSample;
import io.vertx.core.Future;
import java.util.List;

/**
 * Measures how well an explanation predicts a latent (SPEC 7). The result is one sample per
 * shown example, as delphi's score files hold them; a malformed answer makes that prompt's
 * predictions null (counted as failures), never a failed future.
 */
public interface Scorer {
    /** The folder name under {@code scores/}: detection, fuzz, intruder, simulation, ... */
    String name();

    Future<List<ScoreSample>> score(ScoreInput input);
}
