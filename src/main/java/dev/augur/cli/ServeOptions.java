package dev.augur.cli;

import dev.augur.serve.ServeSettings;
import picocli.CommandLine.Option;

/** Where the dashboard listens and the token it needs off loopback: {@code augur run --serve}, {@code augur serve}. */
final class ServeOptions {
    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--serve-host", paramLabel = "ADDR", defaultValue = ServeSettings.DEFAULT_HOST,
        description = "address the dashboard listens on; any but loopback needs --serve-token-env "
            + "(default: ${DEFAULT-VALUE})")
    String host;

    @HelpGroup.In(HelpGroup.RUN)
    @Option(names = "--serve-token-env", paramLabel = "VAR",
        description = "environment variable holding the token every dashboard request must carry "
            + "(Authorization: Bearer, or open URL?token=...) (default: none, loopback only)")
    String tokenEnv;

    /** The settings for this port, checked (a non-loopback address needs the token). */
    ServeSettings settings(int port, String portFlag) {
        if (port < 0 || port > 65535) {
            throw new dev.augur.AugurException(portFlag + " " + port + ": not a port (0..65535; 0 picks a free one)");
        }
        return ServeSettings.resolve(host, port, tokenEnv, System.getenv(), "--serve-host", "--serve-token-env");
    }
}
