package dev.augur.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A zero-copy, read-only view of one tensor of a safetensors file, memory-mapped in chunks of
 * at most 1 GiB (a Java buffer holds under 2 GiB) that overlap by 8 bytes, so that any element
 * lies whole inside one chunk. Integer types widen to long, F16/BF16 to float.
 */
public final class Tensor implements AutoCloseable {
    private static final int CHUNK_BITS = 30;
    private static final long CHUNK = 1L << CHUNK_BITS;
    private static final int BLOCK = 1 << 14;

    private final Path file;
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long count;
    private final ByteBuffer[] chunks;
    private volatile boolean closed;

    Tensor(Path file, FileChannel channel, String name, DType dtype, long[] shape, long count,
           long byteOffset) throws IOException {
        this.file = file;
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.count = count;
        long length = count * dtype.size();
        int n = (int) Math.max(1, (length + CHUNK - 1) >>> CHUNK_BITS);
        this.chunks = new ByteBuffer[n];
        for (int k = 0; k < n; k++) {
            long begin = (long) k << CHUNK_BITS;
            long size = Math.min(length - begin, CHUNK + 8);
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY,
                byteOffset + begin, Math.max(0, size));
            chunks[k] = mapped.order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private Tensor(String name, DType dtype, long[] shape, ByteBuffer data) {
        this.file = null;
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.count = data.capacity() / dtype.size();
        this.chunks = new ByteBuffer[] {data.order(ByteOrder.LITTLE_ENDIAN)};
    }

    /** A small I32 tensor held on the heap (token windows sent over the event bus). */
    public static Tensor ofInts(String name, int[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return new Tensor(name, DType.I32, shape, b);
    }

    public Path file() {
        return file;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    public long count() {
        return count;
    }

    private ByteBuffer chunk(long byteIndex) {
        if (closed) {
            throw new IllegalStateException(file + ": tensor '" + name + "' was closed");
        }
        return chunks[(int) (byteIndex >>> CHUNK_BITS)];
    }

    /** Element i (row-major) widened to long; floats are truncated toward zero. */
    public long getLong(long i) {
        long b = i * dtype.size();
        ByteBuffer c = chunk(b);
        int o = (int) (b & (CHUNK - 1));
        switch (dtype) {
            case BOOL: case U8: return c.get(o) & 0xFFL;
            case I8: return c.get(o);
            case I16: return c.getShort(o);
            case U16: return c.getShort(o) & 0xFFFFL;
            case I32: return c.getInt(o);
            case U32: return c.getInt(o) & 0xFFFFFFFFL;
            case I64: case U64: return c.getLong(o);
            default: return (long) getFloat(i);
        }
    }

    /** Element i (row-major) widened to float (F64 narrowed). */
    public float getFloat(long i) {
        long b = i * dtype.size();
        ByteBuffer c = chunk(b);
        int o = (int) (b & (CHUNK - 1));
        switch (dtype) {
            case F16: return Half.toFloat(c.getShort(o));
            case BF16: return Half.bf16ToFloat(c.getShort(o));
            case F32: return c.getFloat(o);
            case F64: return (float) c.getDouble(o);
            case U64: {
                long v = c.getLong(o);
                return v >= 0 ? (float) v : (float) (v >>> 1) * 2f; // unsigned above 2^63
            }
            default: return getLong(i);
        }
    }

    /** Copies n elements starting at element {@code from} into dst, widened to long. */
    public void readLongs(long from, long[] dst, int dstOffset, int n) {
        checkRange(from, n);
        int size = dtype.size();
        int done = 0;
        while (done < n) {
            long b = (from + done) * size;
            ByteBuffer c = chunk(b);
            int o = (int) (b & (CHUNK - 1));
            // Elements wholly inside this chunk (chunks overlap by 8 bytes past CHUNK).
            int inChunk = (int) Math.min(n - done, (CHUNK + 8 - o) / size);
            int d = dstOffset + done;
            switch (dtype) {
                case BOOL: case U8:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = c.get(o + k) & 0xFFL;
                    break;
                case I8:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = c.get(o + k);
                    break;
                case I16:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = c.getShort(o + 2 * k);
                    break;
                case U16:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = c.getShort(o + 2 * k) & 0xFFFFL;
                    break;
                case I32:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = c.getInt(o + 4 * k);
                    break;
                case U32:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = c.getInt(o + 4 * k) & 0xFFFFFFFFL;
                    break;
                case I64: case U64:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = c.getLong(o + 8 * k);
                    break;
                default:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = (long) getFloat(from + done + k);
            }
            done += inChunk;
        }
    }

    /** Copies n integer elements into dst as int (for values known to fit, e.g. token ids). */
    public void readInts(long from, int[] dst, int dstOffset, int n) {
        checkRange(from, n);
        if (dtype == DType.I64 || dtype == DType.U64) {
            long b = from * 8;
            ByteBuffer c = chunk(b);
            int o = (int) (b & (CHUNK - 1));
            if (o + 8L * n <= c.capacity()) { // the common case: one chunk, no temporary array
                for (int k = 0; k < n; k++) {
                    dst[dstOffset + k] = (int) c.getLong(o + 8 * k);
                }
                return;
            }
        } else if (dtype == DType.I32 || dtype == DType.U32) {
            long b = from * 4;
            ByteBuffer c = chunk(b);
            int o = (int) (b & (CHUNK - 1));
            if (o + 4L * n <= c.capacity()) {
                for (int k = 0; k < n; k++) {
                    dst[dstOffset + k] = c.getInt(o + 4 * k);
                }
                return;
            }
        }
        long[] tmp = new long[n];
        readLongs(from, tmp, 0, n);
        for (int k = 0; k < n; k++) {
            dst[dstOffset + k] = (int) tmp[k];
        }
    }

    /** Copies n elements starting at element {@code from} into dst, widened to float. */
    public void readFloats(long from, float[] dst, int dstOffset, int n) {
        checkRange(from, n);
        int size = dtype.size();
        int done = 0;
        while (done < n) {
            long b = (from + done) * size;
            ByteBuffer c = chunk(b);
            int o = (int) (b & (CHUNK - 1));
            int inChunk = (int) Math.min(n - done, (CHUNK + 8 - o) / size);
            int d = dstOffset + done;
            switch (dtype) {
                case F16:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = Half.toFloat(c.getShort(o + 2 * k));
                    break;
                case BF16:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = Half.bf16ToFloat(c.getShort(o + 2 * k));
                    break;
                case F32:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = c.getFloat(o + 4 * k);
                    break;
                case F64:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = (float) c.getDouble(o + 8 * k);
                    break;
                default:
                    for (int k = 0; k < inChunk; k++) dst[d + k] = getFloat(from + done + k);
            }
            done += inChunk;
        }
    }

    /** Every element as long; for small tensors and tests. */
    public long[] toLongArray() {
        if (count > Integer.MAX_VALUE - 8) {
            throw new CacheFormatException(file, "tensor '" + name + "' is too large to copy");
        }
        long[] out = new long[(int) count];
        for (int from = 0; from < out.length; from += BLOCK) {
            readLongs(from, out, from, Math.min(BLOCK, out.length - from));
        }
        return out;
    }

    public float[] toFloatArray() {
        if (count > Integer.MAX_VALUE - 8) {
            throw new CacheFormatException(file, "tensor '" + name + "' is too large to copy");
        }
        float[] out = new float[(int) count];
        readFloats(0, out, 0, out.length);
        return out;
    }

    private void checkRange(long from, int n) {
        if (from < 0 || n < 0 || from + n > count) {
            throw new IndexOutOfBoundsException(file + ": tensor '" + name + "' elements ["
                + from + ", " + (from + n) + ") outside [0, " + count + ")");
        }
    }

    /** Unmaps the tensor now; any later access fails with a clear error instead of a crash. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ByteBuffer c : chunks) {
            Unmapper.unmap(c);
        }
        Arrays.fill(chunks, null);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
