package dev.augur.prompt;

import dev.augur.AugurException;
import dev.augur.io.AtomicFiles;
import dev.augur.io.Utf8Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The prompt templates of a run: the shipped ones, except those a user's folder replaces
 * ({@code --prompts DIR}). Only the replacements are held, by file name, so the run plan carries
 * them in every explain and score request and a node needs no copy of the folder (nor any
 * folder at all with the shipped templates). A template file's text is used as written, except
 * that one final line break (which editors add) is dropped.
 *
 * @param overrides file name -> text of the templates that replace shipped ones
 */
public record PromptTemplates(Map<String, String> overrides) {
    private static final String RESOURCES = "/dev/augur/prompts/";
    /** The jar's templates, read with the class. */
    private static final Map<PromptTemplate, String> SHIPPED_TEXTS = loadShipped();
    private static final PromptTemplates SHIPPED = new PromptTemplates(Map.of());

    public PromptTemplates {
        overrides = Map.copyOf(new TreeMap<>(overrides));
        overrides.forEach((file, text) -> {
            PromptTemplate t = PromptTemplate.ofFile(file);
            if (t == null) {
                throw new AugurException("prompt template " + file + ": not a template name " + names());
            }
            String problem = problem(t, text);
            if (problem != null) {
                throw new AugurException("prompt template " + file + ": " + problem);
            }
        });
    }

    public static PromptTemplates shipped() {
        return SHIPPED;
    }

    /**
     * The shipped templates, replaced by the template files found in {@code dir}; a {@code .txt}
     * file that is no template, an unreadable one or one with an unknown variable is an error
     * naming the file (other files are ignored).
     */
    public static PromptTemplates fromFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new AugurException("--prompts " + dir + ": no such folder");
        }
        Map<String, String> found = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new AugurException("--prompts " + dir + ": cannot list the folder: " + e.getMessage());
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            PromptTemplate t = PromptTemplate.ofFile(name);
            if (t == null) {
                throw new AugurException("--prompts " + f + ": not a template name " + names()
                    + " ('augur prompts' lists them)");
            }
            String text = readFile(f);
            String problem = problem(t, text);
            if (problem != null) {
                throw new AugurException("--prompts " + f + ": " + problem);
            }
            found.put(name, text);
        }
        return new PromptTemplates(found);
    }

    /** The template's text as used (a replacement's, else the shipped one). */
    public String text(PromptTemplate t) {
        String o = overrides.get(t.file());
        return o != null ? o : shippedText(t);
    }

    /** The template rendered with these values (each of its variables must have one). */
    public String render(PromptTemplate t, Map<String, String> values) {
        return TemplateText.render(text(t), values);
    }

    /** Whether the template is the user's rather than the shipped one. */
    public boolean replaced(PromptTemplate t) {
        return overrides.containsKey(t.file());
    }

    /** File name -> SHA-256 (hex) of the text used, for every template of these stages. */
    public Map<String, String> sha256(Collection<String> stages) {
        Map<String, String> out = new LinkedHashMap<>();
        for (PromptTemplate t : PromptTemplate.values()) {
            if (stages.contains(t.stage())) {
                out.put(t.file(), sha256(text(t)));
            }
        }
        return out;
    }

    /**
     * Writes every shipped template to {@code dir} (created if missing), each ending with a line
     * break; an existing template file there is an error, found before anything is written.
     */
    public static List<Path> export(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new AugurException("--export " + dir + ": exists and is not a folder");
        }
        List<Path> out = new ArrayList<>();
        for (PromptTemplate t : PromptTemplate.values()) {
            Path f = dir.resolve(t.file());
            if (Files.exists(f)) {
                throw new AugurException("--export " + f + ": already exists; export into a new folder");
            }
            out.add(f);
        }
        try {
            Files.createDirectories(dir);
            for (PromptTemplate t : PromptTemplate.values()) {
                AtomicFiles.write(dir.resolve(t.file()), (shippedText(t) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AugurException("--export " + dir + ": cannot write: " + e.getMessage());
        }
        return out;
    }

    /** Why the text cannot serve as this template (an unknown variable), or null. */
    private static String problem(PromptTemplate t, String text) {
        for (String v : TemplateText.variables(text)) {
            if (!t.variables().contains(v)) {
                return "unknown variable {{" + v + "}} (" + (t.variables().isEmpty() ? "this template has none"
                    : "this template knows " + String.join(", ", t.variables().stream().map(x -> "{{" + x + "}}").toList()))
                    + ")";
            }
        }
        return null;
    }

    private static String readFile(Path f) {
        try {
            return dropFinalLineBreak(Utf8Text.read(f));
        } catch (AugurException e) {
            throw new AugurException("--prompts " + e.getMessage());
        } catch (IOException e) {
            throw new AugurException("--prompts " + f + ": cannot read: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static String dropFinalLineBreak(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String names() {
        return "(names: " + PromptTemplate.EXPLAINER_SYSTEM.file() + ", ..., " + PromptTemplate.values()[PromptTemplate.values().length - 1].file() + ")";
    }

    private static String shippedText(PromptTemplate t) {
        return SHIPPED_TEXTS.get(t);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Map<PromptTemplate, String> loadShipped() {
        Map<PromptTemplate, String> m = new EnumMap<>(PromptTemplate.class);
        for (PromptTemplate t : PromptTemplate.values()) {
            try (InputStream in = PromptTemplates.class.getResourceAsStream(RESOURCES + t.file())) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the prompt template " + t.file());
                }
                m.put(t, dropFinalLineBreak(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return m;
    }
}
