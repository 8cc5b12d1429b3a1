package flox.connector.binance.internal.feed;

/**
 * What kind of thing was wrong with a frame or a recording line: the unit for "logged once per
 * kind" (a feed that sends the same malformed frame a thousand times logs one line and counts
 * the rest). Each {@link RecordingFormatException} carries one; {@link ReplayStats} counts them.
 */
public enum FeedProblem {
    /** Not JSON, or JSON that ends early (a truncated line or frame). */
    INVALID_JSON,
    /** JSON, but not a frame of a known shape: no stream, data before stream, an unexpected token, content after the object. */
    NOT_A_FRAME,
    /** A field an event needs is absent. */
    MISSING_FIELD,
    /** A field of the wrong type, or a number that is not a decimal at the symbol's scale. */
    BAD_VALUE,
    /** The frame's symbol or event type does not match its stream. */
    WRONG_STREAM,
    /** More book levels than the reader holds. */
    TOO_MANY_LEVELS,
    /** A depth snapshot whose symbol cannot be told. */
    SNAPSHOT_SYMBOL,
    /** A recording line that is not {@code <time> <frame>} (or the file cannot be read on). */
    BAD_LINE
}
