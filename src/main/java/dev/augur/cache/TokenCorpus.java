package dev.augur.cache;

/**
 * The cached token ids, {@code tokens [n_seq, L]} of a split file, kept mapped (zero copy).
 * Positions are "flat": {@code seq * L + pos}.
 */
public final class TokenCorpus {
    private final Tensor tokens;
    private final int nSeq;
    private final int seqLen;

    public TokenCorpus(Tensor tokens) {
        if (tokens.rank() != 2 || tokens.dtype().isFloating()) {
            throw new CacheFormatException(tokens.file(), "tensor 'tokens' must be a 2-D integer "
                + "tensor [n_seq, ctx_len], found " + tokens);
        }
        if (tokens.count() >= Integer.MAX_VALUE) {
            throw new CacheFormatException(tokens.file(), "tokens " + tokens + " hold over 2^31 "
                + "tokens, more than Augur supports in one cache");
        }
        this.tokens = tokens;
        this.nSeq = (int) tokens.dim(0);
        this.seqLen = (int) tokens.dim(1);
    }

    public int nSeq() {
        return nSeq;
    }

    public int seqLen() {
        return seqLen;
    }

    public long nTokens() {
        return (long) nSeq * seqLen;
    }

    public int token(long flat) {
        return (int) tokens.getLong(flat);
    }

    /** The ids of {@code length} tokens from flat position {@code start}. */
    public int[] window(long start, int length) {
        int[] out = new int[length];
        tokens.readInts(start, out, 0, length);
        return out;
    }

    public Tensor tensor() {
        return tokens;
    }
}
