package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import dev.augur.cli.RunPlans;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped cluster settings: multicast off, no phone-home, bound to the named interface
 * only, failure detection and backups as the README states; node configs readable by NodeVerticle.
 */
class DeployConfigTest {
    @Test
    void everyHazelcastConfigKeepsMulticastOffAndPhoneHomeOff() throws Exception {
        List<Config> configs = List.of(new ClasspathXmlConfig("cluster.xml"),
            new FileSystemXmlConfig("deploy/hazelcast-tcp.xml"), new FileSystemXmlConfig("deploy/hazelcast-kubernetes.xml"));
        for (Config c : configs) {
            assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled(), c.getConfigurationUrl() + "");
            assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
            assertEquals("false", c.getProperty("hazelcast.socket.bind.any"), c.getConfigurationUrl()
                + ": Hazelcast would listen on every interface");
            assertEquals("1", c.getProperty("hazelcast.heartbeat.interval.seconds"));
            assertEquals("10", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
            // the work-unit claims, counters and locks survive the loss of any two members
            assertEquals(2, c.getMapConfig("augur-run.abc.g0.units").getBackupCount(), c.getConfigurationUrl() + "");
            assertEquals(2, c.getMapConfig("__vertx.map.counter").getBackupCount());
            assertEquals(2, c.getMapConfig("__vertx.map.lock").getBackupCount());
            assertEquals(2, c.getMultiMapConfig("__vertx.subs").getBackupCount());
        }
        Config local = configs.get(0);
        assertEquals(List.of("127.0.0.1"), local.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertTrue(local.getNetworkConfig().getInterfaces().getInterfaces().contains("127.0.0.1"));
        assertTrue(configs.get(2).getNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
    }

    @Test
    void shippedNodeConfigsAreReadByTheNode() throws Exception {
        int nodes = 0;
        try (Stream<Path> files = Files.list(Path.of("conf"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonObject json = new JsonObject(Files.readString(f));
                if (!json.containsKey("node")) {
                    continue;
                }
                nodes++;
                NodeConfig node = NodeConfig.fromJson(json);
                assertFalse(node.roles().isEmpty());
                RunPlans.Parsed parsed = RunPlans.fromConfig(json, false);
                assertTrue(parsed.llm() != null, f + " names its LLM");
            }
        }
        assertEquals(3, nodes, "node.json, scorer-node.json, cluster-node.json");
    }
}
