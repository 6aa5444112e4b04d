package dev.augur.serve;

import dev.augur.AugurException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/latents}'s parameters: a search in names and explanations, a status filter,
 * a sort on any column ({@code name}, {@code status}, {@code frequency}, {@code n_activations},
 * {@code max_activation}, or {@code <scorer>.<f1|accuracy|auc>}), and a page. Rows without the
 * sorted value come last either way.
 */
record LatentQuery(String q, String status, String sort, boolean descending, int limit, int offset) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    static LatentQuery of(Map<String, String> params) {
        String order = params.getOrDefault("order", "asc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new AugurException("order must be asc or desc");
        }
        return new LatentQuery(params.get("q"), params.get("status"), params.getOrDefault("sort", "name"),
            order.equals("desc"), number(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
            number(params, "offset", 0, 0, Integer.MAX_VALUE));
    }

    private static int number(Map<String, String> params, String key, int dflt, int min, int max) {
        String v = params.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new AugurException(key + " must be a whole number in " + min + ".." + max);
        }
    }

    /** The page of matching rows, with the total that matched. */
    Map<String, Object> apply(List<Map<String, Object>> rows) {
        String needle = q == null || q.isBlank() ? null : q.toLowerCase(Locale.ROOT);
        List<Map<String, Object>> hits = rows.stream()
            .filter(r -> status == null || status.isBlank() || status.equals(r.get("status")))
            .filter(r -> needle == null || contains(r.get("name"), needle) || contains(r.get("explanation"), needle))
            .toList();
        if ("name".equals(sort)) { // rows come in (module, latent index) order: keep it
            if (descending) {
                hits = new java.util.ArrayList<>(hits);
                java.util.Collections.reverse(hits);
            }
        } else {
            hits = hits.stream().sorted(comparator()).toList();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", hits.size());
        out.put("offset", offset);
        int from = Math.min(offset, hits.size());
        int to = (int) Math.min(hits.size(), (long) offset + limit);
        out.put("latents", hits.subList(from, to));
        return out;
    }

    private static boolean contains(Object v, String needle) {
        return v != null && v.toString().toLowerCase(Locale.ROOT).contains(needle);
    }

    private Comparator<Map<String, Object>> comparator() {
        Comparator<Object> values = (a, b) -> {
            if (a instanceof Number x && b instanceof Number y) {
                return Double.compare(x.doubleValue(), y.doubleValue());
            }
            return String.valueOf(a).compareTo(String.valueOf(b));
        };
        if (descending) {
            values = values.reversed();
        }
        Comparator<Object> withMissingLast = Comparator.nullsLast(values);
        Comparator<Map<String, Object>> byColumn = Comparator.comparing(this::value, withMissingLast);
        return byColumn.thenComparing(r -> String.valueOf(r.get("name")));
    }

    private Object value(Map<String, Object> row) {
        int dot = sort.lastIndexOf('.');
        if (dot > 0 && row.get("scores") instanceof Map<?, ?> scores) {
            Object s = scores.get(sort.substring(0, dot));
            return s instanceof Map<?, ?> m ? m.get(sort.substring(dot + 1)) : null;
        }
        return row.get(sort);
    }
}
