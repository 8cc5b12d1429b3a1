package flox.connector.fix.internal.orders;

import org.agrona.collections.LongHashSet;

/**
 * The orders asked about at a logon (OrderStatusRequest) and not yet answered, by id: an answer
 * (an ExecutionReport with ExecType I, or the venue's refusal of that query) removes its order,
 * a second answer for the same order changes nothing, and the last one ends the round. A round
 * still open when its wait limit passes is overdue: {@link #overdue} hands back the unanswered
 * ids to ask again and sets the next limit; the venue stays not LIVE meanwhile. A logout ends
 * the round unanswered ({@link #cancel}); the next logon begins another.
 *
 * <p>Threading: {@link #begin} and {@link #cancel} on QuickFIX/J's thread (logon, logout),
 * {@link #answered} on the receiving thread, {@link #overdue} on the sending thread; all under
 * this object's lock, behind a volatile flag so that outside a round an answer costs one read.
 * Allocation: {@link #begin} and {@link #overdue} (cold paths); none in {@link #answered}.
 */
final class Reconciliation {
    private final LongHashSet pending = new LongHashSet();
    private final long waitLimitNs;
    private volatile boolean active;
    private long deadlineNs;
    private int asked;
    private long overdueRounds;

    Reconciliation(long waitLimitNs) {
        this.waitLimitNs = waitLimitNs;
    }

    /** A new round asking about {@code ids[0..n)} from {@code nowNs}; any earlier round is dropped. */
    synchronized void begin(long[] ids, int n, long nowNs) {
        pending.clear();
        for (int i = 0; i < n; i++) pending.add(ids[i]);
        asked = pending.size();
        deadlineNs = nowNs + waitLimitNs;
        active = !pending.isEmpty();
    }

    /** {@code id} answered; true when that was the round's last unanswered order (the caller says LIVE). */
    boolean answered(long id) {
        if (!active) return false;
        synchronized (this) {
            if (!active || !pending.remove(id) || !pending.isEmpty()) return false;
            active = false;
            return true;
        }
    }

    /** Ends the round unanswered (logged out). */
    synchronized void cancel() {
        active = false;
        pending.clear();
    }

    /**
     * When the round's wait limit has passed at {@code nowNs}: the unanswered ids (to ask again),
     * the limit set again from now, the round counted overdue; else null. Sending thread.
     */
    long[] overdue(long nowNs) {
        if (!active) return null;
        synchronized (this) {
            if (!active || nowNs - deadlineNs < 0) return null;
            deadlineNs = nowNs + waitLimitNs;
            overdueRounds++;
            long[] ids = new long[pending.size()];
            int i = 0;
            for (LongHashSet.LongIterator it = pending.iterator(); it.hasNext(); ) ids[i++] = it.nextValue();
            return ids;
        }
    }

    boolean isActive() {
        return active;
    }

    /** Orders asked in the current (or last) round. */
    synchronized int asked() {
        return asked;
    }

    /** Orders of the current round not yet answered (0 outside a round). */
    synchronized int unanswered() {
        return active ? pending.size() : 0;
    }

    /** Times a round's wait limit passed with orders unanswered. */
    synchronized long overdueRounds() {
        return overdueRounds;
    }

    long waitLimitNs() {
        return waitLimitNs;
    }
}
