package flox.risk.internal;

import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.BookUpdate;
import flox.api.event.VenueStateEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Feeds book updates from the market-data bus to the risk engine's reference books (the mid of
 * the price band), and venue states to its venue check. Those two kinds only, lossless, inline, and first on the publisher's thread
 * (priority -100), so that the mid has moved before a strategy reacts to the same update. Called by one thread at a time;
 * no allocation in steady state.
 */
@Component(service = MarketDataSubscriber.class, property = {
        SubscriberProperties.EVENT_KINDS + "=BOOK_UPDATE", SubscriberProperties.EVENT_KINDS + "=VENUE_STATE",
        SubscriberProperties.DELIVERY + "=" + SubscriberProperties.DELIVERY_INLINE,
        SubscriberProperties.PRIORITY + ":Integer=-100"})
public final class RiskBookSubscriber implements MarketDataSubscriber {
    private final RiskEngine engine;

    @Activate
    public RiskBookSubscriber(@Reference RiskComponent risk) {
        this.engine = risk.engine();
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        engine.onBookUpdate(update);
    }

    @Override
    public void onVenueState(VenueStateEvent state) {
        engine.onVenueState(state);
    }
}
