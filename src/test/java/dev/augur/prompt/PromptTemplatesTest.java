package dev.augur.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template renderer's rules and the template set: shipped, replaced from a folder, exported. */
class PromptTemplatesTest {
    @TempDir
    Path dir;

    @Test
    void substitutesInOnePassSoValuesAreNeverTemplates() {
        assertEquals("a {{b}} c", TemplateText.render("a {{x}} c", Map.of("x", "{{b}}")));
        assertEquals("$1 \\\\ x", TemplateText.render("{{ x }} x", Map.of("x", "$1 \\\\")));
        assertEquals("{x} {{ 1 2 }} {{", TemplateText.render("{x} {{ 1 2 }} {{", Map.of()), "not variables: literal");
        assertEquals(List.of("a", "b"), List.copyOf(TemplateText.variables("{{a}}{{b}} {{ a }}")));
    }

    @Test
    void aLineHoldingOnlyAnEmptyVariableIsLeftOut() {
        String t = "first\n{{opt}}\nlast {{v}}\n{{end}}";
        assertEquals("first\nlast \nx", TemplateText.render(t, Map.of("opt", "", "v", "", "end", "x")),
            "a variable beside text stays, empty");
        assertEquals("first\nA\nB\nlast 1", TemplateText.render(t, Map.of("opt", "A\nB", "v", "1", "end", "")),
            "a last line goes with the line break before it");
        assertEquals("\n", TemplateText.render("\n", Map.of()), "blank lines are text");
    }

    @Test
    void everyShippedTemplateUsesOnlyItsVariablesAndEndsWithoutALineBreak() {
        for (PromptTemplate t : PromptTemplate.values()) {
            String text = PromptTemplates.shipped().text(t);
            assertTrue(t.variables().containsAll(TemplateText.variables(text)), t.file());
            assertTrue(!text.endsWith("\n") && !text.isEmpty(), t.file());
        }
    }

    @Test
    void aFolderReplacesOnlyTheTemplatesItHolds() throws Exception {
        Files.writeString(dir.resolve("fuzz-system.txt"), "Mine.\n\n");
        Files.writeString(dir.resolve("notes.md"), "{{ignored}}");
        PromptTemplates t = PromptTemplates.fromFolder(dir);
        assertEquals("Mine.\n", t.text(PromptTemplate.FUZZ_SYSTEM), "one final line break dropped");
        assertTrue(t.replaced(PromptTemplate.FUZZ_SYSTEM));
        assertEquals(PromptTemplates.shipped().text(PromptTemplate.DETECTION_SYSTEM), t.text(PromptTemplate.DETECTION_SYSTEM));
        assertEquals(PromptTemplates.shipped().sha256(List.of("detection")), t.sha256(List.of("detection")));
        assertEquals(PromptTemplates.sha256("Mine.\n"), t.sha256(List.of("fuzz")).get("fuzz-system.txt"));
    }

    @Test
    void anExportReadBackIsTheShippedSet() {
        PromptTemplates.export(dir.resolve("out"));
        PromptTemplates back = PromptTemplates.fromFolder(dir.resolve("out"));
        for (PromptTemplate t : PromptTemplate.values()) {
            assertEquals(PromptTemplates.shipped().text(t), back.text(t), t.file());
        }
    }

    @Test
    void unknownVariablesAndNamesAreRejectedWhereverTemplatesComeFrom() {
        AugurException e = assertThrows(AugurException.class,
            () -> new PromptTemplates(Map.of("simulation-token.txt", "{{index}} {{tok}}")));
        assertEquals("prompt template simulation-token.txt: unknown variable {{tok}} (this template knows "
            + "{{index}}, {{token}})", e.getMessage());
        assertThrows(AugurException.class, () -> new PromptTemplates(Map.of("fuzz-system.txt", "{{explanation}}")));
        assertThrows(AugurException.class, () -> new PromptTemplates(Map.of("other.txt", "x")));
    }
}
