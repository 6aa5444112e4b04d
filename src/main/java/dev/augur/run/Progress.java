package dev.augur.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A progress display: on a terminal one line rewritten in place twice a second; otherwise (a
 * log, CI) a plain line every {@link #LOG_EVERY_S} seconds. Shows stage, latents done / total,
 * rate, ETA and failures.
 */
public final class Progress implements AutoCloseable {
    public static final int LOG_EVERY_S = 10;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long started;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long total;
    private volatile String stage = "starting";
    private volatile java.util.function.Supplier<String> extra = () -> null;
    private final ScheduledExecutorService timer;

    public Progress(PrintStream out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "augur-progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? 500 : LOG_EVERY_S * 1000L;
        timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
    }

    /** A display on stderr, in place when stderr is a terminal. */
    public static Progress toStderr() {
        return new Progress(System.err, System.console() != null, System::nanoTime);
    }

    public void stage(String name) {
        stage = name;
    }

    /** More to show at the end of the line (e.g. LLM usage and cost), or null for nothing. */
    public void extra(java.util.function.Supplier<String> more) {
        this.extra = more;
    }

    public void total(long n) {
        total = n;
    }

    public void addDone(long n) {
        done.addAndGet(n);
    }

    public void addFailed(long n) {
        failed.addAndGet(n);
    }

    public long done() {
        return done.get();
    }

    public long failed() {
        return failed.get();
    }

    /** The current line, e.g. {@code scoring 120/1000 latents, 4.1/s, ETA 3m34s, 2 failed}. */
    public String line() {
        double secs = Math.max(1e-9, (clock.getAsLong() - started) / 1e9);
        long d = done.get();
        double rate = d / secs;
        String eta = rate > 0 && total > d ? duration((long) ((total - d) / rate)) : "-";
        String more = extra.get();
        return String.format(Locale.ROOT, "%s %d/%d latents, %.1f/s, ETA %s, %d failed, %s elapsed",
            stage, d, total, rate, eta, failed.get(), duration((long) secs)) + (more == null ? "" : ", " + more);
    }

    static String duration(long s) {
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
            : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private synchronized void print() {
        if (terminal) {
            out.print("\r\033[K" + line());
        } else {
            out.println("augur: " + line());
        }
        out.flush();
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println("augur: " + line());
        out.flush();
    }
}
