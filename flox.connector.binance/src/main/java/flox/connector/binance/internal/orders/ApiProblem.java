package flox.connector.binance.internal.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/**
 * Kinds of unreadable WebSocket API input (replies and user-data events), so that each kind is
 * said once and counted (issue 14 item 9, as {@code FeedProblem} does for market data).
 */
public enum ApiProblem {
    /** Not JSON, or JSON that ends before its object does. */
    INVALID_JSON,
    /** JSON, but not of a message's shape: not an object, an unexpected token, content after it. */
    NOT_A_MESSAGE,
    /** A field the message needs is absent. */
    MISSING_FIELD,
    /** A field of the wrong type, a value that cannot be read, or an order status Flox does not know. */
    BAD_VALUE;

    /** The kind of an exception the decoders threw (an {@link Unreadable}, or Jackson's own parse error). */
    public static ApiProblem of(IOException e) {
        if (e instanceof Unreadable u) return u.kind;
        if (e instanceof JsonProcessingException) return INVALID_JSON;
        return NOT_A_MESSAGE;
    }

    /** An unreadable message, with its kind. Thrown by the decoders on input that is not what the venue documents. */
    public static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;
        public final ApiProblem kind;

        public Unreadable(ApiProblem kind, String message) {
            super(message);
            this.kind = kind;
        }
    }
}
