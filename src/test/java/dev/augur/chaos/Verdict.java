package dev.augur.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * The failures of one chaos scenario, collected so that one run reports every property it broke
 * (a wrong exit status does not hide a missing file); {@link #throwIfFailed()} ends the test.
 */
public final class Verdict {
    private final List<String> failures = new ArrayList<>();

    public void check(boolean ok, String failure) {
        if (!ok) {
            failures.add(failure);
        }
    }

    public void fail(String failure) {
        failures.add(failure);
    }

    public boolean ok() {
        return failures.isEmpty();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public void throwIfFailed(String scenario) {
        if (!failures.isEmpty()) {
            StringBuilder b = new StringBuilder(scenario).append(": ").append(failures.size()).append(" failure(s)");
            for (String f : failures) {
                b.append("\n  - ").append(f);
            }
            throw new AssertionError(b.toString());
        }
    }
}
