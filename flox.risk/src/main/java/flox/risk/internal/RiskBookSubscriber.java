package flox.risk.internal;

import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.BookUpdate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Feeds book updates from the market-data bus to the risk engine's reference books (the mid of
 * the price band). Book updates only, lossless, inline, and first on the publisher's thread
 * (priority -100), so that the mid has moved before a strategy reacts to the same update. Called by one thread at a time;
 * no allocation in steady state.
 */
@Component(service = MarketDataSubscriber.class, property = {
        SubscriberProperties.EVENT_KINDS + "=BOOK_UPDATE",
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
}
