package dev.augur.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.AugurException;
import dev.augur.io.AtomicFiles;
import dev.augur.io.Utf8Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** delphi's explanation files: {@code <dir>/<latent name>.txt}, content a JSON string. */
public final class ExplanationStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".txt";

    private final Path dir;

    public ExplanationStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String latentName) {
        return dir.resolve(latentName + SUFFIX);
    }

    public boolean exists(String latentName) {
        return Files.isRegularFile(file(latentName));
    }

    /** The explanation, or empty when the file is missing; a malformed file is an error. */
    public Optional<String> read(String latentName) {
        Path f = file(latentName);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            String content = Utf8Text.read(f);
            // the whole file is one JSON string: "\"A\" junk" is malformed, as for json.loads
            JsonNode n = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(content);
            if (n == null || !n.isTextual()) {
                throw new AugurException(f + ": an explanation file holds one JSON string, "
                    + "e.g. \"Words related to football\"");
            }
            return Optional.of(n.asText());
        } catch (JsonProcessingException e) {
            throw new AugurException(f + ": not a JSON string: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AugurException(f + ": cannot read: " + e.getMessage());
        }
    }

    public void write(String latentName, String text) {
        try {
            AtomicFiles.write(file(latentName), JSON.writeValueAsBytes(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the explanation unless the latent already has one, first writer wins (also against
     * another node on a shared folder); returns the explanation on disk afterwards, so a caller
     * whose text lost scores with the one that stays.
     */
    public String writeIfAbsent(String latentName, String text) {
        try {
            if (AtomicFiles.createIfAbsent(file(latentName), out -> out.write(JSON.writeValueAsBytes(text)))) {
                return text;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read(latentName).orElse(text);
    }

    /** Latent names that have an explanation file, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        } catch (IOException e) {
            throw new AugurException(dir + ": cannot list explanations: " + e.getMessage());
        }
    }
}
