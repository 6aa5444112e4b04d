package dev.augur.prompt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The substitution of a prompt template: {@code {{name}}} (spaces inside the braces allowed) is
 * replaced by the variable's value, in one pass, so a value is never read as a template (an
 * example text holding {@code {{x}}} stays as it is). Anything else, braces included, is
 * literal. One rule about lines: a line that holds nothing but one variable whose value is
 * empty is left out, its line break with it; so optional parts of a prompt sit on lines of
 * their own and vanish when unused.
 */
public final class TemplateText {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*\\}\\}");

    private TemplateText() {
    }

    /** The variables the text uses, in order of first use. */
    public static Set<String> variables(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * The text with every variable replaced.
     *
     * @throws IllegalArgumentException for a variable without a value (templates are checked
     *                                  against their variables when they are loaded)
     */
    public static String render(String text, Map<String, String> values) {
        List<String> kept = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!emptyStandalone(line, values)) {
                kept.add(substitute(line, values));
            }
        }
        return String.join("\n", kept);
    }

    private static boolean emptyStandalone(String line, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(line.strip());
        return m.matches() && value(values, m.group(1)).isEmpty();
    }

    private static String substitute(String line, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(line);
        StringBuilder out = new StringBuilder(line.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(values, m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String value(Map<String, String> values, String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no value for the template variable {{" + name + "}}");
        }
        return v;
    }
}
