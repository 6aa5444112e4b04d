package dev.augur.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.cache.DType;
import dev.augur.cache.SafetensorsWriter;
import dev.augur.cache.SafetensorsWriter.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding an SAE under --sae for a module, telling the layouts apart, and one-line errors. */
class SaeWeightsTest {
    @TempDir
    Path dir;

    private static final float[][] M = SaeFixtures.matrix(9, 6, 4);

    @Test
    void theFolderItselfOrAFolderNamedAfterTheModuleOrItsUnprefixedName() throws Exception {
        SaeFixtures.sparsify(dir.resolve("layers.6"), M, M, DType.F32);
        SaeFixtures.saeLens(dir.resolve("layers.7"), M, M, DType.F32);
        assertEquals(SaeLayout.SPARSIFY, SaeWeights.locate(dir.resolve("layers.6"), "anything").layout());
        assertEquals(dir.resolve("layers.6"), SaeWeights.locate(dir, "layers.6").folder());
        SaeWeights w = SaeWeights.locate(dir, "model.layers.7");
        assertEquals(SaeLayout.SAELENS, w.layout());
        assertEquals(dir.resolve("layers.7"), w.folder());
        assertEquals(List.of("gpt_neox.layers.6.mlp", "layers.6.mlp", "6.mlp", "mlp"),
            SaeWeights.candidates("gpt_neox.layers.6.mlp"));
        assertEquals(List.of("a--b"), SaeWeights.candidates("a/b"));
    }

    @Test
    void theSaeLensEncoderIsReadTransposedIntoRows() throws Exception {
        SaeFixtures.saeLens(dir, M, M, DType.F32);
        WeightRows r = SaeWeights.locate(dir, "m").read(NeighbourMethod.ENCODER_SIMILARITY);
        assertEquals(6, r.width());
        assertEquals(4, r.d());
        for (int l = 0; l < 6; l++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(M[l][j], r.data()[l * 4 + j]);
            }
        }
    }

    private String error(Path sae, String module, NeighbourMethod method) {
        AugurException e = assertThrows(AugurException.class,
            () -> SaeWeights.locate(sae, module).read(method));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void missingFoldersFilesAndModulesAreNamed() throws Exception {
        assertTrue(error(dir.resolve("nope"), "m", NeighbourMethod.DECODER_SIMILARITY)
            .endsWith("nope: not a folder"));
        Files.createDirectories(dir.resolve("layers.1"));
        String m = error(dir, "layers.6", NeighbourMethod.DECODER_SIMILARITY);
        assertTrue(m.contains("no SAE weights for module layers.6") && m.contains("[layers.1]"), m);
        m = error(dir, "layers.1", NeighbourMethod.DECODER_SIMILARITY);
        assertTrue(m.contains("layers.1: holds neither sae.safetensors (sparsify) nor sae_weights.safetensors"), m);
        SaeFixtures.sparsify(dir.resolve("both"), M, M, DType.F32);
        SaeFixtures.saeLens(dir.resolve("both"), M, M, DType.F32);
        assertTrue(error(dir, "both", NeighbourMethod.DECODER_SIMILARITY).contains("holds both"));
    }

    private void write(String file, Map<String, TensorData> t) throws Exception {
        SafetensorsWriter.write(dir.resolve(file), t);
    }

    @Test
    void badTensorsAndShapesAreNamedWithTheFile() throws Exception {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("encoder.weight", SaeFixtures.tensor(M, false, DType.F32));
        write("sae.safetensors", t);
        String m = error(dir, "m", NeighbourMethod.DECODER_SIMILARITY);
        assertTrue(m.startsWith(dir.resolve("sae.safetensors") + ": has no tensor 'W_dec' (SPARSIFY layout"), m);

        t.put("W_dec", TensorData.f32(new long[] {24}, new float[24]));
        write("sae.safetensors", t);
        assertTrue(error(dir, "m", NeighbourMethod.DECODER_SIMILARITY)
            .contains("tensor 'W_dec' has shape [24], expected 2 non-empty dimensions (latents x d)"));

        t.put("W_dec", TensorData.i32(new long[] {6, 4}, new long[24]));
        write("sae.safetensors", t);
        assertTrue(error(dir, "m", NeighbourMethod.DECODER_SIMILARITY).contains("is I32, not a floating-point type"));

        float[][] bad = SaeFixtures.matrix(9, 6, 4);
        bad[4][2] = Float.NaN;
        t.put("W_dec", SaeFixtures.tensor(bad, false, DType.F32));
        write("sae.safetensors", t);
        assertTrue(error(dir, "m", NeighbourMethod.DECODER_SIMILARITY)
            .contains("tensor 'W_dec' holds NaN in the vector of latent 4"));

        Files.writeString(dir.resolve("sae.safetensors"), "not safetensors");
        assertTrue(error(dir, "m", NeighbourMethod.DECODER_SIMILARITY).startsWith(dir.resolve("sae.safetensors") + ": "));
    }

    @Test
    void aConfigThatDisagreesWithTheTensorIsNamed() throws Exception {
        SaeFixtures.saeLens(dir, M, M, DType.F32);
        Files.writeString(dir.resolve("cfg.json"), "{\"d_in\": 4, \"d_sae\": 7}");
        assertTrue(error(dir, "m", NeighbourMethod.ENCODER_SIMILARITY)
            .equals(dir.resolve("cfg.json") + ": d_sae is 7 but tensor 'W_enc' of sae_weights.safetensors gives 6"));
        Files.writeString(dir.resolve("cfg.json"), "{\"d_in\": 5}");
        assertTrue(error(dir, "m", NeighbourMethod.DECODER_SIMILARITY).contains("d_in is 5 but tensor 'W_dec'"));
        Files.writeString(dir.resolve("cfg.json"), "{oops");
        assertTrue(error(dir, "m", NeighbourMethod.DECODER_SIMILARITY).startsWith(dir.resolve("cfg.json") + ": not valid JSON"));
    }
}
