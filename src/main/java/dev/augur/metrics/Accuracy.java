package dev.augur.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** Correct predictions out of a count of predicted samples; accuracy 0 when the count is 0. */
public record Accuracy(long correct, long count) {
    public static final Accuracy EMPTY = new Accuracy(0, 0);

    public double accuracy() {
        return Confusion.ratio(correct, count);
    }

    public Accuracy plus(Accuracy o) {
        return new Accuracy(correct + o.correct, count + o.count);
    }

    Accuracy add(boolean isCorrect) {
        return new Accuracy(correct + (isCorrect ? 1 : 0), count + 1);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy());
        m.put("correct", correct);
        m.put("count", count);
        return m;
    }
}
