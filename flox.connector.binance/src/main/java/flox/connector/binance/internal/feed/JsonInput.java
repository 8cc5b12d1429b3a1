package flox.connector.binance.internal.feed;

/**
 * What the connector's reused non-blocking JSON parsers need of a message before it is fed: its
 * end without trailing whitespace, so that "every byte fed was taken" means "nothing after the
 * object" (a trailing partial token would otherwise stay in the parser and spoil the next
 * message); and their factory ({@link #newFactory}). Stateless; no allocation.
 */
public final class JsonInput {
    /**
     * Longest field name taken (Binance's are under 32 characters). A reused parser keeps each new
     * field name of a message taken whole in its name table, up to about 52,000 names before
     * Jackson empties it; with Jackson's default limit (50,000 characters a name) a stream of
     * messages each with a new long name could make one parser keep gigabytes.
     */
    public static final int MAX_NAME_LENGTH = 256;

    private JsonInput() {
    }

    /** The factory of a reused parser: names longer than {@link #MAX_NAME_LENGTH} are refused (the message is malformed). */
    public static com.fasterxml.jackson.core.JsonFactory newFactory() {
        return com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNameLength(MAX_NAME_LENGTH).build())
                .build();
    }

    /** {@code end} less trailing ASCII whitespace. */
    public static int trimEnd(byte[] buf, int start, int end) {
        while (end > start && (buf[end - 1] == ' ' || buf[end - 1] == '\n' || buf[end - 1] == '\r' || buf[end - 1] == '\t')) end--;
        return end;
    }
}
