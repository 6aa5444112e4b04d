package dev.augur.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
    @Test
    void readsTheKernelsAddressColumns() throws Exception {
        assertEquals("127.0.0.1:5701", ListeningSockets.parse("0100007F:1645").toString());
        assertTrue(ListeningSockets.parse("00000000:1645").wildcard());
        assertTrue(ListeningSockets.parse("00000000000000000000000000000000:1645").wildcard());
        assertEquals("[0:0:0:0:0:0:0:1]:80", ListeningSockets.parse("00000000000000000000000001000000:0050").toString());
        assertEquals("127.0.0.1:80", ListeningSockets.parse("0000000000000000FFFF00000100007F:0050").toString());
    }

    @Test
    void findsThisProcesssListenersWithTheirInterfaces() throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc");
        long pid = ProcessHandle.current().pid();
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket any = new ServerSocket()) {
            any.bind(new InetSocketAddress(0));
            var listeners = ListeningSockets.of(pid);
            assertTrue(listeners.stream().anyMatch(l -> l.port() == loopback.getLocalPort() && !l.wildcard()
                && l.address().isLoopbackAddress()), listeners.toString());
            assertTrue(listeners.stream().anyMatch(l -> l.port() == any.getLocalPort() && l.wildcard()),
                listeners.toString());
        }
    }
}
