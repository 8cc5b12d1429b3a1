package flox.connector.binance.internal.feed;

/**
 * What the connector's reused non-blocking JSON parsers need of a message before it is fed: its
 * end without trailing whitespace, so that "every byte fed was taken" means "nothing after the
 * object" (a trailing partial token would otherwise stay in the parser and spoil the next
 * message). Stateless; no allocation.
 */
public final class JsonInput {
    private JsonInput() {
    }

    /** {@code end} less trailing ASCII whitespace. */
    public static int trimEnd(byte[] buf, int start, int end) {
        while (end > start && (buf[end - 1] == ' ' || buf[end - 1] == '\n' || buf[end - 1] == '\r' || buf[end - 1] == '\t')) end--;
        return end;
    }
}
