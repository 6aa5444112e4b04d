package dev.augur.record;

import dev.augur.cache.ModuleCache;
import java.util.List;

/** Records of consecutive latents of one module, as the record source hands them over. */
public record RecordBatch(ModuleCache module, List<LatentRecord> records) {
}
