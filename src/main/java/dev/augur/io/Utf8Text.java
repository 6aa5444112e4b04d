package dev.augur.io;

import dev.augur.AugurException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text files Augur reads (JSON of delphi and of its own) are UTF-8. They are decoded here,
 * strictly, before any JSON parser sees them: Jackson given bytes guesses UTF-16/32 from NUL
 * bytes and then misreads the file or fails with an I/O error instead of a clear message.
 */
public final class Utf8Text {
    private Utf8Text() {
    }

    /** The file's text; bad bytes are an AugurException "{@code <file>: <problem>}". */
    public static String read(Path file) throws IOException {
        return decode(file, Files.readAllBytes(file));
    }

    /** The bytes as text; bad bytes are an AugurException "{@code <file>: <problem>}". */
    public static String decode(Path file, byte[] bytes) {
        String problem = problem(bytes);
        if (problem != null) {
            throw new AugurException(file + ": " + problem);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** What is wrong with the bytes as UTF-8 text, or null when nothing is. */
    public static String problem(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return "contains a NUL byte at offset " + i + ": not UTF-8 text (a UTF-16 or "
                    + "binary file?)";
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult r = decoder.decode(in, CharBuffer.allocate(bytes.length), true);
        if (r.isError()) {
            return String.format("not UTF-8 text: invalid byte 0x%02X at offset %d",
                bytes[in.position()] & 0xFF, in.position());
        }
        return null;
    }
}
