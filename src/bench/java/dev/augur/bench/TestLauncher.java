package dev.augur.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs test classes without Maven (bench/gpu-check.sh on a GPU machine that has no Maven
 * repository), writing Surefire-style XML reports and a summary; exits 1 on any failure.
 *   args: REPORT_DIR TEST_CLASS [TEST_CLASS...]
 */
public final class TestLauncher {
    private TestLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path reports = Path.of(args[0]);
        Files.createDirectories(reports);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (int i = 1; i < args.length; i++) {
            request.selectors(selectClass(Class.forName(args[i])));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        PrintWriter out = new PrintWriter(System.out, true);
        launcher.execute(built, summary, new LegacyXmlReportGeneratingListener(reports, out));
        summary.getSummary().printTo(out);
        summary.getSummary().printFailuresTo(out, 30);
        var s = summary.getSummary();
        out.printf("%d passed, %d failed, %d skipped%n", s.getTestsSucceededCount(),
            s.getTestsFailedCount(), s.getTestsSkippedCount()
                + s.getTestsAbortedCount());
        System.exit(s.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
