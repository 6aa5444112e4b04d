package dev.augur.testing;

import dev.augur.cache.LatentCache;
import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordSettings;
import dev.augur.record.RecordSource;
import dev.augur.sample.SamplerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds records in tests through the same path the command line uses. */
public final class Records {
    private Records() {
    }

    public static List<LatentRecord> build(Path cache, String latents, ConstructorConfig c,
                                           SamplerConfig s, Path neighbours) {
        return source(cache, latents, c, s, neighbours).records;
    }

    /** The built records and the source (for its stats). */
    public record Built(RecordSource source, List<LatentRecord> records) {
    }

    public static Built source(Path cache, String latents, ConstructorConfig c, SamplerConfig s,
                               Path neighbours) {
        return source(cache, latents, c, s, neighbours, true);
    }

    /** @param needsTrain false keeps latents whose train set is empty (as a run loading explanations) */
    public static Built source(Path cache, String latents, ConstructorConfig c, SamplerConfig s,
                               Path neighbours, boolean needsTrain) {
        RecordSettings settings = new RecordSettings(List.of(),
            Map.of(RecordSettings.ANY_MODULE, LatentSelection.parse(latents)), c, s, neighbours);
        RecordSource source = new RecordSource(LatentCache.open(cache), settings,
            new CpuExampleConstructor()).needingTrain(needsTrain);
        List<LatentRecord> out = new ArrayList<>();
        source.forEachBatch(b -> out.addAll(b.records()));
        return new Built(source, out);
    }
}
