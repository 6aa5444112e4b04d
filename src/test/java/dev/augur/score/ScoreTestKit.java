package dev.augur.score;

import dev.augur.testing.ScoringRunFixture;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.llm.LlmConfig;
import dev.augur.llm.OpenAiClient;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.Records;
import dev.augur.testing.TestTokenizer;
import dev.augur.text.Highlight;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Shared pieces of the scorer tests: the run fixture's cache (latent 0 fires on every " the",
 * token 6 of the byte-BPE test tokenizer; C = 8, 20 test examples in 5 quantiles), a client for
 * the fake OpenAI server, and exact readers of the prompts the scorers send.
 */
final class ScoreTestKit {
    static final Path TOKENIZER = TestTokenizer.BYTE_BPE;
    static final int C = 8;
    static final int N_TEST = 20;
    static final int N_QUANTILES = 5;
    static final String THE = " the";
    static final SamplerConfig SAMPLER =
        new SamplerConfig(TrainType.QUANTILES, 10, N_TEST, N_QUANTILES, 0.2, SamplingMode.DISJOINT, 22);

    private ScoreTestKit() {
    }

    static ConstructorConfig constructor(int nNonActivating) {
        return new ConstructorConfig(C, 20, 0, nNonActivating, WindowMode.ALIGNED,
            NonActivatingSource.RANDOM, 22);
    }

    static Path cache(Path dir) throws Exception {
        return ScoringRunFixture.writeCache(dir);
    }

    static LatentRecord record(Path cache, int latent, int nNonActivating) {
        List<LatentRecord> r = Records.build(cache, String.valueOf(latent), constructor(nNonActivating),
            SAMPLER, null);
        if (r.size() != 1 || r.get(0).isSkipped()) {
            throw new AssertionError("latent " + latent + " should give one live record: " + r);
        }
        return r.get(0);
    }

    /** Fast failures: 3 s per attempt, no retries, at most 0.5 s of waiting for an endpoint that is down. */
    static OpenAiClient client(Vertx vertx, FakeOpenAiServer server) {
        LlmConfig cfg = LlmConfig.of(server.baseUrl(), "test-model").withRetries(3000, 0, 1, 1)
            .withOutage(LlmConfig.DEFAULT_FAILURE_THRESHOLD, 100, 500);
        return new OpenAiClient(vertx, cfg, Optional.empty(), System::currentTimeMillis, new Random(1));
    }

    static String system(JsonObject request) {
        return request.getJsonArray("messages").getJsonObject(0).getString("content");
    }

    static String lastUser(JsonObject request) {
        JsonArray msgs = request.getJsonArray("messages");
        return msgs.getJsonObject(msgs.size() - 1).getString("content");
    }

    /**
     * The exact text of each {@code Example i: <text>} line of a scorer's prompt, i from 0; the
     * list ends at {@code end} (e.g. "\n\nAnswer with"). Texts may hold newlines; the test
     * vocabulary has no "E", so "Example" never occurs inside a text.
     */
    static List<String> examples(String user, String end) {
        int stop = user.lastIndexOf(end);
        if (stop < 0) {
            throw new AssertionError("no '" + end + "' in prompt: " + user);
        }
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; ; i++) {
            String head = "Example " + i + ": ";
            int at = user.indexOf(head, from);
            if (at < 0 || at > stop) {
                return out;
            }
            int start = at + head.length();
            int next = user.indexOf("\nExample " + (i + 1) + ": ", start);
            int e = next < 0 || next > stop ? stop : next;
            out.add(user.substring(start, e));
            from = e;
        }
    }

    static String unmarked(String text) {
        return text.replace(Highlight.OPEN, "").replace(Highlight.CLOSE, "");
    }

    /** The marks that turn these tokens into this text (Highlight.marked is one-to-one here), or null. */
    static boolean[] recoverMarks(String[] tokens, String text) {
        if (tokens.length > 16) {
            throw new IllegalArgumentException("too many tokens to search");
        }
        for (int bits = 0; bits < 1 << tokens.length; bits++) {
            boolean[] m = new boolean[tokens.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = (bits >> i & 1) == 1;
            }
            if (Highlight.marked(tokens, m).equals(text)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Whether these marks are a valid set of k wrong marks for these activations (SPEC 7): k
     * of them (fewer only when fewer tokens are eligible), all at or below 0.3 x max, including
     * position C - C/4 when it is eligible.
     */
    static String wrongMarksProblem(float[] acts, boolean[] marks, int k) {
        float max = Highlight.max(acts);
        int eligible = 0;
        for (int i = 0; i < acts.length; i++) {
            boolean ok = max == 0 || acts[i] <= Highlight.THRESHOLD * max;
            eligible += ok ? 1 : 0;
            if (marks[i] && !ok) {
                return "token " + i + " marked above the threshold";
            }
        }
        int pivot = acts.length - acts.length / 4;
        boolean pivotEligible = max == 0 || acts[pivot] <= Highlight.THRESHOLD * max;
        if (pivotEligible && !marks[pivot]) {
            return "eligible position " + pivot + " not marked";
        }
        int count = Highlight.count(marks);
        if (count != Math.min(k, eligible)) {
            return count + " wrong marks, expected " + Math.min(k, eligible);
        }
        return null;
    }
}
