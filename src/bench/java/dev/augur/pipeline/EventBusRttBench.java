package dev.augur.pipeline;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
/**
 * Event-bus round trip of a score request between two Hazelcast-clustered Vert.x nodes on
 * 127.0.0.1 in one JVM (bench/eventbus-rtt.sh): a 50 + 50 + 50-window record, CBOR-encoded,
 * answered at once; five rounds of 200 sequential requests, the first ones warming the JIT.
 */
public final class EventBusRttBench {
    private EventBusRttBench() {
    }

    public static void main(String[] args) throws Exception {
        Vertx a = PipelineFixture.node(true);
        Vertx b = PipelineFixture.node(true);
        AugurCodec.registerOnce(a);
        AugurCodec.registerOnce(b);
        b.eventBus().<PipelineMessage>consumer("rtt", m -> m.reply(new PipelineMessage.Explained("x", true, "s"),
            AugurCodec.options(5000))).completion().await(10, TimeUnit.SECONDS);
        java.util.List<WireRecord.Window> ws = new java.util.ArrayList<>();
        for (int w = 0; w < 50; w++) {
            int[] t = new int[32];
            float[] act = new float[32];
            for (int i = 0; i < 32; i++) { t[i] = (w * 7 + i) % 3 == 0 ? 5 : 6; act[i] = i % 5 == 0 ? 1.5f : 0f; }
            ws.add(new WireRecord.Window(t, act, 1.5f, w % 10, new int[32], 0f));
        }
        WireRecord rec = new WireRecord("layers.2", 7, 400, 0.01, 0.2, null, new int[] {5, 6}, new String[] {"he", " the"}, ws, ws, ws);
        PipelineMessage.Score s = new PipelineMessage.Score(dev.augur.score.ScorerKind.DETECTION,
            AugurCodecTest.score(new int[] {5, 6, 11}).settings(), rec, "expl", true);
        io.vertx.core.buffer.Buffer enc = io.vertx.core.buffer.Buffer.buffer();
        new AugurCodec().encodeToWire(enc, s);
        System.out.println("request size: " + enc.length() + " bytes (CBOR)");
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                a.eventBus().request("rtt", s, AugurCodec.options(5000)).await(5, TimeUnit.SECONDS);
            }
            System.out.printf("round %d: %.2f ms per round trip%n", round, (System.nanoTime() - t0) / 1e6 / 200);
        }
        a.close().await();
        b.close().await();
        System.exit(0);
    }
}
