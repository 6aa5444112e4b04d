package dev.augur.neighbours;

/**
 * The two on-disk SAE layouts Augur reads (checked against the projects' save code): sparsify's
 * SparseCoder.save_to_disk writes {@code cfg.json} and {@code sae.safetensors} holding
 * {@code encoder.weight} [latents x d] (an nn.Linear(d, latents) weight) and {@code W_dec}
 * [latents x d]; SAELens' SAE.save_model writes {@code cfg.json} and
 * {@code sae_weights.safetensors} holding {@code W_enc} [d x latents] and {@code W_dec}
 * [latents x d].
 */
public enum SaeLayout {
    SPARSIFY("sae.safetensors", "encoder.weight", false, "num_latents"),
    SAELENS("sae_weights.safetensors", "W_enc", true, "d_sae");

    /** Both layouts name the decoder so, latents x d. */
    public static final String DECODER = "W_dec";
    public static final String CONFIG = "cfg.json";

    private final String weightsFile;
    private final String encoder;
    private final boolean encoderTransposed;
    private final String latentsKey;

    SaeLayout(String weightsFile, String encoder, boolean encoderTransposed, String latentsKey) {
        this.weightsFile = weightsFile;
        this.encoder = encoder;
        this.encoderTransposed = encoderTransposed;
        this.latentsKey = latentsKey;
    }

    public String weightsFile() {
        return weightsFile;
    }

    /** The tensor holding the method's vectors. */
    public String tensor(NeighbourMethod method) {
        return method == NeighbourMethod.ENCODER_SIMILARITY ? encoder : DECODER;
    }

    /** True when the method's tensor is stored d x latents (SAELens' W_enc). */
    public boolean transposed(NeighbourMethod method) {
        return method == NeighbourMethod.ENCODER_SIMILARITY && encoderTransposed;
    }

    /** The cfg.json key giving the number of latents (0 or absent: not stated). */
    public String latentsKey() {
        return latentsKey;
    }
}
