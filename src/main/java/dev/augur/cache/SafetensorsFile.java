package dev.augur.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.text.Quoted;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file: the header is read and validated on open (SPEC 2), tensors are mapped on
 * demand. Opening reads only 8 + header bytes, so a file of many GB opens in milliseconds.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** safetensors' own limit; a larger header is treated as corrupt rather than read. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Header entry of one tensor: byte range relative to the data section. */
    public record TensorInfo(String name, DType dtype, long[] shape, long count, long begin,
                             long end) {
    }

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;
    private final List<Tensor> mapped = Collections.synchronizedList(new ArrayList<>());

    private SafetensorsFile(Path path, FileChannel channel, long dataStart,
                            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CacheFormatException(path, "file not found");
        } catch (IOException e) {
            throw new CacheFormatException(path, "cannot open: " + e.getMessage());
        }
        try {
            return parse(path, channel);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CacheFormatException(path, "cannot read: " + e.getMessage());
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new CacheFormatException(path, "truncated: the file has " + size
                + " bytes, fewer than the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (Long.compareUnsigned(headerLen, size - 8) > 0) {
            throw new CacheFormatException(path, "header length " + Long.toUnsignedString(headerLen)
                + " runs past the end of the file (" + size + " bytes): truncated or corrupt");
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw new CacheFormatException(path, "header length " + headerLen
                + " exceeds the " + MAX_HEADER_BYTES + "-byte limit: corrupt file");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLen);
        readFully(channel, header, 8);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(header.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new CacheFormatException(path, "header is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CacheFormatException(path, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CacheFormatException(path, "header is not a JSON object");
        }
        long dataSize = size - 8 - headerLen;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                readMetadata(path, e.getValue(), metadata);
            } else {
                tensors.put(e.getKey(), readInfo(path, e.getKey(), e.getValue(), dataSize));
            }
        }
        checkOverlaps(path, tensors.values());
        return new SafetensorsFile(path, channel, 8 + headerLen, Collections.unmodifiableMap(tensors),
            Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) {
            throw new CacheFormatException(path, "__metadata__ is not a JSON object");
        }
        node.fields().forEachRemaining(m -> {
            if (!m.getValue().isTextual()) {
                throw new CacheFormatException(path, "__metadata__ value '" + Quoted.escape(m.getKey())
                    + "' is not a string");
            }
            out.put(m.getKey(), m.getValue().asText());
        });
    }

    private static TensorInfo readInfo(Path path, String name, JsonNode node, long dataSize) {
        String where = "tensor '" + Quoted.escape(name) + "'";
        if (!node.isObject()) {
            throw new CacheFormatException(path, where + " header entry is not a JSON object");
        }
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new CacheFormatException(path, where + " has no dtype");
        }
        DType dtype = DType.parse(dt.asText()).orElseThrow(() ->
            new CacheFormatException(path, where + " has unknown dtype '" + dt.asText() + "'"));
        JsonNode sh = node.get("shape");
        if (sh == null || !sh.isArray()) {
            throw new CacheFormatException(path, where + " has no shape list");
        }
        long[] shape = new long[sh.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new CacheFormatException(path, where + " shape " + sh + " is not a list of "
                    + "non-negative integers");
            }
            shape[i] = d.asLong();
            try {
                count = Math.multiplyExact(count, shape[i]);
            } catch (ArithmeticException e) {
                throw new CacheFormatException(path, where + " shape " + sh + " overflows");
            }
        }
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber()
            || !off.get(1).isIntegralNumber() || !off.get(0).canConvertToLong()
            || !off.get(1).canConvertToLong()) {
            throw new CacheFormatException(path, where + " data_offsets is not [begin, end]");
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw new CacheFormatException(path, where + " data_offsets [" + begin + ", " + end
                + "] lie outside the data section (" + dataSize + " bytes): truncated or corrupt");
        }
        long expected;
        try {
            expected = Math.multiplyExact(count, (long) dtype.size());
        } catch (ArithmeticException e) {
            throw new CacheFormatException(path, where + " shape " + sh + " overflows");
        }
        if (end - begin != expected) {
            throw new CacheFormatException(path, where + " shape " + sh + " of " + dtype + " needs "
                + expected + " bytes but data_offsets span " + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, count, begin, end);
    }

    private static void checkOverlaps(Path path, Iterable<TensorInfo> infos) {
        List<TensorInfo> sorted = new ArrayList<>();
        infos.forEach(t -> {
            if (t.end() > t.begin()) {
                sorted.add(t);
            }
        });
        sorted.sort(Comparator.comparingLong(TensorInfo::begin));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo a = sorted.get(i - 1);
            TensorInfo b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw new CacheFormatException(path, "tensors '" + Quoted.escape(a.name()) + "' and '"
                    + Quoted.escape(b.name()) + "' overlap (bytes " + b.begin() + " to " + a.end() + ")");
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The open failed already; that error is the one to report.
            return;
        }
    }

    public Path path() {
        return path;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new CacheFormatException(path, "has no tensor '" + name + "' (it has "
                + tensors.keySet().stream().map(Quoted::escape).toList() + ")");
        }
        return info;
    }

    /** Maps one tensor. Closing the tensor (or this file) unmaps it. */
    public Tensor tensor(String name) {
        TensorInfo info = info(name);
        try {
            Tensor t = new Tensor(path, channel, name, info.dtype(), info.shape(), info.count(),
                dataStart + info.begin());
            mapped.add(t);
            return t;
        } catch (IOException e) {
            throw new CacheFormatException(path, "cannot map tensor '" + name + "': " + e.getMessage());
        }
    }

    /**
     * Maps elements [from, from + count) of a tensor as a 1-D tensor, for streaming passes that
     * should hold only one block of a large tensor in memory at a time. Close it after use.
     */
    public Tensor slice(String name, long from, long count) {
        TensorInfo info = info(name);
        if (from < 0 || count < 0 || from + count > info.count()) {
            throw new IllegalArgumentException(path + ": slice [" + from + ", " + (from + count)
                + ") outside tensor '" + name + "' of " + info.count() + " elements");
        }
        try {
            Tensor t = new Tensor(path, channel, name, info.dtype(), new long[] {count}, count,
                dataStart + info.begin() + from * info.dtype().size());
            mapped.add(t);
            return t;
        } catch (IOException e) {
            throw new CacheFormatException(path, "cannot map tensor '" + name + "': " + e.getMessage());
        }
    }

    /** Unmaps every tensor mapped from this file that is still open, and closes the file. */
    @Override
    public void close() {
        synchronized (mapped) {
            mapped.forEach(Tensor::close);
            mapped.clear();
        }
        closeQuietly(channel);
    }

    /** Closes the file but keeps the given tensor mapped (the token corpus outlives its split). */
    public void closeExcept(Tensor keep) {
        synchronized (mapped) {
            mapped.stream().filter(t -> t != keep).forEach(Tensor::close);
            mapped.clear();
        }
        closeQuietly(channel);
    }
}
