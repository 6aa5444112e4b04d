package dev.augur.construct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.AugurException;
import dev.augur.io.Utf8Text;
import dev.augur.text.Quoted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A delphi neighbours file: {"latent": [[distance, neighbour], ...]}, nearest first (SPEC 2).
 */
public final class Neighbours {
    /** One neighbour of a latent. */
    public record Neighbour(int latent, double distance) {
    }

    private final Map<Integer, List<Neighbour>> byLatent;

    private Neighbours(Map<Integer, List<Neighbour>> byLatent) {
        this.byLatent = byLatent;
    }

    public List<Neighbour> of(int latent) {
        return byLatent.getOrDefault(latent, List.of());
    }

    /** Every latent named as some latent's neighbour. */
    public java.util.BitSet allNeighbourLatents() {
        java.util.BitSet out = new java.util.BitSet();
        byLatent.values().forEach(l -> l.forEach(n -> out.set(n.latent())));
        return out;
    }

    /**
     * Finds the file for a module: {@code path} itself if it is a file, else in the folder
     * {@code <module>-<type>.json} (module '/' written as '--'), the only match.
     */
    public static Path locate(Path path, String module) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new AugurException("--neighbours " + path + ": no such file or folder");
        }
        Path dir = Files.isDirectory(path.resolve("neighbours")) ? path.resolve("neighbours") : path;
        String prefix = module.replace("/", "--") + "-";
        List<Path> matches = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".json");
            }).sorted().forEach(matches::add);
        } catch (IOException e) {
            throw new AugurException("--neighbours " + dir + ": cannot list: " + e.getMessage());
        }
        if (matches.size() != 1) {
            throw new AugurException("--neighbours " + dir + ": expected one file " + prefix
                + "<type>.json for module '" + module + "', found " + matches.size()
                + (matches.isEmpty() ? "" : " " + matches) + "; pass the file itself");
        }
        return matches.get(0);
    }

    public static Neighbours read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Utf8Text.read(file));
        } catch (IOException e) {
            throw new AugurException(file + ": not valid JSON: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new AugurException(file + ": a neighbours file is a JSON object "
                + "{\"latent\": [[distance, neighbour], ...]}");
        }
        Map<Integer, List<Neighbour>> map = new HashMap<>();
        root.fields().forEachRemaining(e -> {
            int latent = latentKey(file, e.getKey());
            if (!e.getValue().isArray()) {
                throw new AugurException(file + ": latent " + latent + ": expected a list of "
                    + "[distance, neighbour_index], found " + e.getValue().getNodeType());
            }
            List<Neighbour> list = new ArrayList<>();
            for (JsonNode pair : e.getValue()) {
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()
                    || !pair.get(1).canConvertToInt()
                    || pair.get(1).intValue() < 0) {
                    throw new AugurException(file + ": latent " + latent + ": entry " + pair
                        + " is not [distance, neighbour_index]");
                }
                list.add(new Neighbour(pair.get(1).asInt(), pair.get(0).asDouble()));
            }
            map.put(latent, List.copyOf(list));
        });
        return new Neighbours(map);
    }

    private static int latentKey(Path file, String key) {
        try {
            int latent = Integer.parseInt(key);
            if (latent >= 0) {
                return latent;
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        throw new AugurException(file + ": key " + Quoted.of(key) + " is not a latent index");
    }
}
