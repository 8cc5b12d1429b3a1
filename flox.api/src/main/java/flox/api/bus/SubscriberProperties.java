package flox.api.bus;

/**
 * Service properties a subscriber registers with to declare what it wants. Example (DS):
 *
 * <pre>
 * &#64;Component(property = {
 *     SubscriberProperties.EVENT_KINDS + "=BOOK_UPDATE",
 *     SubscriberProperties.SYMBOLS + "=SIM:BTCUSDT",
 *     SubscriberProperties.PRIORITY + ":Integer=10"})
 * public class MyStrategy implements MarketDataSubscriber { ... }
 * </pre>
 *
 * <p>Constants only; thread-safe.
 */
public final class SubscriberProperties {
    /** String+: event kinds wanted ({@link flox.api.event.EventKind} names); absent means all the bus carries. */
    public static final String EVENT_KINDS = "flox.event.kinds";
    /** String+: "EXCHANGE:SYMBOL" entries; absent means every symbol. */
    public static final String SYMBOLS = "flox.symbols";
    /** Integer: delivery order in sync mode, lower first; ties broken by service ranking. Default 0. */
    public static final String PRIORITY = "flox.subscriber.priority";
    /** String: {@link #POLICY_LOSSLESS} (default) or {@link #POLICY_LOSSY}. */
    public static final String POLICY = "flox.subscriber.policy";
    /** Boolean: a required lossless subscriber gates the publisher (backpressure). Default true. */
    public static final String REQUIRED = "flox.subscriber.required";

    /** The publisher waits (or is back-pressured) rather than drop an event for this subscriber. */
    public static final String POLICY_LOSSLESS = "lossless";
    /** Events the subscriber cannot keep up with are dropped and counted. */
    public static final String POLICY_LOSSY = "lossy";

    private SubscriberProperties() {
    }
}
