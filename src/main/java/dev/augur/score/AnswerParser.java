package dev.augur.score;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the models' answers; anything unexpected yields null (a counted failure). */
final class AnswerParser {
    private static final Pattern LIST = Pattern.compile("\\[([^\\[\\]]*)\\]");
    private static final Pattern RESPONSE = Pattern.compile("\\[RESPONSE\\]:\\s*(-?\\d+)");

    private AnswerParser() {
    }

    /** The first [...] in the answer as 0/1 values, or null unless it has exactly n of them. */
    static Boolean[] binaryList(String answer, int n) {
        if (answer == null) {
            return null;
        }
        Matcher m = LIST.matcher(answer);
        if (!m.find()) {
            return null;
        }
        String[] parts = m.group(1).split(",", -1); // keep empty entries: "[1,0,]" has 3
        if (parts.length != n) {
            return null;
        }
        Boolean[] out = new Boolean[n];
        for (int i = 0; i < n; i++) {
            String p = parts[i].trim();
            if (p.equals("1")) {
                out[i] = true;
            } else if (p.equals("0")) {
                out[i] = false;
            } else {
                return null;
            }
        }
        return out;
    }

    /** The k of {@code [RESPONSE]: k}, or null. */
    static Integer response(String answer) {
        if (answer == null) {
            return null;
        }
        Matcher m = RESPONSE.matcher(answer);
        if (!m.find()) {
            return null;
        }
        try {
            return Integer.valueOf(m.group(1));
        } catch (NumberFormatException e) { // more digits than an int holds
            return null;
        }
    }
}
