package dev.augur.neighbours;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.augur.AugurException;
import dev.augur.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes delphi's neighbours file (SPEC 2): {"latent": [[value, neighbour], ...]} for every
 * latent of the module, nearest first, dead latents with an empty list; whole or not at all.
 */
public final class NeighboursFile {
    private NeighboursFile() {
    }

    /** Where to write: {@code out} itself, or delphi's file name inside it when it is a folder. */
    public static Path target(Path out, String module, NeighbourMethod method) {
        return Files.isDirectory(out) ? out.resolve(method.fileName(module)) : out;
    }

    public static void write(Path file, NeighbourTable table) {
        try {
            AtomicFiles.write(file, out -> {
                try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                    g.writeStartObject();
                    for (int l = 0; l < table.width(); l++) {
                        g.writeArrayFieldStart(Integer.toString(l));
                        for (int i = 0; i < table.count(l); i++) {
                            g.writeStartArray();
                            g.writeNumber(table.value(l, i));
                            g.writeNumber(table.neighbour(l, i));
                            g.writeEndArray();
                        }
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }
            });
        } catch (IOException e) {
            throw new AugurException(file + ": cannot write: " + e.getMessage());
        }
    }
}
