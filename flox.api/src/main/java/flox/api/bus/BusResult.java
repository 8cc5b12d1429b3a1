package flox.api.bus;

/**
 * Return codes of the publish methods. A publish returns the event's sequence (&gt;= 0) on
 * success or one of these negative codes; backpressure is a value, never an exception. Stateless and thread-safe; only
 * {@link #describe(long)} allocates.
 */
public final class BusResult {
    /** A lossless subscriber's queue is full; nothing was published; retry or drop. */
    public static final long BACK_PRESSURED = -1L;
    /** The bus is stopping or stopped; nothing was published. */
    public static final long CLOSED = -2L;
    /** The event does not fit the bus (e.g. more book levels than its slots hold), or a second thread published on a bus configured for one publisher; nothing was published. */
    public static final long INVALID = -3L;

    private BusResult() {
    }

    /**
     * {@return true when it is a sequence (&gt;= 0): the event was published}
     * @param result a publish method's return value
     */
    public static boolean isPublished(long result) {
        return result >= 0;
    }

    /**
     * Human-readable name of a result code, for logs and status. Allocates.
     *
     * @param result a publish method's return value
     * @return "published #seq", the code's name, or "unknown result N"
     */
    public static String describe(long result) {
        if (result >= 0) return "published #" + result;
        if (result == BACK_PRESSURED) return "back-pressured";
        if (result == CLOSED) return "closed";
        if (result == INVALID) return "invalid (does not fit the bus)";
        return "unknown result " + result;
    }
}
