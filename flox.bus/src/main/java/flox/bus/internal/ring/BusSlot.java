package flox.bus.internal.ring;

/**
 * One preallocated event holder of a bus: a ring entry, an entry of the sync mode's reentrant
 * queue, or a decoupled subscriber's private copy. {@code kind} is an
 * {@link flox.api.event.EventKind} ordinal; the symbol is read from the event itself, so a
 * publisher writes the slot's own fields only when the kind changes (the slot's cache line then
 * stays shared with the readers, as the Disruptor's never-written event holder does; see
 * docs/ARCHITECTURE.md). Not thread-safe; no method allocates.
 */
public abstract class BusSlot {
    /**
     * The kind of a ring slot whose producer's copy threw: published anyway (so readers and later
     * producers are not held up by a slot marked as being written forever) and passed over by
     * every reader (no subscriber's kind mask has this bit).
     */
    public static final int SKIPPED = 31;

    /** {@link #symbolId()} of an event for every symbol (a venue-wide state): passes every symbol filter. */
    public static final int EVERY_SYMBOL = Integer.MIN_VALUE;

    public int kind;

    /** The event's symbol id; {@link #EVERY_SYMBOL}; -1 for a {@link #SKIPPED} slot (its event is not read). */
    public abstract int symbolId();

    /** Copies the content of {@code other} (same concrete type) into this slot's own storage. */
    public abstract void copyFrom(BusSlot other);
}
