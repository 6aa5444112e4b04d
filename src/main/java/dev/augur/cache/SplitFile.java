package dev.augur.cache;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One split of a module's latent range: {@code <start>_<end>.safetensors}, end inclusive. */
public record SplitFile(Path path, int start, int end) {
    private static final Pattern NAME = Pattern.compile("(\\d+)_(\\d+)\\.safetensors");

    /** Latent indices are Java ints: a split ends below this. */
    static final long MAX_END = Integer.MAX_VALUE - 1L;

    /**
     * Parses the file name; returns null if the name is not a split name. A split name whose
     * numbers are out of range or in the wrong order is an error naming the file.
     */
    public static SplitFile parse(Path path) {
        String name = path.getFileName().toString();
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return null;
        }
        long start = index(path, m.group(1));
        long end = index(path, m.group(2));
        if (end < start) {
            throw new CacheFormatException(path, "bad split file name: latent range " + start + ".."
                + end + " ends before it starts (names are <start>_<end>.safetensors, end inclusive)");
        }
        return new SplitFile(path, (int) start, (int) end);
    }

    private static long index(Path path, String digits) {
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > 10 || Long.parseLong(trimmed) > MAX_END) {
            throw new CacheFormatException(path, "bad split file name: latent index " + digits
                + " is out of range (at most " + MAX_END + ")");
        }
        return Long.parseLong(trimmed);
    }

    public int size() {
        return end - start + 1;
    }

    public boolean covers(int latent) {
        return latent >= start && latent <= end;
    }
}
