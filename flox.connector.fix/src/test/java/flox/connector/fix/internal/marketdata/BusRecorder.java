package flox.connector.fix.internal.marketdata;

import flox.api.book.OrderBook;
import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolRegistry;
import flox.bus.internal.StandaloneBuses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's market-data bus (flox.bus, sync: delivered on the publisher's thread) with one
 * subscriber that keeps a book per symbol from what is published, as a strategy would, and
 * writes down every event. Thread-safe: the publisher's thread writes, the test reads.
 */
final class BusRecorder implements MarketDataSubscriber, AutoCloseable {
    final MarketDataBus bus;
    private final Map<Integer, OrderBook> books = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private final List<TradeEvent> trades = new ArrayList<>();
    private final List<String> venue = new ArrayList<>();

    BusRecorder(SymbolRegistry registry, int maxBookLevels) {
        bus = StandaloneBuses.marketData(new StandaloneBuses.Options().sync(true).ringSize(1024).bookLevels(maxBookLevels), registry);
        StandaloneBuses.subscribe(bus, this, "md-test", "lossless", 0);
    }

    @Override
    public synchronized void onBookUpdate(BookUpdate u) {
        books.computeIfAbsent(u.symbolId(), id -> new OrderBook(id, 10_000)).apply(u);
        events.add((u.isInvalid() ? "INVALID" : u.type().name()) + (u.isContinued() ? "+" : "") + " " + u.symbolId() + " " + u.bidCount() + "x" + u.askCount());
    }

    @Override
    public synchronized void onTrade(TradeEvent t) {
        trades.add(new TradeEvent().copyFrom(t));
        events.add("TRADE " + t.symbolId() + " " + t.priceScaled() + "x" + t.quantityScaled());
    }

    @Override
    public synchronized void onVenueState(VenueStateEvent e) {
        venue.add(e.exchange() + " " + e.state() + " " + e.reason());
    }

    /** The book as published: "bids p@q,p@q | asks p@q" best first, INVALID when not valid. */
    synchronized String book(int symbolId) {
        OrderBook b = books.get(symbolId);
        if (b == null || !b.isValid()) return "INVALID";
        StringBuilder sb = new StringBuilder("bids ");
        for (int i = 0; i < b.bidLevels(); i++) sb.append(i == 0 ? "" : ",").append(b.bidPrice(i)).append('@').append(b.bidQuantity(i));
        sb.append(" | asks ");
        for (int i = 0; i < b.askLevels(); i++) sb.append(i == 0 ? "" : ",").append(b.askPrice(i)).append('@').append(b.askQuantity(i));
        return sb.toString();
    }

    synchronized boolean consistent(int symbolId) {
        OrderBook b = books.get(symbolId);
        return b != null && b.isConsistent();
    }

    synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    synchronized List<TradeEvent> trades() {
        return new ArrayList<>(trades);
    }

    synchronized List<String> venue() {
        return new ArrayList<>(venue);
    }

    synchronized void clearEvents() {
        events.clear();
    }

    @Override
    public void close() {
        StandaloneBuses.stop(bus);
    }
}
