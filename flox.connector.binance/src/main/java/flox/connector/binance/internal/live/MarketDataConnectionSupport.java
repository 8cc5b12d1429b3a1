package flox.connector.binance.internal.live;

/** What the connections share. Stateless. */
final class MarketDataConnectionSupport {
    private MarketDataConnectionSupport() {
    }

    /** The root cause's class and message, for one log line. */
    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r.getClass().getSimpleName() + (r.getMessage() == null ? "" : ": " + r.getMessage());
    }
}
