package flox.itest.plugins.faulty;

import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;

/** A market-data subscriber that throws on every event. */
public final class ThrowingSubscriber implements MarketDataSubscriber {
    public static final String MESSAGE = "faulty plugin: throws on every event";

    @Override
    public void onBookUpdate(BookUpdate update) {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public void onTrade(TradeEvent trade) {
        throw new IllegalStateException(MESSAGE);
    }
}
