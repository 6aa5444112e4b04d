package dev.augur.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.io.Utf8Text;
import dev.augur.metrics.LatentMetrics;
import dev.augur.metrics.LatentName;
import dev.augur.metrics.ScoreOnlyScorers;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.runfolder.RunLayout;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The latent table of the dashboard: one row per latent from the run folder (explanation, score
 * files) and the run's state (status, reason, firing frequency). A row is read from disk once
 * its latent is finished and kept; rows of latents still running are read again. Never called
 * on an event loop (it reads files).
 */
public final class LatentRows {
    /** A latent name as the run folder spells it: nothing that can leave the folder. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,254}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunLayout layout;
    private final RunState state;
    private final Map<String, Map<String, Object>> finished = new ConcurrentHashMap<>();

    public LatentRows(RunState state) {
        this.state = state;
        this.layout = new RunLayout(state.run());
    }

    /** Whether a path parameter is a latent name that stays inside the run folder. */
    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /** Every row, in name order. */
    public List<Map<String, Object>> all() {
        Set<String> names = new TreeSet<>(Comparator.comparing(LatentRows::sortKey));
        names.addAll(state.names());
        names.addAll(namesOnDisk(layout));
        List<Map<String, Object>> rows = new ArrayList<>(names.size());
        for (String name : names) {
            Map<String, Object> kept = finished.get(name);
            if (kept == null) {
                kept = row(name);
                if (!"running".equals(kept.get("status"))) {
                    finished.put(name, kept);
                }
            }
            rows.add(kept);
        }
        return rows;
    }

    /** Module, then latent index as a number. */
    private static String sortKey(String name) {
        try {
            LatentName n = LatentName.parse(name);
            return n.module() + "\u0000" + String.format(Locale.ROOT, "%012d", n.index());
        } catch (RuntimeException e) {
            return name;
        }
    }

    private Map<String, Object> row(String name) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        RunState.Outcome o = state.outcome(name);
        String status = o != null ? o.status() : Files.exists(layout.completion(name)) ? "scored" : "running";
        r.put("status", status);
        r.put("reason", o == null ? null : o.reason());
        r.put("explanation", explanation(layout, name));
        RunState.Built b = state.built(name);
        r.put("n_activations", b == null ? null : b.nActivations());
        r.put("frequency", b == null ? null : b.frequency());
        Map<String, Object> scores = new LinkedHashMap<>();
        double max = Double.NaN;
        for (String scorer : scorers(layout)) {
            Path f = layout.scoreFile(scorer, name);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            List<ScoreSample> samples = ScoreFiles.read(f);
            LatentMetrics m = LatentMetrics.of(latentName(name), samples);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("samples", samples.size());
            boolean scoreOnly = m.scoreOnly() || ScoreOnlyScorers.named(scorer);
            s.put("f1", scoreOnly ? null : finite(m.f1()));
            s.put("accuracy", scoreOnly ? null : finite(m.accuracy()));
            s.put("auc", m.auc() == null ? null : finite(m.auc()));
            scores.put(scorer, s);
            for (ScoreSample x : samples) {
                if (x.activating()) {
                    for (float a : x.activations()) {
                        max = Double.isNaN(max) ? a : Math.max(max, a);
                    }
                }
            }
        }
        r.put("max_activation", Double.isNaN(max) ? null : max);
        r.put("scores", scores);
        return r;
    }

    /** A folder another tool wrote may name latents its own way: they are still shown. */
    private static LatentName latentName(String name) {
        try {
            return LatentName.parse(name);
        } catch (RuntimeException e) {
            return new LatentName(name, 0);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** One latent in full: explanation, examples, every scorer's samples; null when unknown. */
    public Map<String, Object> detail(String name) {
        if (!validName(name)) {
            return null;
        }
        Map<String, Object> row = row(name);
        if ("running".equals(row.get("status")) && state.built(name) == null && row.get("explanation") == null
            && ((Map<?, ?>) row.get("scores")).isEmpty()) {
            return null;
        }
        Map<String, Object> d = new LinkedHashMap<>(row);
        Map<String, Object> samples = new LinkedHashMap<>();
        List<Map<String, Object>> activating = new ArrayList<>();
        List<Map<String, Object>> nonActivating = new ArrayList<>();
        for (String scorer : scorers(layout)) {
            Path f = layout.scoreFile(scorer, name);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            List<Map<String, Object>> list = new ArrayList<>();
            for (ScoreSample s : ScoreFiles.read(f)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("str_tokens", s.strTokens());
                m.put("activations", s.activations());
                m.put("activating", s.activating());
                m.put("prediction", s.prediction());
                m.put("probability", s.probability());
                m.put("correct", s.correct());
                list.add(m);
            }
            samples.put(scorer, list);
            if (activating.isEmpty() && nonActivating.isEmpty()) { // examples: from the first scorer with samples
                for (Map<String, Object> m : list) {
                    Map<String, Object> ex = Map.of("str_tokens", m.get("str_tokens"), "activations", m.get("activations"));
                    (Boolean.TRUE.equals(m.get("activating")) ? activating : nonActivating).add(ex);
                }
            }
        }
        d.put("activating_examples", activating);
        d.put("non_activating_examples", nonActivating);
        d.put("samples", samples);
        return d;
    }

    /** The explanation file's text (a JSON string, as delphi writes it), or null. */
    static String explanation(RunLayout layout, String name) {
        Path f = layout.explanations().resolve(name + ".txt");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            String raw = Utf8Text.read(f);
            try {
                JsonNode n = JSON.readTree(raw);
                return n == null ? raw.strip() : n.isTextual() ? n.asText() : n.toString();
            } catch (IOException e) {
                return raw.strip();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The scorers with a folder under scores/. */
    static List<String> scorers(RunLayout layout) {
        List<String> out = new ArrayList<>();
        Path root = layout.scoresRoot();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            dirs.forEach(d -> out.add(d.getFileName().toString()));
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    /** Latents with an explanation or a score file. */
    static Set<String> namesOnDisk(RunLayout layout) {
        Set<String> names = new TreeSet<>();
        addStems(layout.explanations(), names);
        for (String s : scorers(layout)) {
            addStems(layout.scoresRoot().resolve(s), names);
        }
        return names;
    }

    static boolean hasAnyScore(RunLayout layout, String name) {
        return scorers(layout).stream().anyMatch(s -> Files.isRegularFile(layout.scoreFile(s, name)));
    }

    private static void addStems(Path dir, Set<String> into) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.txt")) {
            for (Path f : files) {
                String stem = f.getFileName().toString();
                stem = stem.substring(0, stem.length() - 4);
                if (validName(stem)) {
                    into.add(stem);
                }
            }
        } catch (IOException e) {
            // an unreadable folder shows no rows
        }
    }
}
