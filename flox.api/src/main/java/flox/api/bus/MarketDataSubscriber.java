package flox.api.bus;

import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard subscriber for market data: register it as an OSGi service (a DS component) with
 * the properties in {@link SubscriberProperties}; the bus finds it. No hand wiring.
 *
 * <p>Callbacks come from one thread at a time (the bus's delivery thread for this subscriber);
 * the events are flyweights valid only during the call, so implementations need not be
 * thread-safe against the bus, only against their own other threads. Implementations should not allocate or
 * block; an exception is counted and logged by the bus and does not reach other subscribers.
 */
@ConsumerType
public interface MarketDataSubscriber {
    /**
     * A book snapshot or delta of a subscribed symbol (declare {@link flox.api.event.EventKind#BOOK_UPDATE},
     * or no kinds at all). Keep an {@link flox.api.book.OrderBook} with it and act only while the
     * book {@link flox.api.book.OrderBook#isConsistent() is consistent}. Does nothing by default.
     *
     * @param update a flyweight valid only during the call: copy what you keep
     */
    default void onBookUpdate(BookUpdate update) {
    }

    /**
     * A public trade on a subscribed symbol (declare {@link flox.api.event.EventKind#TRADE}, or no
     * kinds at all). Does nothing by default.
     *
     * @param trade a flyweight valid only during the call: copy what you keep
     */
    default void onTrade(TradeEvent trade) {
    }

    /**
     * A venue's connection state changed (declare {@link flox.api.event.EventKind#VENUE_STATE},
     * or no kinds at all). A strategy stops quoting and cancels when its venue leaves
     * {@link flox.api.event.VenueState#LIVE}. Does nothing by default. Added in 1.2.
     *
     * @param state a flyweight valid only during the call: copy what you keep
     */
    default void onVenueState(VenueStateEvent state) {
    }
}
