package dev.augur.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.augur.construct.ExampleWindow;
import dev.augur.construct.LatentExamples;
import dev.augur.construct.NonActivatingWindow;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SampledExample;
import dev.augur.tokenizer.TokenDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON Lines forms of a record printed by {@code augur records} (one line per latent). */
final class RecordJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private RecordJson() {
    }

    /** The full record; {@code str_tokens} only when a decoder is given. */
    static byte[] full(LatentRecord r, TokenDecoder decoder) {
        return write(g -> {
            LatentExamples ex = r.examples();
            head(g, r);
            g.writeNumberField("n_activations", ex.nActivations());
            g.writeNumberField("per_token_frequency", ex.perTokenFrequency());
            g.writeNumberField("per_context_frequency", ex.perContextFrequency());
            g.writeNumberField("max_activation", ex.maxActivation());
            g.writeStringField("note", ex.note());
            g.writeArrayFieldStart("examples");
            for (ExampleWindow w : ex.examples()) {
                g.writeStartObject();
                ints(g, "tokens", w.tokens());
                floats(g, "activations", w.activations());
                g.writeEndObject();
            }
            g.writeEndArray();
            sampled(g, "train", r.samples() == null ? List.of() : r.samples().train(), decoder);
            sampled(g, "test", r.samples() == null ? List.of() : r.samples().test(), decoder);
            g.writeArrayFieldStart("not_active");
            for (NonActivatingWindow w : ex.nonActivating()) {
                g.writeStartObject();
                ints(g, "tokens", w.tokens());
                floats(g, "activations", w.activations());
                g.writeNumberField("distance", w.distance());
                strTokens(g, w.tokens(), decoder);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** One small line: counts and the maximum, for benchmarks and quick looks. */
    static byte[] summary(LatentRecord r) {
        return write(g -> {
            head(g, r);
            LatentExamples ex = r.examples();
            g.writeNumberField("n_examples", ex.examples().size());
            g.writeNumberField("n_train", r.samples() == null ? 0 : r.samples().train().size());
            g.writeNumberField("n_test", r.samples() == null ? 0 : r.samples().test().size());
            g.writeNumberField("n_not_active", ex.nonActivating().size());
            g.writeNumberField("max_activation", ex.maxActivation());
        });
    }

    private static void head(JsonGenerator g, LatentRecord r) throws IOException {
        g.writeStringField("latent", r.name());
        g.writeStringField("module", r.module());
        g.writeNumberField("index", r.latent());
        g.writeStringField("skipped", r.examples().skipped());
    }

    private static void sampled(JsonGenerator g, String field, List<SampledExample> list,
                                TokenDecoder decoder) throws IOException {
        g.writeArrayFieldStart(field);
        for (SampledExample s : list) {
            g.writeStartObject();
            ints(g, "tokens", s.window().tokens());
            floats(g, "activations", s.window().activations());
            ints(g, "normalized_activations", s.normalized());
            g.writeNumberField("quantile", s.quantile());
            strTokens(g, s.window().tokens(), decoder);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void strTokens(JsonGenerator g, int[] tokens, TokenDecoder decoder)
        throws IOException {
        if (decoder == null) {
            return;
        }
        g.writeArrayFieldStart("str_tokens");
        for (int t : tokens) {
            g.writeString(decoder.decode(t));
        }
        g.writeEndArray();
    }

    private static void ints(JsonGenerator g, String field, int[] values) throws IOException {
        g.writeFieldName(field);
        g.writeArray(values, 0, values.length);
    }

    private static void floats(JsonGenerator g, String field, float[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (float v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
