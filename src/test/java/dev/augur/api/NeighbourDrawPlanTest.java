package dev.augur.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.construct.NeighbourDraw;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import dev.augur.score.ScorerKind;
import dev.augur.testing.ScoringRunFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API plans delphi's neighbour draw with delphi sampling, as --sampling delphi does. */
class NeighbourDrawPlanTest {
    @TempDir
    Path dir;

    private NeighbourDraw planned(SamplingMode mode) throws Exception {
        Path cache = ScoringRunFixture.writeCache(dir);
        try (AugurPipeline p = AugurPipeline.builder().cache(cache).tokenizer(ScoringRunFixture.TOKENIZER)
                .loadExplanations(dir).scorer(ScorerKind.EMBEDDING)
                .sampler(new SamplerConfig(TrainType.QUANTILES, 10, 20, 5, SamplerConfig.DEFAULT_RATIO_TOP, mode, 22))
                .build()) {
            return p.plan().records().constructor().neighbourDraw();
        }
    }

    @Test
    void samplingModeSetsTheDraw() throws Exception {
        assertEquals(NeighbourDraw.EXACT, planned(SamplingMode.DISJOINT));
        assertEquals(NeighbourDraw.DELPHI, planned(SamplingMode.DELPHI));
    }
}
