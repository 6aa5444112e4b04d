package dev.augur.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.SafetensorsWriter.TensorData;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    private static byte[] le(int size, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (size) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    @Test
    void readsEveryIntegerDtypeWidenedToLong() throws IOException {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("u8", new TensorData(DType.U8, new long[] {3}, le(1, 0, 200, 255)));
        t.put("i8", new TensorData(DType.I8, new long[] {3}, le(1, -128, -1, 127)));
        t.put("b", new TensorData(DType.BOOL, new long[] {2}, le(1, 0, 1)));
        t.put("u16", new TensorData(DType.U16, new long[] {2}, le(2, 65535, 1)));
        t.put("i16", new TensorData(DType.I16, new long[] {2}, le(2, -32768, 7)));
        t.put("u32", new TensorData(DType.U32, new long[] {2}, le(4, 0xFFFFFFFFL, 5)));
        t.put("i32", new TensorData(DType.I32, new long[] {2}, le(4, -5, Integer.MAX_VALUE)));
        t.put("i64", new TensorData(DType.I64, new long[] {2}, le(8, Long.MIN_VALUE, 42)));
        t.put("u64", new TensorData(DType.U64, new long[] {1}, le(8, 9)));
        Path f = dir.resolve("ints.safetensors");
        SafetensorsWriter.write(f, t);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertArrayEquals(new long[] {0, 200, 255}, s.tensor("u8").toLongArray());
            assertArrayEquals(new long[] {-128, -1, 127}, s.tensor("i8").toLongArray());
            assertArrayEquals(new long[] {0, 1}, s.tensor("b").toLongArray());
            assertArrayEquals(new long[] {65535, 1}, s.tensor("u16").toLongArray());
            assertArrayEquals(new long[] {-32768, 7}, s.tensor("i16").toLongArray());
            assertArrayEquals(new long[] {0xFFFFFFFFL, 5}, s.tensor("u32").toLongArray());
            assertArrayEquals(new long[] {-5, Integer.MAX_VALUE}, s.tensor("i32").toLongArray());
            assertArrayEquals(new long[] {Long.MIN_VALUE, 42}, s.tensor("i64").toLongArray());
            assertEquals(9, s.tensor("u64").getLong(0));
            assertEquals(65535, s.tensor("u16").getLong(0));
            assertEquals(4294967295f, s.tensor("u32").getFloat(0));
        }
    }

    @Test
    void readsEveryFloatDtypeWidenedToFloat() throws IOException {
        float[] values = {0f, 1f, -2.5f, 65504f, 6.1035156e-05f, 5.9604645e-08f, 0.1f};
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("f16", TensorData.f16(new long[] {values.length}, values));
        t.put("f32", TensorData.f32(new long[] {values.length}, values));
        ByteBuffer d = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer bf = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            d.putDouble(v);
            bf.putShort((short) (Float.floatToRawIntBits(v) >>> 16)); // truncated bf16
        }
        t.put("f64", new TensorData(DType.F64, new long[] {values.length}, d.array()));
        t.put("bf16", new TensorData(DType.BF16, new long[] {values.length}, bf.array()));
        Path f = dir.resolve("floats.safetensors");
        SafetensorsWriter.write(f, t);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            float[] f16 = s.tensor("f16").toFloatArray();
            assertEquals(0.099975586f, f16[6]); // 0.1 rounded to the nearest half
            assertEquals(65504f, f16[3]);
            assertEquals(5.9604645e-08f, f16[5]); // smallest subnormal half
            assertArrayEquals(values, s.tensor("f32").toFloatArray());
            assertArrayEquals(values, s.tensor("f64").toFloatArray());
            float[] b = s.tensor("bf16").toFloatArray();
            assertEquals(-2.5f, b[2]);
            assertEquals(Float.intBitsToFloat(Float.floatToRawIntBits(0.1f) & 0xFFFF0000), b[6]);
            assertEquals(2, s.tensor("f16").getFloat(1) * 2);
        }
    }

    @Test
    void halfConversionRoundTripsEveryHalfValue() {
        for (int h = 0; h < 65536; h++) {
            float f = Half.toFloat((short) h);
            if (!Float.isNaN(f)) {
                assertEquals((short) h, Half.fromFloat(f), "half bits " + h);
            }
        }
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(Half.fromFloat(70000f)));
        assertEquals(1f, Half.toFloat(Half.fromFloat(1.0004883f))); // a tie rounds to even
    }

    @Test
    void shapeAndMetadataAreExposed() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Map<String, TensorData> t = Map.of("x", TensorData.i64(new long[] {2, 3}, new long[6]));
        Files.write(f, SafetensorsWriter.serialize(t, Map.of("framework", "pt")));
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertEquals("pt", s.metadata().get("framework"));
            Tensor x = s.tensor("x");
            assertArrayEquals(new long[] {2, 3}, x.shape());
            assertEquals(6, x.count());
        }
    }

    @Test
    void largeFileOpensWithoutReadingTheData() throws IOException {
        // A 3 GiB sparse file: opening maps nothing; reading an element far past 2 GiB works.
        Path f = dir.resolve("big.safetensors");
        long n = 3L * 1024 * 1024 * 1024 / 4;
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[0,"
            + (n * 4) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(le(8, h.length));
            raf.write(h);
            raf.setLength(8 + h.length + n * 4);
            raf.seek(8 + h.length + (n - 1) * 4);
            raf.write(le(4, Float.floatToRawIntBits(3.5f)));
        }
        long t0 = System.nanoTime();
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            Tensor a = s.tensor("a");
            assertEquals(3.5f, a.getFloat(n - 1));
            assertEquals(0f, a.getFloat(n / 2));
            float[] tail = new float[4];
            a.readFloats(n - 4, tail, 0, 4);
            assertEquals(3.5f, tail[3]);
        }
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "opening must not read the file");
    }

    private Path rawFile(String name, long headerLen, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLen).put(h);
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    private void assertRejected(Path f, String... fragments) {
        CacheFormatException e = assertThrows(CacheFormatException.class, () -> SafetensorsFile.open(f).close());
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String frag : fragments) {
            assertTrue(e.getMessage().contains(frag), "'" + frag + "' in: " + e.getMessage());
        }
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertRejected(tiny, "truncated");
        // a valid file cut in the middle of its data
        Path f = dir.resolve("cut.safetensors");
        byte[] whole = SafetensorsWriter.serialize(
            Map.of("x", TensorData.f32(new long[] {100}, new float[100])), null);
        Files.write(f, Arrays.copyOf(whole, whole.length - 10));
        assertRejected(f, "outside the data section");
        // cut inside the header
        Path g = dir.resolve("cuthead.safetensors");
        Files.write(g, Arrays.copyOf(whole, 20));
        assertRejected(g, "runs past the end of the file");
    }

    @Test
    void rejectsHugeHeaderWithoutAllocatingIt() throws IOException {
        assertRejected(rawFile("huge.safetensors", 1L << 62, "{}", 0), "runs past the end");
        assertRejected(rawFile("neg.safetensors", -1L, "{}", 0), "runs past the end");
        // within the file but over safetensors' 100 MB header limit: a sparse file
        Path f = dir.resolve("over.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(le(8, 200_000_000L));
            raf.setLength(8 + 200_000_000L);
        }
        assertRejected(f, "limit");
    }

    @Test
    void namesFromTheHeaderAreEscapedSoTheErrorStaysOneLine() throws IOException {
        String h = "{\"a\\nb\": {\"dtype\": \"Q8\", \"shape\": [], \"data_offsets\": [0, 0]}}";
        Path f = rawFile("name.safetensors", h.length(), h, 0);
        assertRejected(f, "tensor 'a\\nb' has unknown dtype");
        String m = "{\"__metadata__\": {\"x\\ny\": 1}}";
        Path g = rawFile("meta.safetensors", m.length(), m, 0);
        assertRejected(g, "__metadata__ value 'x\\ny'");
        String two = "{\"a\": {\"dtype\": \"U8\", \"shape\": [1], \"data_offsets\": [0, 1]}}";
        try (SafetensorsFile ok = SafetensorsFile.open(rawFile("two.safetensors", two.length(), two, 1))) {
            assertTrue(assertThrows(CacheFormatException.class, () -> ok.info("b")).getMessage()
                .contains("has no tensor 'b' (it has [a])"));
        }
    }

    @Test
    void rejectsBadJson() throws IOException {
        String bad = "{\"x\": {\"dtype\": ";
        assertRejected(rawFile("bad.safetensors", bad.length(), bad, 0), "not valid JSON");
        String arr = "[1,2]";
        assertRejected(rawFile("arr.safetensors", arr.length(), arr, 0), "not a JSON object");
        byte[] h = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        Path f = dir.resolve("utf.safetensors");
        ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.write(f, b.array());
        assertRejected(f, "UTF-8");
    }

    @Test
    void rejectsOffsetsOutsideOverlappingOrDisagreeingWithTheShape() throws IOException {
        String outside = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        assertRejected(rawFile("out.safetensors", outside.length(), outside, 8), "outside the data section");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRejected(rawFile("ovl.safetensors", overlap.length(), overlap, 12), "overlap");
        String mismatch = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertRejected(rawFile("mis.safetensors", mismatch.length(), mismatch, 8), "needs 12 bytes");
        String negative = "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}";
        assertRejected(rawFile("negs.safetensors", negative.length(), negative, 8), "non-negative");
        String overflow = "{\"a\":{\"dtype\":\"F32\",\"shape\":[9223372036854775807,4],\"data_offsets\":[0,8]}}";
        assertRejected(rawFile("ovf.safetensors", overflow.length(), overflow, 8), "overflows");
        String unknown = "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}";
        assertRejected(rawFile("unk.safetensors", unknown.length(), unknown, 2), "unknown dtype 'F8_E4M3'");
        String noOffsets = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}";
        assertRejected(rawFile("noo.safetensors", noOffsets.length(), noOffsets, 8), "data_offsets");
    }

    @Test
    void missingFileAndMissingTensorAreClear() throws IOException {
        assertRejected(dir.resolve("absent.safetensors"), "not found");
        Path f = dir.resolve("x.safetensors");
        SafetensorsWriter.write(f, Map.of("x", TensorData.i64(new long[] {1}, new long[1])));
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            CacheFormatException e = assertThrows(CacheFormatException.class, () -> s.tensor("tokens"));
            assertTrue(e.getMessage().contains("no tensor 'tokens'"), e.getMessage());
        }
    }

    @Test
    void closedTensorFailsClearlyInsteadOfCrashing() throws IOException {
        Path f = dir.resolve("c.safetensors");
        SafetensorsWriter.write(f, Map.of("x", TensorData.i64(new long[] {4}, new long[] {1, 2, 3, 4})));
        SafetensorsFile s = SafetensorsFile.open(f);
        Tensor x = s.tensor("x");
        s.close();
        assertThrows(IllegalStateException.class, () -> x.getLong(0));
    }
}
