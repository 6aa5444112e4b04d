package dev.augur.report;

import java.util.Locale;

/** HTML text helpers: escaping for text and attribute values, and number formatting. */
final class Html {
    private Html() {
    }

    /** Escapes text for element content and quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Makes JSON safe inside a {@code <script>} element: {@code <}, {@code >} and {@code &} only
     * occur inside JSON strings, where their {@code \}u escapes mean the same.
     */
    static String scriptSafeJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    static String num(Double v) {
        return v == null || !Double.isFinite(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String num(double v) {
        return num(Double.valueOf(v));
    }

    static String na(Object v) {
        return v == null ? "n/a" : esc(v.toString());
    }
}
