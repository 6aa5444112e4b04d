package dev.augur.cli;

import dev.augur.AugurException;
import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.SplitFile;
import dev.augur.cache.TokenCorpus;
import dev.augur.construct.Neighbours;
import dev.augur.construct.NonActivatingSource;
import dev.augur.record.RecordSettings;
import dev.augur.tokenizer.TokenDecoder;
import dev.augur.tokenizer.TokenizerLocator;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * What building records needs, checked before {@code records} prints or {@code run} creates
 * anything: the cache opens; every {@code --module} and {@code --latents MODULE=SPEC} names a
 * module in it; the selection lies inside split files and selects something; the header of each
 * split file it needs is sound and agrees on the tokens; {@code --example-ctx-len} divides the
 * cached context; the neighbours are given, readable and used exactly when the source is
 * neighbours (or are to be computed, {@code --neighbours-method}); a given tokenizer opens. Reading the activations themselves is left to the work
 * (they may be gigabytes).
 */
final class RecordsPreflight {
    private RecordsPreflight() {
    }

    /** Checks the cache and selection; returns how many latents are selected over all modules. */
    static long check(Path cacheDir, RecordSettings settings) {
        LatentCache cache = LatentCache.open(cacheDir);
        List<String> modules = settings.modules().isEmpty() ? cache.modules() : settings.modules();
        checkSelectedModules(cache, modules, settings);
        checkNeighboursFlag(settings);
        long selected = 0;
        for (String name : modules) {
            ModuleCache module = cache.module(name);
            BitSet latents = module.select(settings.selectionFor(name));
            List<SplitFile> splits = module.splitsFor(latents);
            selected += latents.cardinality();
            if (!splits.isEmpty()) {
                checkSplits(module, splits, settings);
            }
        }
        if (selected == 0) {
            throw new AugurException("--latents " + settings.latents().values() + ": selects no latent of "
                + String.join(", ", modules));
        }
        return selected;
    }

    /** A given tokenizer must open, even where the output needs none (summaries). */
    static void checkTokenizer(Path given) {
        if (given != null) {
            TokenizerLocator.find(given, null, Map.of()).ifPresent(file -> TokenDecoder.open(file).close());
        }
    }

    /** A MODULE=SPEC whose module is misspelled would otherwise leave every latent selected. */
    private static void checkSelectedModules(LatentCache cache, List<String> modules, RecordSettings settings) {
        for (String module : settings.latents().keySet()) {
            if (module.equals(RecordSettings.ANY_MODULE) || modules.contains(module)) {
                continue;
            }
            String spec = "--latents " + module + "=" + settings.latents().get(module);
            if (cache.modules().contains(module)) {
                throw new AugurException(spec + ": module '" + module + "' is not among the modules "
                    + "read (--module " + String.join(", ", modules) + ")");
            }
            throw new AugurException(spec + ": no module '" + module + "' in the cache " + cache.root()
                + " (it has " + String.join(", ", cache.modules()) + ")");
        }
    }

    private static void checkNeighboursFlag(RecordSettings settings) {
        boolean used = settings.constructor().nonActivating() == NonActivatingSource.NEIGHBOURS;
        if (settings.computeNeighbours() != null) {
            return; // computed before the records are built (RecordOptions checked its flags)
        }
        if (used && settings.neighbours() == null) {
            throw new AugurException("--non-activating neighbours needs --neighbours FILE_OR_DIR");
        }
        if (!used && settings.neighbours() != null) {
            throw new AugurException("--neighbours " + settings.neighbours() + " is read only with "
                + "--non-activating neighbours (the source is " + settings.constructor().nonActivating()
                    .name().toLowerCase(java.util.Locale.ROOT) + "): add that flag or drop --neighbours");
        }
    }

    private static void checkSplits(ModuleCache module, List<SplitFile> splits, RecordSettings settings) {
        TokenCorpus corpus = module.openCorpus(splits.get(0));
        try {
            settings.constructor().checkSequenceLength(corpus.seqLen(), module.dir().toString());
            for (SplitFile split : splits) {
                try (SafetensorsFile file = SafetensorsFile.open(split.path())) {
                    module.checkTokensShape(file, corpus);
                    file.info("locations");
                    file.info("activations");
                }
            }
        } finally {
            corpus.tensor().close();
        }
        if (settings.neighbours() != null && settings.computeNeighbours() == null) {
            Neighbours.read(Neighbours.locate(settings.neighbours(), module.name()));
        }
    }
}
