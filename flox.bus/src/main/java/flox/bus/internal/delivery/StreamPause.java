package flox.bus.internal.delivery;

/**
 * How long a subscriber agent pauses after a turn, in spin hints: batching under a sustained
 * stream (docs/ARCHITECTURE.md, "Batching under load"). A stream is two turns in a row that found
 * events; only then, and only when the bus's threads fit the cores, does the agent pause, starting
 * at {@value #START_SPINS} spin hints, doubling while turns find fewer than {@value #BATCH} events
 * (up to {@value #MAX_SPINS}), halving when a turn reaches the agent's turn limit (down to
 * {@value #MIN_SPINS}). A turn that finds nothing ends the stream and resets the pause, so a
 * subscriber of a paced or quiet feed never pauses. So does a pause that gathered fewer than one
 * event per {@value #SPINS_PER_EVENT} spins: the feed is one the agent keeps up with unbatched
 * (below ~2.5 M ev/s here), delayed once (a hiccup made two turns in a row find events), and
 * pausing again would only add latency, and keep finding events because of the pause itself.
 *
 * <p>Owned by one agent thread; no allocation.
 */
final class StreamPause {
    /** Where a stream's pause starts (a spin hint took 25 ns on the machine measured: 1.6 us). */
    static final int START_SPINS = 64;
    /** Bounds of the pause: 0.4 to 6.4 us there. */
    static final int MIN_SPINS = 16;
    static final int MAX_SPINS = 256;
    /** The batch the pause aims at: shorter turns lengthen it. */
    static final int BATCH = 32;
    /** Density below which a pause ends the stream: fewer events than one per this many spins. */
    static final int SPINS_PER_EVENT = 16;

    private final int turnLimit;
    private boolean lastTurnFound;
    private int spins = START_SPINS;
    /** The pause returned after the last turn, before this one; 0 for none. */
    private int pausedSpins;

    /** @param turnLimit the most events the agent delivers in one turn */
    StreamPause(int turnLimit) {
        this.turnLimit = turnLimit;
    }

    /**
     * @param processed events the turn just ended went through
     * @param threadsFitCores whether the bus's threads fit the cores (else a pause would take a
     *     core another thread needs)
     * @return spin hints to pause now; 0 for none
     */
    int afterTurn(int processed, boolean threadsFitCores) {
        boolean found = processed > 0;
        boolean stream = found && lastTurnFound;
        lastTurnFound = found;
        int paused = pausedSpins;
        pausedSpins = 0;
        if (!found) {
            spins = START_SPINS; // the stream ended: the next one starts short
            return 0;
        }
        if (paused > 0 && processed * SPINS_PER_EVENT < paused) { // a sparse feed: pausing only delays it
            spins = START_SPINS;
            lastTurnFound = false;
            return 0;
        }
        if (!stream || !threadsFitCores) return 0;
        if (processed < BATCH) {
            if (spins < MAX_SPINS) spins <<= 1;
        } else if (processed >= turnLimit && spins > MIN_SPINS) {
            spins >>= 1;
        }
        pausedSpins = spins;
        return spins;
    }
}
