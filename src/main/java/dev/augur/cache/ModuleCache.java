package dev.augur.cache;

import dev.augur.AugurException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** One module (hookpoint) of a cache: its config.json and its split files. */
public final class ModuleCache {
    private final String name;
    private final Path dir;
    private final CacheConfig config;
    private final List<SplitFile> splits;

    private ModuleCache(String name, Path dir, CacheConfig config, List<SplitFile> splits) {
        this.name = name;
        this.dir = dir;
        this.config = config;
        this.splits = splits;
    }

    static ModuleCache open(String name, Path dir) {
        List<SplitFile> splits = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).map(SplitFile::parse)
                .filter(s -> s != null).forEach(splits::add);
        } catch (IOException e) {
            throw new CacheFormatException(dir, "cannot list the module folder: " + e.getMessage());
        }
        if (splits.isEmpty()) {
            throw new CacheFormatException(dir, "no split files <start>_<end>.safetensors");
        }
        splits.sort(Comparator.comparingInt(SplitFile::start));
        checkTiling(dir, splits);
        CacheConfig config = CacheConfig.read(dir.resolve("config.json"));
        if (config.nSplits() > splits.size()) {
            throw new CacheFormatException(dir, "config.json gives n_splits " + config.nSplits()
                + " but the folder holds " + splits.size() + " split file(s), the last ending at latent "
                + splits.get(splits.size() - 1).end() + ": a split file is missing");
        }
        return new ModuleCache(name, dir, config, List.copyOf(splits));
    }

    /**
     * delphi splits a module's latents [0, width) into consecutive files, so the splits must
     * tile [0, last end] without overlaps or gaps: a missing file would otherwise silently drop
     * its latents from "all" (and from the counts of dead latents).
     */
    private static void checkTiling(Path dir, List<SplitFile> splits) {
        long next = 0;
        SplitFile previous = null;
        for (SplitFile s : splits) {
            if (s.start() < next) {
                throw new CacheFormatException(dir, "split files " + previous.path().getFileName()
                    + " and " + s.path().getFileName() + " cover overlapping latents");
            }
            if (s.start() > next) {
                throw new CacheFormatException(dir, "no split file covers latents " + next + ".."
                    + (s.start() - 1) + " (" + (previous == null ? "before "
                    + s.path().getFileName() : "between " + previous.path().getFileName() + " and "
                    + s.path().getFileName()) + "; expected " + next + "_" + (s.start() - 1)
                    + ".safetensors): a split file is missing");
            }
            next = s.end() + 1L;
            previous = s;
        }
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public CacheConfig config() {
        return config;
    }

    public List<SplitFile> splits() {
        return splits;
    }

    /** One past the highest latent index any split covers. */
    public int width() {
        return splits.get(splits.size() - 1).end() + 1;
    }

    /** The latents some split covers (all of [0, width): the splits tile the range). */
    public BitSet covered() {
        BitSet b = new BitSet(width());
        splits.forEach(s -> b.set(s.start(), s.end() + 1));
        return b;
    }

    /** The selected latents of this module; "all" means all that some split covers. */
    public BitSet select(LatentSelection selection) {
        BitSet b = selection.resolve(name, width());
        if (selection.isAll()) {
            b.and(covered());
        }
        return b;
    }

    public SplitFile splitOf(int latent) {
        for (SplitFile s : splits) {
            if (s.covers(latent)) {
                return s;
            }
        }
        return null;
    }

    /** The split files covering at least one of the latents; a latent in no split is an error. */
    public List<SplitFile> splitsFor(BitSet latents) {
        List<SplitFile> out = new ArrayList<>();
        BitSet covered = new BitSet();
        for (SplitFile s : splits) {
            int next = latents.nextSetBit(s.start());
            if (next >= 0 && next <= s.end()) {
                out.add(s);
                covered.set(s.start(), s.end() + 1);
            }
        }
        BitSet missing = (BitSet) latents.clone();
        missing.andNot(covered);
        if (!missing.isEmpty()) {
            throw new AugurException("latent " + missing.nextSetBit(0) + " of module '" + name
                + "' lies outside every split file in " + dir);
        }
        return out;
    }

    /**
     * Maps the token corpus from the given split (every split holds the same copy) and checks
     * its shape against config.json's cache_ctx_len.
     */
    public TokenCorpus openCorpus(SplitFile from) {
        SafetensorsFile file = SafetensorsFile.open(from.path());
        try {
            Tensor tokens = file.tensor("tokens");
            TokenCorpus corpus = new TokenCorpus(tokens);
            if (corpus.seqLen() != config.cacheCtxLen()) {
                throw new CacheFormatException(from.path(), "tokens shape [" + corpus.nSeq() + ", "
                    + corpus.seqLen() + "] disagrees with cache_ctx_len " + config.cacheCtxLen()
                    + " in " + dir.resolve("config.json"));
            }
            file.closeExcept(tokens);
            return corpus;
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Checks that a split's tokens tensor has the corpus's shape (contents are not compared). */
    public void checkTokensShape(SafetensorsFile file, TokenCorpus corpus) {
        long[] shape = file.info("tokens").shape();
        if (shape.length != 2 || shape[0] != corpus.nSeq() || shape[1] != corpus.seqLen()) {
            throw new CacheFormatException(file.path(), "tokens shape " + java.util.Arrays
                .toString(shape) + " differs from the other splits' [" + corpus.nSeq() + ", "
                + corpus.seqLen() + "]");
        }
    }
}
