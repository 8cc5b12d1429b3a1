package flox.api.event;

/**
 * Why a venue entered its {@link VenueState}: machine-readable, for counters and strategies;
 * the event's text says the rest. Appended only (ordinals are kept across versions).
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum VenueStateReason {
    /** No particular reason (a normal step: connected, synced). */
    NONE,
    /** The connector or executor is starting. */
    STARTUP,
    /** The connector or executor is stopping (host shutdown, plugin update or removal). */
    SHUTDOWN,
    /** The connection failed or was closed by the venue. */
    CONNECTION_LOST,
    /** No heartbeat or data within the expected time. */
    HEARTBEAT_TIMEOUT,
    /** A sequence gap in the venue's stream: the book was invalidated and is being rebuilt. */
    SEQUENCE_GAP,
    /** The venue refused the logon or the credentials. */
    LOGON_REJECTED,
    /** The venue signalled a rate limit (for example HTTP 429). */
    RATE_LIMIT,
    /** The venue banned us (for example HTTP 418). */
    BAN,
    /** The venue announced maintenance or a trading halt. */
    MAINTENANCE,
    /** Any other reason; see the text. */
    OTHER
}
