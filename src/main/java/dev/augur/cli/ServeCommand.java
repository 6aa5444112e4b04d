package dev.augur.cli;

import dev.augur.AugurException;
import dev.augur.runfolder.RunLayout;
import dev.augur.serve.DashboardServer;
import dev.augur.serve.RunState;
import dev.augur.serve.ServeSettings;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code augur serve RUN_DIR}: the dashboard over a finished run (Augur's or delphi's folder). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Browse a finished run (an Augur run folder, or explanations/ and scores/ as delphi writes "
        + "them) in the dashboard; runs until interrupted.")
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run folder")
    Path run;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
        description = "port of the dashboard, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Mixin
    ServeOptions serve;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Running r = start();
        spec.commandLine().getErr().println("augur serve: " + r.server().url() + " (Ctrl-C stops)");
        spec.commandLine().getErr().flush();
        new CountDownLatch(1).await(); // until the process is interrupted
        return 0;
    }

    /** The server over the run folder and its Vert.x instance (closing it stops both). */
    record Running(Vertx vertx, DashboardServer server) implements AutoCloseable {
        @Override
        public void close() {
            vertx.close().await();
        }
    }

    /** Checks the folder and the address, then serves. */
    Running start() {
        if (!Files.isDirectory(run)) {
            throw new AugurException(run + ": not a folder");
        }
        RunLayout layout = new RunLayout(run);
        if (!Files.isDirectory(layout.explanations()) && !Files.isDirectory(layout.scoresRoot())) {
            throw new AugurException(run + ": not a run folder (no explanations/ or scores/)");
        }
        ServeSettings settings = serve.settings(port, "--port");
        RunState state = RunState.ofFolder(run);
        Vertx vertx = Vertx.vertx();
        try {
            return new Running(vertx, DashboardServer.start(vertx, state, settings).await());
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }
}
