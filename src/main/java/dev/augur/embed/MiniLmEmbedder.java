package dev.augur.embed;

import dev.augur.tokenizer.TokenizersLibrary;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions) running inside the JVM through ONNX Runtime; the model
 * ships in the langchain4j artifact, so nothing is downloaded. Loaded once per JVM.
 */
public final class MiniLmEmbedder implements SentenceEmbedder {
    private static volatile MiniLmEmbedder shared;

    private final AllMiniLmL6V2EmbeddingModel model;

    private MiniLmEmbedder() {
        // DJL (the model's tokenizer) must not try to download anything.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // native code only from Augur's private folder, checked against the jars
        TokenizersLibrary.pin();
        OnnxRuntimeLibrary.pin();
        this.model = new AllMiniLmL6V2EmbeddingModel();
    }

    /** The JVM's one instance (loading the model takes about a second). */
    public static MiniLmEmbedder shared() {
        MiniLmEmbedder m = shared;
        if (m == null) {
            synchronized (MiniLmEmbedder.class) {
                m = shared;
                if (m == null) {
                    m = new MiniLmEmbedder();
                    shared = m;
                }
            }
        }
        return m;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        // langchain4j rejects blank text (a window of newlines is blank): embed a lone "." instead.
        texts.forEach(t -> segments.add(TextSegment.from(t.isBlank() ? "." : t)));
        List<float[]> out = new ArrayList<>(texts.size());
        for (Embedding e : model.embedAll(segments).content()) {
            out.add(e.vector());
        }
        return out;
    }

    @Override
    public String name() {
        return "all-MiniLM-L6-v2";
    }
}
