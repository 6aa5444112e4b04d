package dev.augur.cache;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augur.testing.FuzzFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a split file {@code 0_3.safetensors} of a module folder whose config.json is valid
 * (cache_ctx_len 8): the safetensors header, the tensor views and the grouping of activations,
 * as {@code augur records} reads them. Seeds: small files delphi's layout writes
 * (SplitFileFuzzTestInputs/splitFile).
 */
@Timeout(30) // per input (Jazzer passes it to libFuzzer) and per JUnit invocation: above maxDuration
class SplitFileFuzzTest {
    @AfterAll
    static void report() {
        FuzzFiles.report(SplitFileFuzzTest.class);
    }

    private static final String CONFIG = "{\"cache_ctx_len\": 8, \"model_name\": \"m\", \"n_splits\": 1}";

    @FuzzTest(maxDuration = "9s")
    void splitFile(byte[] data) throws Exception {
        Path split = FuzzFiles.write("cache/m/0_3.safetensors", data);
        FuzzFiles.write("cache/m/config.json", CONFIG.getBytes(StandardCharsets.UTF_8));
        FuzzFiles.acceptsOrRejectsCleanly("0_3.safetensors", () -> read(split.getParent().getParent()));
    }

    private static void read(Path cache) {
        ModuleCache module = LatentCache.open(cache).module("m");
        BitSet all = module.select(LatentSelection.all());
        for (SplitFile s : module.splitsFor(all)) {
            TokenCorpus corpus = module.openCorpus(s);
            try (SafetensorsFile file = SafetensorsFile.open(s.path())) {
                module.checkTokensShape(file, corpus);
                SplitActivations acts = SplitActivations.load(file, s, corpus.nSeq(), corpus.seqLen());
                for (int l = s.start(); l <= s.end(); l++) {
                    LatentActivations a = acts.latent(l).sortedByPosition();
                    if (!a.isEmpty()) {
                        long start = a.flatAt(0) / corpus.seqLen() * corpus.seqLen();
                        a.dense(start, corpus.seqLen());
                        corpus.window(start, corpus.seqLen());
                    }
                }
            } finally {
                corpus.tensor().close();
            }
        }
    }
}
