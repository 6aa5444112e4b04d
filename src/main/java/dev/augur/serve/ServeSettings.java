package dev.augur.serve;

import dev.augur.AugurException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Where the dashboard listens and who may read it. Loopback by default; any other address
 * needs a token, read from the environment variable the user names (never a flag: a flag is
 * visible to every user of the machine in the process list).
 *
 * @param token the bearer token every request must carry, or null (loopback only)
 */
public record ServeSettings(String host, int port, String token) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    public ServeSettings {
        if (port < 0 || port > 65535) {
            throw new AugurException("--serve: port " + port + " is not in 0..65535");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    /**
     * The settings of {@code --serve-host}, the port and {@code --serve-token-env}, checked
     * before anything starts: a non-loopback address without a token is refused.
     *
     * @param hostFlag the option that names the address, for messages
     */
    public static ServeSettings resolve(String host, int port, String tokenEnv, Map<String, String> env,
                                        String hostFlag, String tokenFlag) {
        String h = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        String token = null;
        if (tokenEnv != null && !tokenEnv.isBlank()) {
            token = env.get(tokenEnv);
            if (token == null || token.isBlank()) {
                throw new AugurException(tokenFlag + " " + tokenEnv + ": that environment variable is not set");
            }
        }
        if (!loopback(h, hostFlag) && token == null) {
            throw new AugurException(hostFlag + " " + h + " serves beyond this machine and needs a token: "
                + "put one in an environment variable and name it with " + tokenFlag);
        }
        return new ServeSettings(h, port, token);
    }

    private static boolean loopback(String host, String hostFlag) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new AugurException(hostFlag + " " + host + ": not an address of this machine");
        }
    }

    /** The address to open in a browser. */
    public String url(int boundPort) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort + "/";
    }

    @Override
    public String toString() { // never the token
        return "ServeSettings[" + host + ":" + port + (token == null ? "" : ", token set") + "]";
    }
}
