package dev.augur.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json is UTF-8 JSON, read strictly (Jackson would guess UTF-16/32 from NUL bytes). */
class CacheConfigTest {
    private static final String VALID = "{\"cache_ctx_len\": 8, \"model_name\": \"gpt2\"}";

    @TempDir
    Path dir;

    private String error(byte[] content) throws Exception {
        Path f = dir.resolve("config.json");
        Files.write(f, content);
        CacheFormatException e = assertThrows(CacheFormatException.class, () -> CacheConfig.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsUtf8() throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, VALID.replace("gpt2", "gpt2-\u00e9"));
        CacheConfig c = CacheConfig.read(f);
        assertEquals(8, c.cacheCtxLen());
        assertEquals("gpt2-\u00e9", c.modelName());
    }

    @Test
    void aUtf16FileIsNotMisreadButRejected() throws Exception {
        assertTrue(error(VALID.getBytes(StandardCharsets.UTF_16LE)).contains("NUL byte at offset 1"));
    }

    @Test
    void aNulByteIsRejectedWithItsOffset() throws Exception {
        byte[] b = VALID.getBytes(StandardCharsets.UTF_8);
        b[3] = 0;
        assertTrue(error(b).contains("NUL byte at offset 3"));
    }

    @Test
    void invalidUtf8IsRejectedWithItsOffset() throws Exception {
        byte[] b = VALID.getBytes(StandardCharsets.UTF_8);
        b[30] = (byte) 0xC3;
        b[31] = (byte) 0x28;
        assertTrue(error(b).contains("not UTF-8 text: invalid byte 0xC3 at offset 30"));
    }
}
