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
    /** Integer: order of delivery on the publisher's thread (sync mode, or {@link #DELIVERY_INLINE}), lower first; ties broken by service ranking. Default 0. */
    public static final String PRIORITY = "flox.subscriber.priority";
    /** String: {@link #POLICY_LOSSLESS} (default) or {@link #POLICY_LOSSY}. */
    public static final String POLICY = "flox.subscriber.policy";
    /** Boolean: a required lossless subscriber gates the publisher (backpressure). Default true. */
    public static final String REQUIRED = "flox.subscriber.required";

    /**
     * String: {@link #DELIVERY_INLINE} or {@link #DELIVERY_AGENT}; absent means the bus's mode
     * decides (sync: inline, async: agent). A lossy subscriber is always served by an agent.
     */
    public static final String DELIVERY = "flox.subscriber.delivery";
    /**
     * Called on the publisher's thread before publish returns, in {@link #PRIORITY} order: no
     * queue hop (the hot path: a strategy, the risk view it trades on). No isolation: a slow
     * callback delays the publisher and every other inline subscriber; a subscriber on a bus
     * with several publishers is called by one of them at a time.
     */
    public static final String DELIVERY_INLINE = "inline";
    /**
     * Called on the subscriber's own thread, which reads the bus's ring: a slow or stuck
     * subscriber delays only itself (and, when lossless and required, publishers once the ring
     * is full). For aggregators, metrics and plugins of unknown quality.
     */
    public static final String DELIVERY_AGENT = "agent";

    /** The publisher waits (or is back-pressured) rather than drop an event for this subscriber. */
    public static final String POLICY_LOSSLESS = "lossless";
    /** Events the subscriber cannot keep up with are dropped and counted. */
    public static final String POLICY_LOSSY = "lossy";

    private SubscriberProperties() {
    }
}
