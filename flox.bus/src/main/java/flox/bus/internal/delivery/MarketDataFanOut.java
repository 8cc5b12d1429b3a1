package flox.bus.internal.delivery;

import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolRegistry;

/**
 * The market-data bus engine: book updates, trades and venue states. See {@link FanOutBus} for modes,
 * threading and guarantees. A book update with more levels per side than the configured
 * {@code book.levels} is refused with {@link flox.api.bus.BusResult#INVALID}, never truncated.
 */
public final class MarketDataFanOut extends FanOutBus<MarketDataSlot> implements MarketDataBus {
    private final int bookLevels;

    public MarketDataFanOut(String name, BusSettings settings, SymbolRegistry symbols) {
        super(name, settings, symbols);
        this.bookLevels = settings.bookLevels;
    }

    @Override
    public long publishBookUpdate(BookUpdate update) {
        if (update == null) return refuseInvalid();
        if (update.bidCount() > bookLevels || update.askCount() > bookLevels) return refuseInvalid();
        return publish(MarketDataSlot.BOOK, update);
    }

    @Override
    public int maxBookLevels() {
        return bookLevels;
    }

    @Override
    public long publishTrade(TradeEvent trade) {
        if (trade == null) return refuseInvalid();
        return publish(MarketDataSlot.TRADE, trade);
    }

    @Override
    public long publishVenueState(VenueStateEvent state) {
        if (!isValid(state)) return refuseInvalid();
        return publish(MarketDataSlot.VENUE, state);
    }

    /** A venue state the bus takes: an event naming an exchange and a state. */
    public static boolean isValid(VenueStateEvent state) {
        return state != null && state.exchange() != null && !state.exchange().isEmpty() && state.state() != null;
    }

    @Override
    MarketDataSlot newSlot() {
        return new MarketDataSlot(settings.bookLevels);
    }

    /**
     * Books first (large: levels x 4 longs each), then trades and slots: the small objects read
     * for every event end up next to each other, not one book's worth of memory apart, which
     * keeps the ring's hot working set (and its TLB footprint) small.
     */
    @Override
    MarketDataSlot[] newRing(int n) {
        BookUpdate[] books = new BookUpdate[n];
        for (int i = 0; i < n; i++) books[i] = new BookUpdate(settings.bookLevels);
        TradeEvent[] trades = new TradeEvent[n];
        for (int i = 0; i < n; i++) trades[i] = new TradeEvent();
        MarketDataSlot[] slots = new MarketDataSlot[n];
        for (int i = 0; i < n; i++) slots[i] = new MarketDataSlot(books[i], trades[i]);
        return slots;
    }

    @Override
    MarketDataSlot[] newSlots(int n) {
        return new MarketDataSlot[n];
    }

    @Override
    void stage(MarketDataSlot slot, int kind, Object event, boolean copy) {
        if (kind == MarketDataSlot.BOOK) {
            if (copy) slot.copyBook((BookUpdate) event); else slot.viewBook((BookUpdate) event);
        } else if (kind == MarketDataSlot.VENUE) {
            if (copy) slot.copyVenue((VenueStateEvent) event); else slot.viewVenue((VenueStateEvent) event);
        } else {
            if (copy) slot.copyTrade((TradeEvent) event); else slot.viewTrade((TradeEvent) event);
        }
    }

    @Override
    void deliver(Subscription sub, MarketDataSlot slot) {
        MarketDataSubscriber listener = (MarketDataSubscriber) sub.listener;
        int kind = slot.kind;
        if (kind == MarketDataSlot.BOOK) listener.onBookUpdate(slot.book);
        else if (kind == MarketDataSlot.TRADE) listener.onTrade(slot.trade);
        else listener.onVenueState(slot.venue);
    }
}
