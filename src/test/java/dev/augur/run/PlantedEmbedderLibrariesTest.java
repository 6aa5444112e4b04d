package dev.augur.run;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.Platform;
import dev.augur.testing.AugurProcess;
import dev.augur.testing.PlantedLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jcuda.JCudaVersion;
import jcuda.LibUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with the embedding scorer loads four native libraries: DJL's tokenizers (which DJL
 * reuses from its cache folder, a shared one when DJL_CACHE_DIR points there or the home folder
 * is not writable), JNA (which DJL loads), ONNX Runtime, and JCuda's driver binding for
 * {@code --device auto}. Libraries planted where those loaders look must not run, and the process
 * unpacks nothing outside its private folder and leaves no folder behind.
 */
class PlantedEmbedderLibrariesTest {
    @TempDir
    Path dir;

    @Test
    void aRunLoadsNoPlantedLibraryAndLeavesNoFolderInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("shared-tmp"));
        Path djlCache = dir.resolve("shared-djl-cache");
        Platform tokenizers = Platform.detectPlatform("tokenizers");
        // where DJL looks first: <cache>/tokenizers/<version>-<flavor>-<classifier>/libtokenizers.so
        Path djlPlant = djlCache.resolve("tokenizers")
            .resolve(tokenizers.getVersion() + "-cpu-" + tokenizers.getClassifier())
            .resolve(System.mapLibraryName("tokenizers"));
        PlantedLibrary.plant(djlPlant);
        String cuda = LibUtils.createLibraryFileName(
            LibUtils.createPlatformLibraryName("JCudaDriver-" + JCudaVersion.get()));
        PlantedLibrary.plant(tmp.resolve(cuda));
        ScoringRunFixture.writeCache(dir);
        ScoringRunFixture.writeExplanation(dir.resolve("expl"), "layers.2_latent0", "the word \"the\"");
        Path marker = dir.resolve("marker");
        Path cacheHome = dir.resolve("xdg-cache"); // where JNA unpacks its library by default

        AugurProcess r = AugurProcess.run(List.of("-Djava.io.tmpdir=" + tmp),
            Map.of(PlantedLibrary.MARKER_ENV, marker.toString(), "DJL_CACHE_DIR", djlCache.toString(),
                "XDG_CACHE_HOME", cacheHome.toString()),
            List.of("run", "--cache", dir.resolve("latents").toString(),
                "--tokenizer", ScoringRunFixture.TOKENIZER.toString(), "--results", dir.resolve("results").toString(),
                "--name", "emb", "--latents", "0", "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10",
                "--n-test", "20", "--n-quantiles", "5", "--n-non-activating", "12", "--explainer", "none",
                "--explanations", dir.resolve("expl").toString(), "--scorers", "embedding"));

        assertFalse(Files.exists(marker), "a planted library ran: "
            + (Files.exists(marker) ? Files.readString(marker) : ""));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("results/emb/scores/embedding/layers.2_latent0.txt")),
            "the embedding scorer wrote its scores");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(cuda), left.map(p -> p.getFileName().toString()).toList(),
                "no onnxruntime-java* or other folder of the process is left in the temporary folder");
        }
        try (Stream<Path> djl = Files.walk(djlCache)) {
            assertEquals(List.of(djlPlant), djl.filter(Files::isRegularFile).toList(),
                "nothing is unpacked into DJL's cache");
        }
        assertFalse(Files.exists(cacheHome), "nothing is unpacked into the user's cache folder (JNA)");
    }
}
