package dev.augur.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import java.io.IOException;

/**
 * The one codec of {@link PipelineMessage}: on the node itself the object is passed as is; across
 * the cluster it is a version byte, a length and CBOR (Jackson). A node never throws on bytes it
 * cannot read: it hands the stage a {@link PipelineMessage.Malformed} naming the problem, so
 * one bad message fails one latent instead of vanishing.
 */
public final class AugurCodec implements MessageCodec<PipelineMessage, PipelineMessage> {
    public static final String NAME = "augur";
    static final byte VERSION = 1;
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** Registers the codec on this Vert.x instance unless a verticle did already. */
    public static synchronized void registerOnce(Vertx vertx) {
        try {
            vertx.eventBus().registerCodec(new AugurCodec());
        } catch (IllegalStateException alreadyRegistered) {
            // another verticle of this node registered it first
        }
    }

    public static DeliveryOptions options(long timeoutMs) {
        return new DeliveryOptions().setCodecName(NAME).setSendTimeout(timeoutMs);
    }

    @Override
    public void encodeToWire(Buffer buffer, PipelineMessage m) {
        if (m instanceof PipelineMessage.Local) {
            throw new IllegalArgumentException(m.getClass().getSimpleName()
                + " holds node-local data and cannot be sent to another node");
        }
        try {
            byte[] bytes = CBOR.writeValueAsBytes(m);
            buffer.appendByte(VERSION).appendInt(bytes.length).appendBytes(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + m.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PipelineMessage decodeFromWire(int pos, Buffer buffer) {
        return decode(buffer, pos);
    }

    /** Reads a message written by {@link #encodeToWire}; never throws. */
    static PipelineMessage decode(Buffer buffer, int pos) {
        try {
            byte version = buffer.getByte(pos);
            if (version != VERSION) {
                return new PipelineMessage.Malformed("unknown message format version " + version
                    + " (this node reads version " + VERSION + "; are all nodes the same Augur?)");
            }
            int length = buffer.getInt(pos + 1);
            if (length < 0 || pos + 5L + length > buffer.length()) {
                return new PipelineMessage.Malformed("message length " + length + " exceeds the "
                    + (buffer.length() - pos - 5) + " bytes received");
            }
            PipelineMessage m = CBOR.readValue(buffer.getBytes(pos + 5, pos + 5 + length), PipelineMessage.class);
            if (m == null) {
                return new PipelineMessage.Malformed("empty message (CBOR null)");
            }
            String problem = problem(m);
            return problem == null ? m : new PipelineMessage.Malformed(m.getClass().getSimpleName() + ": " + problem);
        } catch (IOException | RuntimeException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return new PipelineMessage.Malformed("unreadable message: " + why);
        }
    }

    private static String problem(PipelineMessage m) {
        if (m instanceof PipelineMessage.Explain e) {
            return e.spec() == null ? "no explainer settings" : e.record() == null ? "no record" : e.record().problem();
        }
        if (m instanceof PipelineMessage.Score s) {
            return s.scorer() == null || s.settings() == null ? "no scorer or settings"
                : s.record() == null ? "no record" : s.explanation() == null ? "no explanation" : s.record().problem();
        }
        if (m instanceof PipelineMessage.KeepAlive k) {
            return k.node() == null || k.requests() == null || k.budgetsMs() == null
                ? "no node or requests" : k.requests().size() != k.budgetsMs().size()
                ? "requests and budgets differ in length" : null;
        }
        return null;
    }

    @Override
    public PipelineMessage transform(PipelineMessage m) {
        return m;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
