package dev.augur.construct;

/**
 * One latent's active windows as an accelerator ranked them: entries {@code [offset, offset +
 * count)} of arrays shared by a whole batch, strongest window first (ties in window order).
 * Per entry: {@code slot} (the window's index in corpus order), {@code window} id, the range
 * {@code [from, to)} of its activations relative to the latent's first (sorted by position),
 * and its maximum. For centered windows {@code cutStart} is the re-cut window's first flat
 * position (-1: first or last window of its sequence, dropped) and {@code [cutLo, cutHi)} the
 * latent's activations inside it; the three are null for aligned windows.
 */
public record RankedWindows(int offset, int count, int[] slot, int[] window, int[] from, int[] to,
                            float[] max, int[] cutStart, int[] cutLo, int[] cutHi) {
}
