package dev.augur.construct;

import dev.augur.AugurException;
import java.util.Locale;

/** How an activating window is cut (SPEC 4). */
public enum WindowMode {
    /** One example per active window of the reshaped corpus (delphi center_examples=True). */
    ALIGNED,
    /** Re-cut so the maximum sits at C - C/4 (delphi center_examples=False). */
    CENTERED;

    public static WindowMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AugurException("--window: '" + s + "' is not one of aligned, centered");
        }
    }

    /** delphi's flag is named the opposite of what it does: True selects aligned windows. */
    public static WindowMode fromDelphiCenterExamples(boolean centerExamples) {
        return centerExamples ? ALIGNED : CENTERED;
    }
}
