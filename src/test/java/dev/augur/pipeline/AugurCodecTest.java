package dev.augur.pipeline;

import dev.augur.config.ExplainSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.prompt.PromptTemplate;
import dev.augur.prompt.PromptTemplates;
import dev.augur.score.ScorerKind;
import dev.augur.score.ScorerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pipeline's one codec: CBOR across the cluster, clear Malformed answers, never a throw on bad bytes. */
class AugurCodecTest {
    static WireRecord record(int[] tokens) {
        WireRecord.Window w = new WireRecord.Window(tokens, new float[] {0f, 2.5f, 0f}, 2.5f, 0, new int[] {0, 10, 0}, 0f);
        WireRecord.Window n = new WireRecord.Window(new int[] {5, 6, 5}, new float[3], 0f, -1, null, -1f);
        return new WireRecord("layers.2", 7, 40, 0.01, 0.2, null, new int[] {5, 6, 11},
            new String[] {"he", " the", "T"}, List.of(w), List.of(w), List.of(n));
    }

    static PipelineMessage.Score score(int[] tokens) {
        return new PipelineMessage.Score(ScorerKind.EMBEDDING, new ScorerSettings(5, false,
            ScorerSettings.FuzzType.DEFAULT, 100, 0.0, 22), record(tokens), "the word the", true);
    }

    static Buffer encode(PipelineMessage m) {
        Buffer b = Buffer.buffer();
        new AugurCodec().encodeToWire(b, m);
        return b;
    }

    @Test
    void scoreRequestsRoundTripThroughCbor() {
        PipelineMessage.Score s = score(new int[] {5, 6, 11});
        PipelineMessage back = new AugurCodec().decodeFromWire(0, encode(s));
        PipelineMessage.Score got = assertInstanceOf(PipelineMessage.Score.class, back);
        assertEquals(s.scorer(), got.scorer());
        assertEquals(s.settings(), got.settings());
        assertArrayEquals(s.record().test().get(0).activations(), got.record().test().get(0).activations());
        assertArrayEquals(encode(s).getBytes(), encode(got).getBytes(), "nothing lost or changed");
        WireRecord.Rebuilt r = got.record().rebuild();
        assertEquals(List.of("he", " the", "T"), List.of(r.decoder().decode(r.record().samples().test().get(0).window().tokens())));
    }

    /** User prompt templates travel in the requests: a node needs no copy of the folder. */
    @Test
    void promptTemplatesTravelWithScoreAndExplainRequests() {
        PromptTemplates mine = new PromptTemplates(java.util.Map.of("fuzz-user.txt", "E: {{explanation}}\n{{examples}}"));
        PipelineMessage.Score s = new PipelineMessage.Score(ScorerKind.FUZZ, new ScorerSettings(5, false,
            ScorerSettings.FuzzType.DEFAULT, 100, 0.0, 22, mine), record(new int[] {5, 6, 11}), "the word the", true);
        PipelineMessage.Score got = assertInstanceOf(PipelineMessage.Score.class,
            new AugurCodec().decodeFromWire(0, encode(s)));
        assertEquals(mine, got.settings().prompts());
        assertEquals("E: {{explanation}}\n{{examples}}", got.settings().prompts().text(PromptTemplate.FUZZ_USER));
        PipelineMessage.Explain e = new PipelineMessage.Explain(new ExplainSpec(dev.augur.explain.ExplainerVariant.DEFAULT,
            false, false, 100, 0.0, "x", 22, mine), record(new int[] {5, 6, 11}));
        PipelineMessage.Explain back = assertInstanceOf(PipelineMessage.Explain.class,
            new AugurCodec().decodeFromWire(0, encode(e)));
        assertEquals(e.spec(), back.spec());
        // a template the receiving node would reject is a Malformed message, not a throw
        Buffer bad = Buffer.buffer(new String(encode(s).getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
            .replace("{{examples}}", "{{exemples}}").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(((PipelineMessage.Malformed) AugurCodec.decode(bad, 0)).reason().contains("{{exemples}}"));
    }

    @Test
    void badBytesBecomeMalformedWithTheReason() {
        Buffer garbage = Buffer.buffer().appendByte(AugurCodec.VERSION).appendInt(4).appendString("\u00ff\u00ffzz");
        assertTrue(((PipelineMessage.Malformed) AugurCodec.decode(garbage, 0)).reason().startsWith("unreadable message"));
        Buffer future = encode(score(new int[] {5, 6, 11}));
        future.setByte(0, (byte) 9);
        assertTrue(((PipelineMessage.Malformed) AugurCodec.decode(future, 0)).reason().contains("version 9"));
        Buffer cut = encode(score(new int[] {5, 6, 11}));
        Buffer truncated = cut.getBuffer(0, cut.length() - 10);
        assertTrue(((PipelineMessage.Malformed) AugurCodec.decode(truncated, 0)).reason().contains("exceeds"));
        PipelineMessage unknownToken = AugurCodec.decode(encode(score(new int[] {5, 99, 11})), 0);
        assertEquals("Score: token id 99 has no text in the record",
            ((PipelineMessage.Malformed) unknownToken).reason());
    }

    @Test
    void nodeLocalMessagesRefuseToLeaveTheNode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> encode(new PipelineMessage.Written(true)));
        assertTrue(e.getMessage().contains("cannot be sent to another node"));
    }

    /** Across two clustered nodes: a malformed request is answered 400 at once, and the node keeps serving. */
    @Test
    void aMalformedRequestFailsAloneAcrossTheCluster() throws Exception {
        Vertx a = PipelineFixture.node(true);
        Vertx b = PipelineFixture.node(true);
        try {
            AugurCodec.registerOnce(a);
            PipelineFixture.deployNode(b, new io.vertx.core.json.JsonObject()
                .put("node", PipelineFixture.roles("score"))).await(30, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            ReplyException bad = assertThrows(ReplyException.class, () -> a.eventBus()
                .request(Addresses.score(ScorerKind.EMBEDDING), score(new int[] {5, 99, 11}), AugurCodec.options(20_000))
                .await(20, TimeUnit.SECONDS));
            assertEquals(Addresses.MALFORMED, bad.failureCode());
            assertTrue(bad.getMessage().contains("token id 99 has no text"), bad.getMessage());
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "answered, not timed out");
            PipelineMessage ok = a.eventBus().<PipelineMessage>request(Addresses.score(ScorerKind.EMBEDDING),
                score(new int[] {5, 6, 11}), AugurCodec.options(60_000)).await(60, TimeUnit.SECONDS).body();
            assertEquals(2, assertInstanceOf(PipelineMessage.Scored.class, ok).samples().size());
        } finally {
            a.close().await(30, TimeUnit.SECONDS);
            b.close().await(30, TimeUnit.SECONDS);
        }
    }
}
