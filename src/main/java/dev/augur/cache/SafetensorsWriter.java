package dev.augur.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files byte-identical to safetensors' own serializer (as delphi's
 * save_splits uses it): tensors ordered by dtype (descending enum order) then name, compact JSON
 * header in that order, padded with spaces to a multiple of 8. Used for test caches and the demo.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Raw little-endian bytes of one tensor. */
    public record TensorData(DType dtype, long[] shape, byte[] bytes) {
        public static TensorData u16(long[] shape, long[] values) {
            ByteBuffer b = le(values.length * 2);
            for (long v : values) {
                b.putShort((short) v);
            }
            return new TensorData(DType.U16, shape, b.array());
        }

        public static TensorData u32(long[] shape, long[] values) {
            ByteBuffer b = le(values.length * 4);
            for (long v : values) {
                b.putInt((int) v);
            }
            return new TensorData(DType.U32, shape, b.array());
        }

        public static TensorData i32(long[] shape, long[] values) {
            return new TensorData(DType.I32, shape, u32(shape, values).bytes());
        }

        public static TensorData i64(long[] shape, long[] values) {
            ByteBuffer b = le(values.length * 8);
            for (long v : values) {
                b.putLong(v);
            }
            return new TensorData(DType.I64, shape, b.array());
        }

        public static TensorData f16(long[] shape, float[] values) {
            ByteBuffer b = le(values.length * 2);
            for (float v : values) {
                b.putShort(Half.fromFloat(v));
            }
            return new TensorData(DType.F16, shape, b.array());
        }

        public static TensorData f32(long[] shape, float[] values) {
            ByteBuffer b = le(values.length * 4);
            for (float v : values) {
                b.putFloat(v);
            }
            return new TensorData(DType.F32, shape, b.array());
        }

        private static ByteBuffer le(int n) {
            return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private SafetensorsWriter() {
    }

    public static byte[] serialize(Map<String, TensorData> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, TensorData>> items = new ArrayList<>(tensors.entrySet());
        items.sort(Comparator.<Map.Entry<String, TensorData>>comparingInt(
                e -> -e.getValue().dtype().safetensorsRank())
            .thenComparing(Map.Entry::getKey));
        StringBuilder header = new StringBuilder("{");
        try {
            if (metadata != null) {
                header.append("\"__metadata__\":").append(JSON.writeValueAsString(metadata));
            }
            long offset = 0;
            for (Map.Entry<String, TensorData> e : items) {
                TensorData t = e.getValue();
                if (header.length() > 1) {
                    header.append(',');
                }
                header.append(JSON.writeValueAsString(e.getKey())).append(":{\"dtype\":\"")
                    .append(t.dtype().name()).append("\",\"shape\":[");
                for (int i = 0; i < t.shape().length; i++) {
                    header.append(i == 0 ? "" : ",").append(t.shape()[i]);
                }
                header.append("],\"data_offsets\":[").append(offset).append(',')
                    .append(offset + t.bytes().length).append("]}");
                offset += t.bytes().length;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        long total = 8L + padded + items.stream().mapToLong(e -> e.getValue().bytes().length).sum();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        items.forEach(e -> out.put(e.getValue().bytes()));
        return out.array();
    }

    public static void write(Path path, Map<String, TensorData> tensors) throws IOException {
        AtomicFiles.write(path, serialize(tensors, null));
    }
}
