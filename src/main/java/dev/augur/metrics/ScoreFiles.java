package dev.augur.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.augur.AugurException;
import dev.augur.io.AtomicFiles;
import dev.augur.io.Utf8Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes delphi score files: a JSON array with one object per sample holding exactly
 * {@code str_tokens, activations, distance, activating, prediction, probability, correct}.
 * Writing is compact (as delphi's orjson writes) and atomic. Reading is tolerant of what delphi
 * versions wrote: ints for floats, 0/1 for booleans, a negative prediction for a failure,
 * NaN (Python's json.dump) or a missing key for null.
 */
public final class ScoreFiles {
    /** Python's json.dump writes NaN for a float('nan') probability; accept it. */
    private static final JsonMapper JSON = JsonMapper.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final JsonFactory FACTORY = new JsonFactory();

    private ScoreFiles() {
    }

    public static List<ScoreSample> read(Path file) {
        JsonNode root;
        try {
            // decoded strictly as UTF-8 first: given bytes, Jackson guesses UTF-16/32 from NULs
            root = JSON.readTree(Utf8Text.read(file));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new AugurException(file + ": score file not found");
        } catch (JsonProcessingException e) {
            throw new AugurException(file + ": not valid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isArray()) {
            throw new AugurException(file + ": expected a JSON array of samples, found "
                + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        List<ScoreSample> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            out.add(sample(file, i, root.get(i)));
        }
        return out;
    }

    private static ScoreSample sample(Path file, int i, JsonNode o) {
        String where = file + ": sample " + i;
        if (!o.isObject()) {
            throw new AugurException(where + ": expected a JSON object");
        }
        Boolean activating = bool(o.get("activating"), where, "activating");
        if (activating == null) {
            throw new AugurException(where + ": missing field 'activating'");
        }
        List<String> tokens = new ArrayList<>();
        JsonNode t = o.get("str_tokens");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                throw new AugurException(where + ": field 'str_tokens' is not a list");
            }
            t.forEach(n -> tokens.add(n.asText()));
        }
        float[] acts = new float[0];
        JsonNode a = o.get("activations");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) {
                throw new AugurException(where + ": field 'activations' is not a list");
            }
            acts = new float[a.size()];
            for (int k = 0; k < acts.length; k++) {
                acts[k] = (float) number(a.get(k), where, "activations").doubleValue();
            }
        }
        Double distance = number(o.get("distance"), where, "distance");
        float[] simulated = null;
        JsonNode sim = o.get("simulated_activations");
        if (sim != null && sim.isArray()) {
            simulated = new float[sim.size()];
            for (int k = 0; k < simulated.length; k++) {
                simulated[k] = (float) number(sim.get(k), where, "simulated_activations").doubleValue();
            }
        }
        return new ScoreSample(tokens, acts, distance == null ? Double.NaN : distance, activating,
            prediction(o.get("prediction"), where), number(o.get("probability"), where, "probability"),
            bool(o.get("correct"), where, "correct"), simulated);
    }

    private static String oneLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("");
    }

    /** A number, or null when missing, null or NaN. */
    private static Double number(JsonNode n, String where, String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new AugurException(where + ": field '" + field + "' is not a number: " + n);
        }
        double v = n.doubleValue();
        return Double.isNaN(v) ? null : v;
    }

    /** true/false, or 0/1 as some delphi versions wrote; null when missing or null. */
    private static Boolean bool(JsonNode n, String where, String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber() && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        throw new AugurException(where + ": field '" + field + "' is not a boolean: " + n);
    }

    /** Like bool, but a negative number (delphi's -1) means a failed answer, and delphi's own
     *  analysis thresholds numeric predictions at 0.5. */
    private static Boolean prediction(JsonNode n, String where) {
        if (n != null && n.isNumber()) {
            double v = n.doubleValue();
            return Double.isNaN(v) || v < 0 ? null : v >= 0.5;
        }
        return bool(n, where, "prediction");
    }

    public static void write(Path file, List<ScoreSample> samples) {
        try {
            AtomicFiles.write(file, content(samples));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the file unless it exists, first writer wins across processes; true if written here. */
    public static boolean writeIfAbsent(Path file, List<ScoreSample> samples) {
        try {
            return AtomicFiles.createIfAbsent(file, content(samples));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AtomicFiles.Content content(List<ScoreSample> samples) {
        return out -> {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                g.writeStartArray();
                for (ScoreSample s : samples) {
                    writeSample(g, s);
                }
                g.writeEndArray();
            }
        };
    }

    private static void writeSample(JsonGenerator g, ScoreSample s) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("str_tokens");
        for (String t : s.strTokens()) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("activations");
        for (float v : s.activations()) {
            g.writeNumber(v);
        }
        g.writeEndArray();
        g.writeFieldName("distance");
        writeFinite(g, s.distance(), true);
        g.writeBooleanField("activating", s.activating());
        g.writeFieldName("prediction");
        writeBool(g, s.prediction());
        g.writeFieldName("probability");
        writeFinite(g, s.probability(), false);
        g.writeFieldName("correct");
        writeBool(g, s.correct());
        if (s.simulated() != null) {
            g.writeArrayFieldStart("simulated_activations");
            for (float v : s.simulated()) {
                g.writeNumber(v);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * NaN and infinities are not JSON; write null so delphi's reader (orjson) accepts the file.
     * Whole distances (quantiles, -1) are written as ints, as delphi writes them.
     */
    private static void writeFinite(JsonGenerator g, Double v, boolean wholeAsInt) throws IOException {
        if (v == null || !Double.isFinite(v)) {
            g.writeNull();
        } else if (wholeAsInt && v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber((long) (double) v);
        } else {
            g.writeNumber(v);
        }
    }

    private static void writeBool(JsonGenerator g, Boolean b) throws IOException {
        if (b == null) {
            g.writeNull();
        } else {
            g.writeBoolean(b);
        }
    }
}
