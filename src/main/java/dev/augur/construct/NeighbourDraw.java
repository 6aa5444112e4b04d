package dev.augur.construct;

/**
 * How many windows the neighbours source keeps (SPEC 4). EXACT (Augur's default): the first
 * {@code n_non_activating} distinct windows. DELPHI: delphi's draw, up to 10 windows of every
 * neighbour until the count reaches {@code n_non_activating}, the last neighbour's taken whole
 * (so usually more than asked), a window repeated when two neighbours both fire in it.
 */
public enum NeighbourDraw {
    EXACT, DELPHI
}
