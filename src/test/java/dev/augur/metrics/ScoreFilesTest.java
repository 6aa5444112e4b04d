package dev.augur.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.AugurException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreFilesTest {
    @TempDir
    Path tmp;

    static Path delphiRun() throws Exception {
        return Path.of(ScoreFilesTest.class.getResource("/delphi-scores/delphi-run").toURI());
    }

    @Test
    void roundTrip() throws Exception {
        List<ScoreSample> in = List.of(
            new ScoreSample(List.of(" the", " \"cat\"\n"), new float[] {0f, 1.5f, 0.3f}, 2, true, true, 0.75, true),
            new ScoreSample(List.of(" dog"), new float[] {0f}, -1, false, null, null, null),
            new ScoreSample(List.of(), new float[0], -0.25, false, false, 0.125, true));
        Path f = tmp.resolve("scores/fuzz/layers.0_latent1.txt");
        ScoreFiles.write(f, in);
        List<ScoreSample> out = ScoreFiles.read(f);
        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            ScoreSample a = in.get(i);
            ScoreSample b = out.get(i);
            assertEquals(a.strTokens(), b.strTokens());
            assertArrayEquals(a.activations(), b.activations());
            assertEquals(a.distance(), b.distance());
            assertEquals(a.activating(), b.activating());
            assertEquals(a.prediction(), b.prediction());
            assertEquals(a.probability(), b.probability());
            assertEquals(a.correct(), b.correct());
        }
        // exactly delphi's fields, nulls written out, whole distances as ints
        JsonNode json = new ObjectMapper().readTree(f.toFile());
        List<String> fields = List.of("str_tokens", "activations", "distance", "activating",
            "prediction", "probability", "correct");
        json.forEach(o -> assertEquals(fields, List.copyOf(iter(o))));
        assertTrue(json.get(1).get("prediction").isNull());
        assertTrue(json.get(0).get("distance").isIntegralNumber());
        assertEquals(0.3, json.get(0).get("activations").get(2).doubleValue(), 1e-9);
        // no temporary file left beside it
        assertEquals(1, Files.list(f.getParent()).count());
    }

    private static List<String> iter(JsonNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void nanDistanceIsWrittenAsNull() throws Exception {
        Path f = tmp.resolve("x_latent0.txt");
        ScoreFiles.write(f, List.of(new ScoreSample(List.of(), new float[0], Double.NaN, false, null, Double.NaN, null)));
        String text = Files.readString(f);
        assertFalse(text.contains("NaN"), text);
        ScoreSample s = ScoreFiles.read(f).get(0);
        assertTrue(Double.isNaN(s.distance()));
        assertNull(s.probability());
    }

    @Test
    void readsDelphiPrettyPrintedFile() throws Exception {
        List<ScoreSample> s = ScoreFiles.read(delphiRun().resolve("scores/detection/layers.5.mlp_latent3.txt"));
        assertEquals(8, s.size());
        ScoreSample first = s.get(0);
        assertEquals(List.of(" the", " cat", " sat"), first.strTokens());
        assertArrayEquals(new float[] {0f, 1.5f, 3f}, first.activations()); // 3 written as an int
        assertEquals(0, first.distance());
        assertTrue(first.activating());
        assertEquals(Boolean.TRUE, first.prediction());
        assertEquals(0.9, first.probability());
        assertEquals(Boolean.TRUE, first.correct());
        ScoreSample last = s.get(7);
        assertEquals(-1, last.distance());
        assertNull(last.prediction());
        assertNull(last.probability());
        assertNull(last.correct());
    }

    @Test
    void readsOlderDelphiNumbersAndMissingKeys() throws Exception {
        List<ScoreSample> s = ScoreFiles.read(delphiRun().resolve("scores/detection/layers.5.mlp_latent7.txt"));
        assertEquals(4, s.size());
        assertEquals(Boolean.TRUE, s.get(0).prediction());   // 1
        assertEquals(Boolean.FALSE, s.get(1).prediction());  // 0
        assertNull(s.get(3).prediction());                   // -1 = failed
        s.forEach(x -> {
            assertNull(x.probability());
            assertNull(x.correct());
        });
        // Python's NaN probability reads as null; an int probability as a double
        List<ScoreSample> fuzz = ScoreFiles.read(delphiRun().resolve("scores/fuzz/layers.5.mlp_latent3.txt"));
        assertEquals(0.0, fuzz.get(2).probability());
        assertNull(fuzz.get(4).probability());
    }

    @Test
    void badFilesNameFileAndField() throws Exception {
        Path obj = write("obj_latent0.txt", "{\"str_tokens\": []}");
        AugurException e = assertThrows(AugurException.class, () -> ScoreFiles.read(obj));
        assertTrue(e.getMessage().contains(obj.toString()) && e.getMessage().contains("array"), e.getMessage());

        Path noAct = write("na_latent0.txt", "[{\"str_tokens\": [], \"activations\": [], \"distance\": 0}]");
        e = assertThrows(AugurException.class, () -> ScoreFiles.read(noAct));
        assertTrue(e.getMessage().contains(noAct.toString()) && e.getMessage().contains("'activating'"), e.getMessage());

        Path broken = write("br_latent0.txt", "[{\"activating\": tru");
        e = assertThrows(AugurException.class, () -> ScoreFiles.read(broken));
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());

        Path badPred = write("bp_latent0.txt", "[{\"activating\": true, \"prediction\": \"yes\"}]");
        e = assertThrows(AugurException.class, () -> ScoreFiles.read(badPred));
        assertTrue(e.getMessage().contains("'prediction'"), e.getMessage());

        e = assertThrows(AugurException.class, () -> ScoreFiles.read(tmp.resolve("none_latent0.txt")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
