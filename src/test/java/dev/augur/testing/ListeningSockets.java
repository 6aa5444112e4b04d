package dev.augur.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc}: the socket inodes among
 * {@code /proc/<pid>/fd}, matched with the LISTEN rows of {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}. What a port scanner on another host would see, without one.
 */
public final class ListeningSockets {
    /** {@code /proc/net/tcp}'s state column for LISTEN. */
    private static final String LISTEN = "0A";

    /** One listening socket: its local address and port. */
    public record Listener(InetAddress address, int port) {
        /** Whether it accepts connections on every interface (0.0.0.0 or ::). */
        public boolean wildcard() {
            return address.isAnyLocalAddress();
        }

        @Override
        public String toString() {
            return (address instanceof java.net.Inet6Address ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress()) + ":" + port;
        }
    }

    private ListeningSockets() {
    }

    /** Whether this machine has the files this class reads. */
    public static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /** Every TCP socket process {@code pid} listens on. */
    public static List<Listener> of(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        List<Listener> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    out.add(parse(f[1]));
                }
            }
        }
        return out;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed while we looked
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }

    /**
     * {@code /proc/net/tcp*}'s local address column: the address in hex as the kernel stores it
     * (each 32-bit word in host byte order, little-endian here), a colon, the port in hex.
     */
    static Listener parse(String column) throws UnknownHostException {
        int colon = column.indexOf(':');
        String hex = column.substring(0, colon);
        byte[] address = new byte[hex.length() / 2];
        for (int word = 0; word < address.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                address[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return new Listener(InetAddress.getByAddress(address), Integer.parseInt(column.substring(colon + 1), 16));
    }
}
