package dev.augur.testing;

import dev.augur.testing.TestCache;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cache whose latents fire on known tokens, and the answering rule of the test LLM server
 * (the fake OpenAI server): it reads the explanation "the token "X"" and calls an example
 * activating when X appears in it (detection) or inside its << >> marks (fuzzing), so the
 * expected predictions and metrics are known exactly.
 *
 * Vocabulary (tests' byte-BPE tokenizer): 5 = "he", 6 = " the", 11 = "T". Latent 0 fires on
 * every " the"; latent 1 on about half of the "he"; latent 2 on "T" but only 5 times (too rare).
 */
public final class ScoringRunFixture {
    public static final Path TOKENIZER = TestTokenizer.BYTE_BPE;
    public static final int N_SEQ = 64;
    public static final int L = 32;
    private static final Pattern EXPLANATION = Pattern.compile("Explanation: the token \"(.*?)\"");
    /** An example runs to the next "Example j:" line or the closing instruction (tokens may be newlines). */
    private static final Pattern EXAMPLE = Pattern.compile(
        "(?s)(?<=^|\\n)Example (\\d+): (.*?)(?=\\nExample \\d+: |\\n\\nAnswer with|$)");
    private static final Pattern MARKED = Pattern.compile("<<(.*?)>>");

    private ScoringRunFixture() {
    }

    public static Path writeCache(Path dir) throws Exception {
        Random r = new Random(7);
        int[] vocab = {0, 1, 2, 3, 4, 5, 6, 7, 11};
        long[] tokens = new long[N_SEQ * L];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = vocab[r.nextInt(vocab.length)];
        }
        TestCache c = new TestCache(N_SEQ, L, tokens);
        int rare = 0;
        for (int i = 0; i < tokens.length; i++) {
            int seq = i / L;
            int pos = i % L;
            if (tokens[i] == 6) {
                c.add(seq, pos, 0, 0.5f + r.nextFloat() * 4);
            } else if (tokens[i] == 5 && r.nextBoolean()) {
                c.add(seq, pos, 1, 1f + r.nextFloat());
            } else if (tokens[i] == 11 && rare < 5) {
                c.add(seq, pos, 2, 1f);
                rare++;
            }
        }
        Path cache = dir.resolve("latents");
        c.write(cache, "layers.2", new int[][] {{0, 1}, {2, 3}});
        return cache;
    }

    /** The explanation the test server writes: the most frequent marked token. */
    public static String explanationFor(String prompt) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        Matcher m = MARKED.matcher(prompt);
        while (m.find()) {
            counts.merge(m.group(1), 1, Integer::sum);
        }
        String best = counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue())
            .map(java.util.Map.Entry::getKey).orElse("?");
        return "Looking at the marked tokens.\n[EXPLANATION]: the token \"" + best + "\"";
    }

    public static String lastUser(JsonObject request) {
        JsonArray msgs = request.getJsonArray("messages");
        return msgs.getJsonObject(msgs.size() - 1).getString("content");
    }

    public static boolean isExplainer(JsonObject request) {
        return request.getJsonArray("messages").getJsonObject(0).getString("content")
            .contains("[EXPLANATION]:");
    }

    public static boolean isFuzz(JsonObject request) {
        return request.getJsonArray("messages").getJsonObject(0).getString("content")
            .contains("marked at random");
    }

    /** The rule: 1 when the explained token is in the example (detection) or in its marks (fuzz). */
    public static List<Integer> expectedAnswers(JsonObject request) {
        String user = lastUser(request);
        Matcher e = EXPLANATION.matcher(user);
        String token = e.find() ? e.group(1) : "\u0000";
        List<Integer> out = new ArrayList<>();
        Matcher ex = EXAMPLE.matcher(user);
        while (ex.find()) {
            String text = ex.group(2);
            boolean hit;
            if (isFuzz(request)) {
                hit = false;
                Matcher mk = MARKED.matcher(text);
                while (mk.find()) {
                    hit |= mk.group(1).contains(token);
                }
            } else {
                hit = text.replace("<<", "").replace(">>", "").contains(token);
            }
            out.add(hit ? 1 : 0);
        }
        return out;
    }

    public static int exampleCount(JsonObject request) {
        Matcher ex = EXAMPLE.matcher(lastUser(request));
        int n = 0;
        while (ex.find()) {
            n++;
        }
        return n;
    }

    /** The honest test server: explains by the marked tokens, answers by the rule. */
    public static FakeOpenAiServer.Reply answer(JsonObject request) {
        if (isExplainer(request)) {
            return FakeOpenAiServer.Reply.text(explanationFor(lastUser(request)));
        }
        return FakeOpenAiServer.Reply.text(expectedAnswers(request).toString().replace(" ", ""));
    }

    public static void writeExplanation(Path dir, String latent, String text) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(latent + ".txt"), "\"" + text.replace("\"", "\\\"") + "\"");
    }
}
