package dev.augur.cli;

import dev.augur.config.ComputedNeighbours;
import dev.augur.AugurException;
import dev.augur.cache.LatentCache;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.ExampleConstructors;
import dev.augur.construct.NonActivatingSource;
import dev.augur.embed.MiniLmEmbedder;
import dev.augur.record.RecordBatch;
import dev.augur.record.RecordSettings;
import dev.augur.record.RecordSource;
import dev.augur.record.RecordStats;
import dev.augur.tokenizer.TokenDecoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code augur records}: one JSON object per latent on stdout (JSON Lines). */
@Command(name = "records", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
    description = "Build latent records (examples, train/test, non-activating) and print them as JSON Lines.")
final class RecordsCommand implements Callable<Integer> {
    @Mixin
    RecordOptions options;

    @HelpGroup.In(HelpGroup.RECORDS)
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
        description = "json (one full record per line) | summary (one short line per latent) "
            + "(default: ${DEFAULT-VALUE})")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        boolean summary = switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> false;
            case "summary" -> true;
            default -> throw new AugurException("--format: '" + format + "' is not one of json, summary");
        };
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        RecordsPreflight.check(options.cache(), options.settings());
        RecordsPreflight.checkTokenizer(options.tokenizer);
        RecordStats stats;
        try (ComputedNeighbours.Scratch scratch = new ComputedNeighbours.Scratch(options.settings())) {
            // records prints and writes nothing: computed neighbours live in a throwaway folder
            RecordSettings settings = ComputedNeighbours.prepare(options.cache(), options.settings(),
                scratch.dir(), err);
            stats = build(settings, summary, err);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        err.printf(Locale.ROOT, "augur records: %s in %.2f s (%.0f records/s)%n", stats,
            secs, stats.built() / secs);
        err.flush();
        return 0;
    }

    private RecordStats build(RecordSettings settings, boolean summary, PrintWriter err) throws IOException {
        LatentCache cache = LatentCache.open(options.cache());
        ExampleConstructor backend = ExampleConstructors.forDevice(options.device,
            line -> err.println("augur: " + line));
        RecordSource source = new RecordSource(cache, settings, backend);
        OutputStream sink = new BufferedOutputStream(System.out, 1 << 16);
        try (Tokenizers tokenizers = new Tokenizers(options.tokenizer, err)) {
            if (settings.constructor().nonActivating() == NonActivatingSource.EMBEDDING) {
                TokenDecoder d = tokenizers.forConfig(cache.module(source.modules().get(0)).config());
                source.withEmbeddings(d, d == null ? null : MiniLmEmbedder.shared(),
                    options.embeddingCache());
            }
            source.forEachBatch(batch -> write(batch, summary, tokenizers, sink));
        } finally {
            sink.flush(); // stdout stays open
            if (backend instanceof AutoCloseable device) {
                closeQuietly(device);
            }
        }
        return source.stats();
    }

    private static void closeQuietly(AutoCloseable device) {
        try {
            device.close();
        } catch (Exception e) {
            // the GPU is released at exit all the same
        }
    }

    private void write(RecordBatch batch, boolean summary, Tokenizers tokenizers,
                       OutputStream sink) {
        TokenDecoder decoder = summary ? null : tokenizers.forConfig(batch.module().config());
        List<byte[]> lines = batch.records().parallelStream()
            .map(r -> summary ? RecordJson.summary(r) : RecordJson.full(r, decoder))
            .toList();
        try {
            for (byte[] line : lines) {
                sink.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
