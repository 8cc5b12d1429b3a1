package flox.api.event;

/**
 * A venue's connection state, as its connector or executor sees it (see {@link VenueStateEvent}).
 * Only {@link #LIVE} means orders may be sent and the venue's data is current; the host's risk
 * check refuses new orders for a venue in any other state.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum VenueState {
    /** Opening the connection or logging on; no data yet. */
    CONNECTING,
    /** Connected and catching up (fetching snapshots, resending): data not yet consistent. */
    SYNCING,
    /** Connected, in sync, accepting orders. */
    LIVE,
    /** Connected, but data stopped arriving or a gap was found: not to be traded on until LIVE again. */
    STALE,
    /** Not connected; the connector may retry (see {@link VenueStateEvent#retryAtEpochNs()}). */
    DISCONNECTED,
    /** The venue throttled us: requests refused until the retry time. */
    RATE_LIMITED,
    /** The venue banned us (for example an IP ban after ignored rate limits): nothing is sent until the retry time. */
    BANNED;

    /** {@return true only for {@link #LIVE}} */
    public boolean isLive() {
        return this == LIVE;
    }
}
