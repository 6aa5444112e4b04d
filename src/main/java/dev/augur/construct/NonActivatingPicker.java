package dev.augur.construct;

import dev.augur.cache.LatentActivations;
import dev.augur.random.Seeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Chooses a latent's non-activating examples from the configured source (SPEC 4). */
final class NonActivatingPicker {
    private final ConstructionBatch batch;
    private final int latent;
    private final ActiveWindows active;
    private final long nWindows;
    private final int c;
    private final int wanted;
    private String note;

    NonActivatingPicker(ConstructionBatch batch, int latent, ActiveWindows active, long nWindows) {
        this.batch = batch;
        this.latent = latent;
        this.active = active;
        this.nWindows = nWindows;
        this.c = batch.config().exampleCtxLen();
        this.wanted = batch.config().nNonActivating();
    }

    /** Why the source came up short, or null. */
    String note() {
        return note;
    }

    List<NonActivatingWindow> pick(List<ExampleWindow> examples) {
        if (wanted == 0) {
            return List.of();
        }
        if (batch.config().nonActivating() == NonActivatingSource.EMBEDDING) {
            List<NonActivatingWindow> out = batch.embeddings().pick(batch, examples,
                active.asBitSet(), wanted);
            if (!out.isEmpty()) {
                return out;
            }
            note = "too few windows for embedding negatives; fell back to random";
        }
        if (batch.config().nonActivating() == NonActivatingSource.NEIGHBOURS) {
            List<NonActivatingWindow> out = fromNeighbours();
            if (!out.isEmpty()) {
                return out;
            }
            note = "no neighbour windows found; fell back to random";
        }
        return random();
    }

    /** Windows where the latent never fires, uniformly without replacement, seeded. */
    private List<NonActivatingWindow> random() {
        long available = nWindows - active.size();
        if (available < wanted) {
            note = (note == null ? "" : note + "; ") + "no available randomly sampled "
                + "non-activating windows (" + available + " inactive, " + wanted + " requested)";
            return List.of();
        }
        SplittableRandom rng = Seeds.rng(batch.config().seed(), batch.module(), latent,
            "non-activating");
        List<NonActivatingWindow> out = new ArrayList<>(wanted);
        // Draw ranks among inactive windows, then map each rank to its window id.
        int[] ranks = Seeds.sampleWithoutReplacement(rng, (int) available, wanted);
        for (int rank : ranks) {
            long start = (long) active.inactiveWindowAt(rank) * c;
            out.add(new NonActivatingWindow(batch.corpus(), start, c, LatentActivations.NONE,
                NonActivatingWindow.RANDOM_DISTANCE));
        }
        return out;
    }

    /**
     * For each neighbour in file order, its windows where this latent is silent, strongest
     * first (ties: earlier window), at most 10 per neighbour. EXACT stops at {@code wanted}
     * distinct windows; DELPHI, as delphi's constructor does, checks the count only between
     * neighbours (so the last one is taken whole) and does not remove a window that two
     * neighbours both bring.
     */
    private List<NonActivatingWindow> fromNeighbours() {
        boolean exact = batch.config().neighbourDraw() == NeighbourDraw.EXACT;
        List<NonActivatingWindow> out = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (Neighbours.Neighbour nb : batch.neighbours().of(latent)) {
            if (out.size() >= wanted) {
                break;
            }
            LatentActivations other = batch.lookup().activations(nb.latent());
            if (other == null || other.isEmpty() || nb.latent() == latent) {
                continue;
            }
            other = other.sortedByPosition();
            ActiveWindows w = ActiveWindows.of(other, c);
            int perNeighbour = 0;
            for (int i : w.rankByMax()) {
                if (perNeighbour >= ConstructorConfig.WINDOWS_PER_NEIGHBOUR
                    || (exact && out.size() >= wanted)) {
                    break;
                }
                int win = w.window(i);
                if (active.contains(win) || (exact && !taken.add(win))) {
                    continue;
                }
                out.add(new NonActivatingWindow(batch.corpus(), (long) win * c, c,
                    other.slice(w.from(i), w.to(i)), (float) -nb.distance()));
                perNeighbour++;
            }
        }
        return out;
    }
}
