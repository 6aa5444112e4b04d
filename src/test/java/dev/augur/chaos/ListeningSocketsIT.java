package dev.augur.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.augur.testing.ListeningSockets;
import dev.augur.testing.ListeningSockets.Listener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Security: node processes started as users start them ({@code bin/vertx run ... -cluster}, the
 * shipped configs and cluster.xml) listen only on the loopback interface: Hazelcast, the
 * clustered event bus and the metrics endpoint. Read from the kernel's socket tables, so
 * nothing the node says about itself is trusted.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // a last resort: every wait has its own deadline
class ListeningSocketsIT {
    private ChaosCluster cluster;

    @Test
    void clusterNodesListenOnlyOnLoopback() throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc");
        cluster = ChaosCluster.create(Path.of("target", "chaos-it", "ListeningSocketsIT").toAbsolutePath(),
            8, 8, 150);
        Deadline deadline = Deadline.inSeconds(120);
        ChaosCluster.Node full = cluster.startFirst("full", ChaosCluster.FULL, deadline);
        ChaosCluster.Node scorer = cluster.start("scorer", ChaosCluster.SCORER);
        cluster.awaitReady(deadline, full, scorer);
        cluster.awaitClusterSize(deadline, 2, full, scorer);

        for (ChaosCluster.Node n : List.of(full, scorer)) {
            List<Listener> listeners = ListeningSockets.of(n.pid());
            int hazelcast = cluster.ownPort(n);
            assertTrue(listeners.stream().anyMatch(l -> l.port() == hazelcast), n + ": Hazelcast port "
                + hazelcast + " not among its listeners " + listeners);
            assertTrue(listeners.stream().anyMatch(l -> l.port() == n.metricsPort()), n + ": metrics port "
                + n.metricsPort() + " not among its listeners " + listeners);
            assertTrue(listeners.size() >= 3, n + ": expected Hazelcast, event bus and metrics listeners, got "
                + listeners);
            for (Listener l : listeners) {
                assertFalse(l.wildcard(), n + " listens on every interface: " + l + " (all: " + listeners + ")");
                assertTrue(l.address().isLoopbackAddress(), n + " listens beyond loopback: " + l);
            }
            // Where this machine has another interface, the Hazelcast port must refuse it.
            for (InetAddress other : otherAddresses()) {
                assertFalse(connects(other, hazelcast), n + ": Hazelcast port " + hazelcast
                    + " accepts a connection on " + other.getHostAddress());
            }
        }
        assertEquals(2, cluster.members(full));
    }

    private static List<InetAddress> otherAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> !a.isLinkLocalAddress()).forEach(out::add);
            }
        }
        return out;
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close(false);
        }
    }
}
