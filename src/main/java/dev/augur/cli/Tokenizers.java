package dev.augur.cli;

import dev.augur.cache.CacheConfig;
import dev.augur.tokenizer.TokenDecoder;
import dev.augur.tokenizer.TokenizerLocator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Finds and opens one decoder per model name, reporting once when none is found. */
final class Tokenizers implements AutoCloseable {
    private final Path explicit;
    private final PrintWriter err;
    private final Map<String, Optional<TokenDecoder>> byModel = new HashMap<>();

    Tokenizers(Path explicit, PrintWriter err) {
        this.explicit = explicit;
        this.err = err;
    }

    /** The decoder for a module's model, or null (str_tokens are then left out). */
    synchronized TokenDecoder forConfig(CacheConfig config) {
        String model = config.modelName() == null ? "" : config.modelName();
        return byModel.computeIfAbsent(model, m -> {
            Optional<Path> file = TokenizerLocator.find(explicit, m.isEmpty() ? null : m, System.getenv());
            if (file.isEmpty()) {
                err.println("augur: no tokenizer.json found for model '" + m + "' (pass --tokenizer "
                    + "FILE or put it in the HuggingFace cache); str_tokens are left out");
                err.flush();
                return Optional.empty();
            }
            return Optional.of(TokenDecoder.open(file.get()));
        }).orElse(null);
    }

    @Override
    public synchronized void close() {
        byModel.values().forEach(d -> d.ifPresent(TokenDecoder::close));
    }
}
