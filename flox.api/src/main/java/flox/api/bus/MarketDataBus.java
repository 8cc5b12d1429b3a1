package flox.api.bus;

import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes market data to every subscriber that declared interest (see
 * {@link SubscriberProperties}). Implemented by the host's bus bundle.
 *
 * <p>Thread-safe for several publishing threads; events from one publisher are delivered in
 * the order published. The event is copied before the call returns: the caller may reuse it.
 * Publishing allocates nothing.
 */
@ProviderType
public interface MarketDataBus {
    /**
     * Publishes a book snapshot or delta to the subscribers of its symbol.
     *
     * @param update the update; copied before the call returns
     * @return sequence &gt;= 0, or a negative {@link BusResult} code; {@link BusResult#INVALID}
     *     when the update has more than {@link #maxBookLevels()} levels on a side (never truncated)
     */
    long publishBookUpdate(BookUpdate update);

    /**
     * Most levels per side a book update may carry here (the bus's slots are preallocated to it).
     * A deeper venue update is published in {@link BookUpdate#CONTINUED} fragments (see
     * {@link flox.api.plugin.ExchangeConnector}). Fixed while the bus runs; a reconfigured bus
     * may answer differently, so read it per sync rather than once for good. Lock-free, no allocation.
     *
     * @return the most bid (and the most ask) levels one published update may hold
     */
    int maxBookLevels();

    /**
     * Publishes a public trade to the subscribers of its symbol.
     *
     * @param trade the trade; copied before the call returns
     * @return sequence &gt;= 0, or a negative {@link BusResult} code
     */
    long publishTrade(TradeEvent trade);

    /**
     * Publishes a venue's state change (see {@link VenueStateEvent}), in order with the same
     * publisher's books and trades. The bus also keeps the last state per venue for the host's
     * status line. Added in 1.2.
     *
     * @param state the venue's new state; copied before the call returns
     * @return sequence &gt;= 0, or a negative {@link BusResult} code ({@link BusResult#INVALID}
     *         for a null event or one without an exchange)
     */
    long publishVenueState(VenueStateEvent state);
}
