package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped event-bus TLS switch (deploy/eventbus-tls.json, stores from
 * deploy/make-dev-certs.sh): two TLS nodes on 127.0.0.1 exchange messages; a node without
 * the certificates cannot reach them.
 */
class EventBusTlsTest {
    @TempDir
    Path dir;

    final List<Vertx> nodes = new ArrayList<>();

    static {
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("hazelcast.logging.type", "none");
    }

    @AfterEach
    void close() throws Exception {
        for (Vertx v : nodes) {
            v.close().await(30, TimeUnit.SECONDS);
        }
    }

    private Vertx node(VertxOptions options) throws Exception {
        options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
        Vertx v = Vertx.builder().with(options)
            .withClusterManager(new HazelcastClusterManager(PipelineFixture.clusterConfig()))
            .buildClustered().await(90, TimeUnit.SECONDS);
        nodes.add(v);
        return v;
    }

    @Test
    void theShippedTlsOptionsSecureTheClusteredEventBus() throws Exception {
        Path certs = dir.resolve("certs");
        ProcessBuilder pb = new ProcessBuilder("bash", "deploy/make-dev-certs.sh", certs.toString(), "s3cret-dev")
            .redirectErrorStream(true);
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);

        JsonObject tls = new JsonObject(Files.readString(Path.of("deploy/eventbus-tls.json")));
        JsonObject bus = tls.getJsonObject("eventBusOptions");
        bus.getJsonObject("pfxKeyCertOptions").put("path", certs.resolve("node.p12").toString()).put("password", "s3cret-dev");
        bus.getJsonObject("pfxTrustOptions").put("path", certs.resolve("trust.p12").toString()).put("password", "s3cret-dev");
        tls.remove("_about");
        VertxOptions secure = new VertxOptions(tls.copy());
        assertTrue(secure.getEventBusOptions().isSsl());

        Vertx a = node(new VertxOptions(tls.copy()));
        Vertx b = node(new VertxOptions(tls.copy()));
        b.eventBus().<String>consumer("augur.tls.probe", m -> m.reply("pong:" + m.body()))
            .completion().await(10, TimeUnit.SECONDS);
        assertEquals("pong:ping", a.eventBus().<String>request("augur.tls.probe", "ping",
            new DeliveryOptions().setSendTimeout(10_000)).await(15, TimeUnit.SECONDS).body());

        Vertx plain = node(new VertxOptions());
        assertThrows(Exception.class, () -> plain.eventBus().request("augur.tls.probe", "ping",
            new DeliveryOptions().setSendTimeout(3_000)).await(10, TimeUnit.SECONDS),
            "a node without the certificates gets no answer from the TLS nodes");
    }
}
