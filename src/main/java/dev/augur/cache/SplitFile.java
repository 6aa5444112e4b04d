package dev.augur.cache;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One split of a module's latent range: {@code <start>_<end>.safetensors}, end inclusive. */
public record SplitFile(Path path, int start, int end) {
    private static final Pattern NAME = Pattern.compile("(\\d+)_(\\d+)\\.safetensors");

    /** Parses the file name; returns null if the name is not a split name. */
    public static SplitFile parse(Path path) {
        Matcher m = NAME.matcher(path.getFileName().toString());
        if (!m.matches()) {
            return null;
        }
        long start = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        if (end < start || end >= Integer.MAX_VALUE) {
            throw new CacheFormatException(path, "split name gives the latent range [" + start
                + ", " + end + "], which is empty or too large");
        }
        return new SplitFile(path, (int) start, (int) end);
    }

    public int size() {
        return end - start + 1;
    }

    public boolean covers(int latent) {
        return latent >= start && latent <= end;
    }
}
