package flox.executor.sim.internal.matching;

import flox.api.order.OrderRequest;

/**
 * The simulated order-entry latency: a preallocated FIFO ring of commands, each released once
 * the clock reaches its due time. Commands never overtake one another, as on one connection to
 * a venue: a due time earlier than the previous command's is raised to it, so a cancel cannot
 * reach the venue before the order it cancels, whatever the latency jitter.
 *
 * <p>Full is a return value ({@code false} from an offer), never an exception.
 *
 * <p>Not thread-safe: one thread offers and drains (the executor's). No allocation after
 * construction.
 */
public final class DelayedCommandRing {
    private final SimCommand[] slots;
    private final int mask;
    private long head; // next to drain
    private long tail; // next to fill
    private long lastDueNs = Long.MIN_VALUE;

    /** @param capacity commands in flight; rounded up to a power of two */
    public DelayedCommandRing(int capacity) {
        if (capacity <= 0 || capacity > (1 << 24)) throw new IllegalArgumentException("capacity must be in [1, 2^24], was " + capacity);
        int size = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        slots = new SimCommand[size];
        for (int i = 0; i < size; i++) slots[i] = new SimCommand();
        mask = size - 1;
    }

    public boolean offerNew(long dueNs, OrderRequest request) {
        SimCommand c = claim(dueNs, SimCommand.Kind.NEW, request.symbolId(), request.clientOrderId());
        if (c == null) return false;
        c.request().copyFrom(request);
        return true;
    }

    public boolean offerCancel(long dueNs, int symbolId, long clientOrderId) {
        return claim(dueNs, SimCommand.Kind.CANCEL, symbolId, clientOrderId) != null;
    }

    public boolean offerReplace(long dueNs, int symbolId, long origClientOrderId, long newClientOrderId,
                                long newPriceScaled, long newQuantityScaled) {
        SimCommand c = claim(dueNs, SimCommand.Kind.REPLACE, symbolId, origClientOrderId);
        if (c == null) return false;
        c.newClientOrderId = newClientOrderId;
        c.newPriceScaled = newPriceScaled;
        c.newQuantityScaled = newQuantityScaled;
        return true;
    }

    /** Hands due commands ({@code dueNs <= nowNs}) to {@code handler} in order, at most {@code limit}; returns how many. */
    public int drain(long nowNs, int limit, SimCommandHandler handler) {
        int n = 0;
        while (n < limit && head < tail) {
            SimCommand c = slots[(int) head & mask];
            if (c.dueNs > nowNs) break;
            try {
                handler.onCommand(c);
            } finally {
                head++; // after the call: an offer from the handler cannot overwrite the slot in hand
            }
            n++;
        }
        return n;
    }

    /** Due time of the next command, or {@link Long#MAX_VALUE} when empty (for the idle strategy). */
    public long nextDueNs() {
        return head < tail ? slots[(int) head & mask].dueNs : Long.MAX_VALUE;
    }

    public int size() {
        return (int) (tail - head);
    }

    public int capacity() {
        return slots.length;
    }

    private SimCommand claim(long dueNs, SimCommand.Kind kind, int symbolId, long clientOrderId) {
        if (tail - head == slots.length) return null;
        SimCommand c = slots[(int) tail & mask];
        long due = Math.max(dueNs, lastDueNs);
        lastDueNs = due;
        c.kind = kind;
        c.dueNs = due;
        c.symbolId = symbolId;
        c.clientOrderId = clientOrderId;
        c.newClientOrderId = 0;
        c.newPriceScaled = 0;
        c.newQuantityScaled = 0;
        tail++;
        return c;
    }
}
