package flox.bus.internal;

import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.symbol.SymbolRegistry;

/**
 * The market-data bus engine: book updates and trades. See {@link FanOutBus} for modes,
 * threading and guarantees. A book update with more levels per side than the configured
 * {@code book.levels} is refused with {@link flox.api.bus.BusResult#INVALID}, never truncated.
 */
final class MarketDataFanOut extends FanOutBus<MarketDataSlot> implements MarketDataBus {
    private final int bookLevels;

    MarketDataFanOut(String name, BusSettings settings, SymbolRegistry symbols) {
        super(name, settings, symbols);
        this.bookLevels = settings.bookLevels;
    }

    @Override
    public long publishBookUpdate(BookUpdate update) {
        if (update.bidCount() > bookLevels || update.askCount() > bookLevels) return refuseInvalid();
        return publish(MarketDataSlot.BOOK, update);
    }

    @Override
    public long publishTrade(TradeEvent trade) {
        return publish(MarketDataSlot.TRADE, trade);
    }

    @Override
    MarketDataSlot newSlot() {
        return new MarketDataSlot(settings.bookLevels);
    }

    @Override
    MarketDataSlot[] newSlots(int n) {
        return new MarketDataSlot[n];
    }

    @Override
    void stage(MarketDataSlot slot, int kind, Object event, boolean copy) {
        if (kind == MarketDataSlot.BOOK) {
            if (copy) slot.copyBook((BookUpdate) event); else slot.viewBook((BookUpdate) event);
        } else {
            if (copy) slot.copyTrade((TradeEvent) event); else slot.viewTrade((TradeEvent) event);
        }
    }

    @Override
    void deliver(Subscription sub, MarketDataSlot slot) {
        MarketDataSubscriber listener = (MarketDataSubscriber) sub.listener;
        if (slot.kind == MarketDataSlot.BOOK) listener.onBookUpdate(slot.book); else listener.onTrade(slot.trade);
    }
}
