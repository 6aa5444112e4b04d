package dev.augur.text;

/**
 * A value from a user's file shown inside a one-line error message: in single quotes, control
 * characters escaped (a key holding a newline must not break the line) and long values cut.
 */
public final class Quoted {
    private static final int MAX_CHARS = 80;

    private Quoted() {
    }

    /** The value in single quotes, escaped. */
    public static String of(String value) {
        return "'" + escape(value) + "'";
    }

    /** The value with control characters escaped, cut after 80 characters. */
    public static String escape(String value) {
        StringBuilder b = new StringBuilder();
        String v = String.valueOf(value);
        int n = Math.min(v.length(), MAX_CHARS);
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append(v.length() > MAX_CHARS ? "..." : "").toString();
    }
}
