package dev.augur.embed;

import dev.augur.cache.TokenCorpus;
import dev.augur.io.AtomicFiles;
import dev.augur.tokenizer.TokenDecoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Sentence embeddings of every aligned window of a corpus (the candidates for hard negatives,
 * SPEC 4 "embedding"), computed once and kept on disk under a key derived from the model and
 * the windows' text, so a rerun (or another run on the same cache) does not embed again.
 */
public final class WindowIndex {
    private static final int BATCH = 256;

    private final float[][] vectors;

    private WindowIndex(float[][] vectors) {
        this.vectors = vectors;
    }

    public int size() {
        return vectors.length;
    }

    public float[] vector(int window) {
        return vectors[window];
    }

    /** The text of window w: its tokens decoded one by one and joined. */
    public static String text(TokenCorpus corpus, TokenDecoder decoder, long start, int c) {
        return String.join("", decoder.decode(corpus.window(start, c)));
    }

    public static WindowIndex load(TokenCorpus corpus, int c, TokenDecoder decoder,
                                   SentenceEmbedder embedder, Path cacheDir) {
        int n = (int) (corpus.nTokens() / c);
        List<String> texts = new ArrayList<>(n);
        for (int w = 0; w < n; w++) {
            texts.add(text(corpus, decoder, (long) w * c, c));
        }
        Path file = cacheDir.resolve(key(embedder.name(), texts) + ".f32");
        if (Files.isRegularFile(file)) {
            return new WindowIndex(read(file, n));
        }
        float[][] vectors = new float[n][];
        for (int from = 0; from < n; from += BATCH) {
            List<float[]> part = embedder.embed(texts.subList(from, Math.min(n, from + BATCH)));
            for (int i = 0; i < part.size(); i++) {
                vectors[from + i] = part.get(i);
            }
        }
        write(file, vectors);
        return new WindowIndex(vectors);
    }

    static String key(String model, List<String> texts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(model.getBytes(StandardCharsets.UTF_8));
            for (String t : texts) {
                d.update((byte) 0);
                d.update(t.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[][] read(Path file, int n) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int rows = in.readInt();
            int dim = in.readInt();
            if (rows != n) {
                throw new IOException("holds " + rows + " windows, expected " + n);
            }
            float[][] v = new float[rows][dim];
            for (float[] row : v) {
                for (int j = 0; j < dim; j++) {
                    row[j] = in.readFloat();
                }
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": unreadable embedding cache (delete it): "
                + e.getMessage(), e);
        }
    }

    private static void write(Path file, float[][] vectors) {
        try {
            AtomicFiles.write(file, raw -> {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
                out.writeInt(vectors.length);
                out.writeInt(vectors.length == 0 ? 0 : vectors[0].length);
                for (float[] row : vectors) {
                    for (float f : row) {
                        out.writeFloat(f);
                    }
                }
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
