package flox.connector.fix.internal.marketdata;

import flox.api.book.OrderBook;
import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookFragments;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.num.FixedPoint;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.connector.fix.internal.wire.CharSlice;
import flox.connector.fix.internal.wire.FixFields;
import flox.connector.fix.internal.wire.UtcTimestamps;
import flox.connector.fix.internal.wire.VenueIds;
import java.lang.System.Logger.Level;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * FIX 4.4 market data of one session into books and trades on the market-data bus: transport-free
 * (the session hands it each received message's fields). Per subscribed symbol it keeps the
 * venue's book ({@link OrderBook}) and the MDReqID (262) of the current subscription.
 * <ul>
 * <li>MarketDataSnapshotFullRefresh (35=W): bids (269=0) and offers (269=1) replace the book, published
 * as a {@link BookUpdate.Type#SNAPSHOT} (in {@link BookFragments} within the bus's level limit).
 * Trade entries (269=2) of a snapshot are the venue's last trades, sent again with every
 * snapshot: counted, not published.</li>
 * <li>MarketDataIncrementalRefresh (35=X): each entry by MDUpdateAction (279) and MDEntryType: New (0)
 * and Change (1) set the level at MDEntryPx (270) to MDEntrySize (271), Delete (2) removes it;
 * the entries of one message for one symbol are published as one DELTA at the message's end
 * (before any trade of that symbol that follows them in the message, so the order is kept).
 * Trade entries (269=2) are published as {@link TradeEvent}s: MDEntryID (278) as the trade id
 * (the VenueIds rule), AggressorSide (2446) when sent. Other entry types are counted and skipped.
 * Entries of a symbol whose book is not valid are skipped until its next snapshot.</li>
 * <li>MarketDataRequestReject (35=Y): counted, logged naming the symbol of the MDReqID; the symbol
 * is left out of "every book valid".</li>
 * </ul>
 * A message whose MDReqID is not the symbol's current subscription (an earlier one's, resent after
 * a reconnect) is counted as stale and not applied; a message without 262 is taken by its symbol.
 *
 * <p><b>Prices and quantities</b> are read exactly at the symbol's scales
 * ({@link RoundingMode#UNNECESSARY}): a book entry with more decimals (or not a number, or a New or
 * Change without a size) is refused, counted, logged once per symbol, and makes the symbol's book
 * {@link BookUpdate#INVALID} (a level left out would leave a book the venue does not have); a
 * fresh snapshot is asked for ({@link #pollResubscribe}) at once the first time, then at most
 * every {@code resubscribeIntervalNs}. A trade with such a price is refused and counted, not
 * rounded. Exchange time: SendingTime (52).
 *
 * <p>Threading: every method is synchronized (QuickFIX/J's receiving and timer threads, the
 * lifecycle's, the shell's); uncontended in steady state. Allocation: none per message or entry
 * after the subscriptions are made (flyweights and per-symbol buffers are preallocated); a
 * subscription, a refusal's first log line and the counters' text allocate.
 */
public final class MarketDataDecoder {
    private static final System.Logger LOG = System.getLogger("flox.fix.md");

    /** One subscription: what a MarketDataRequest names. */
    public record Request(int symbolId, String symbol, String mdReqId, String previousMdReqId) {
    }

    /** One symbol's state. */
    static final class Book {
        final int symbolId;
        final String symbol;
        final int priceScale;
        final int quantityScale;
        final OrderBook book;
        final BookUpdate pending;
        String mdReqId;
        boolean valid;
        boolean rejected;
        String rejectText;
        boolean touched;
        boolean refusalLogged;
        boolean resubscribeWanted;
        long resubscribeAtNs;
        long lastResubscribeNs = Long.MIN_VALUE / 2;
        long snapshots;
        long incrementals;
        long trades;
        long refusals;

        Book(SymbolInfo s, int levels) {
            symbolId = s.symbolId();
            symbol = s.symbol();
            priceScale = s.priceScale();
            quantityScale = s.quantityScale();
            book = new OrderBook(symbolId, levels);
            pending = new BookUpdate(levels);
        }
    }

    private final String exchange;
    private final SymbolRegistry registry;
    private final MarketDataBus bus;
    private final int bookLevels;
    private final long resubscribeIntervalNs;
    private final String reqIdPrefix;
    private final BookFragments fragments = new BookFragments();
    private final BookUpdate fragment;
    private final BookUpdate invalid = new BookUpdate(1);
    private final TradeEvent trade = new TradeEvent();
    private final CharSlice slice = new CharSlice();
    private Book[] byId = new Book[0];
    private Book[] books = new Book[0];
    private int[] touched = new int[0];
    private int touchedCount;
    private long nextReqId = 1;
    private volatile boolean open = true;

    // the entry being read
    private char entryAction;
    private char entryType;
    private int entrySymbolStart;
    private int entrySymbolEnd;
    private int entryPxStart;
    private int entryPxEnd;
    private int entrySizeStart;
    private int entrySizeEnd;
    private int entryIdStart;
    private int entryIdEnd;
    private char entryAggressor;
    private Book entryBook;

    // counters (read by any thread, approximately)
    private volatile long snapshots;
    private volatile long incrementals;
    private volatile long trades;
    private volatile long rejects;
    private volatile long scaleRefusals;
    private volatile long tradeRefusals;
    private volatile long staleMessages;
    private volatile long unknownSymbols;
    private volatile long skippedUntilSnapshot;
    private volatile long snapshotTrades;
    private volatile long otherEntries;
    private volatile long unsupportedActions;
    private volatile long publishRefusals;
    private volatile long resubscribes;
    private volatile long republished;
    private volatile long invalidations;
    private volatile long droppedLevels;
    private volatile int validCount;

    /**
     * @param bookLevels levels kept per side of each book and most levels per side of one snapshot
     * @param reqIdPrefix the MDReqIDs' prefix (unique per run: a request id is never reused)
     */
    public MarketDataDecoder(String exchange, SymbolRegistry registry, MarketDataBus bus, int bookLevels, long resubscribeIntervalNs,
                             String reqIdPrefix) {
        this.exchange = exchange;
        this.registry = registry;
        this.bus = bus;
        this.bookLevels = bookLevels;
        this.resubscribeIntervalNs = resubscribeIntervalNs;
        this.reqIdPrefix = reqIdPrefix;
        this.fragment = new BookUpdate(bookLevels);
    }

    // ------------------------------------------------------------------ subscriptions (cold)

    /**
     * A new subscription for every symbol of the exchange now in the registry (at each logon):
     * each gets a new MDReqID, and its book stays invalid until the answer's snapshot. Allocates.
     */
    public synchronized List<Request> subscribeAll() {
        List<Request> out = new ArrayList<>();
        for (SymbolInfo s : registry.symbols()) {
            if (!s.exchange().equals(exchange)) continue;
            Book b = book(s);
            if (b.valid) invalidate(b, 0);
            b.rejected = false;
            b.rejectText = null;
            b.resubscribeWanted = false;
            String previous = b.mdReqId;
            b.mdReqId = reqIdPrefix + nextReqId++;
            out.add(new Request(b.symbolId, b.symbol, b.mdReqId, previous));
        }
        return out;
    }

    /**
     * The next symbol whose book wants a fresh snapshot and whose wait is over at {@code nowNs}
     * (after a refused entry or a gap fill), with its new MDReqID (and the one to unsubscribe);
     * null when none. The caller sends the requests outside this object's lock.
     */
    public synchronized Request pollResubscribe(long nowNs) {
        for (Book b : books) {
            if (!b.resubscribeWanted || b.rejected || b.mdReqId == null || nowNs - b.resubscribeAtNs < 0) continue;
            b.resubscribeWanted = false;
            b.lastResubscribeNs = nowNs;
            String previous = b.mdReqId;
            b.mdReqId = reqIdPrefix + nextReqId++;
            resubscribes++;
            return new Request(b.symbolId, b.symbol, b.mdReqId, previous);
        }
        return null;
    }

    private Book book(SymbolInfo s) {
        int id = s.symbolId();
        if (id >= byId.length) byId = java.util.Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
        Book b = byId[id];
        if (b == null) {
            b = new Book(s, bookLevels);
            byId[id] = b;
            books = java.util.Arrays.copyOf(books, books.length + 1);
            books[books.length - 1] = b;
            touched = new int[books.length];
        }
        return b;
    }

    // ------------------------------------------------------------------ messages (hot)

    /** A received application message (W, X or Y; others are ignored) at {@code receiveNs} (host monotonic). */
    public synchronized void onMessage(FixFields f, long receiveNs) {
        char type = f.character(35, '?');
        if (type == 'W') {
            onSnapshot(f, receiveNs);
        } else if (type == 'X') {
            onIncremental(f, receiveNs);
        } else if (type == 'Y') {
            onReject(f);
        }
    }

    private void onSnapshot(FixFields f, long receiveNs) {
        int s = f.find(55);
        int id = s < 0 ? -1 : registry.resolve(exchange, slice.set(f.text(), f.startAt(s), f.endAt(s)));
        Book b = id >= 0 && id < byId.length ? byId[id] : null;
        if (b == null || b.mdReqId == null) {
            unknownSymbols++;
            return;
        }
        if (!currentRequest(f, b)) {
            staleMessages++;
            return;
        }
        long exchangeNs = sendingTime(f);
        BookUpdate u = b.pending;
        u.reset(b.symbolId, BookUpdate.Type.SNAPSHOT).timestamps(exchangeNs, receiveNs);
        int group = f.integer(268, 0) > 0 ? f.find(268) : -1; // 268=0: an empty book
        int delimiter = group >= 0 && group + 1 < f.count() ? f.tagAt(group + 1) : -1;
        boolean refused = false;
        long dropped = 0;
        clearEntry();
        for (int i = group + 1; group >= 0 && i <= f.count(); i++) {
            int tag = i < f.count() ? f.tagAt(i) : 10;
            if (tag == delimiter || tag == 10) {
                if (i > group + 1) {
                    if (entryType == '0' || entryType == '1') {
                        long px = decimal(f, entryPxStart, entryPxEnd, b.priceScale);
                        long qty = decimal(f, entrySizeStart, entrySizeEnd, b.quantityScale);
                        if (px == FixedPoint.INVALID || qty == FixedPoint.INVALID || qty < 0) {
                            refused = true;
                            refuse(b, f, "a snapshot", px == FixedPoint.INVALID ? entryPxStart : entrySizeStart,
                                    px == FixedPoint.INVALID ? entryPxEnd : entrySizeEnd, px == FixedPoint.INVALID ? b.priceScale : b.quantityScale);
                            break;
                        }
                        if (!(entryType == '0' ? u.addBid(px, qty) : u.addAsk(px, qty))) dropped++;
                    } else if (entryType == '2') {
                        snapshotTrades++;
                    } else {
                        otherEntries++;
                    }
                }
                if (tag == 10) break;
                clearEntry();
            }
            readEntryField(f, i, tag);
        }
        if (refused) {
            if (b.valid) invalidate(b, receiveNs);
            wantResubscribe(b, receiveNs);
            return;
        }
        if (dropped > 0) droppedLevels += dropped; // beyond bookLevels a side: the worst levels (venues send best first)
        if (!b.valid) validCount++;
        b.valid = true;
        b.resubscribeWanted = false;
        b.book.apply(u);
        publishBook(u);
        b.snapshots++;
        snapshots++;
    }

    private void onIncremental(FixFields f, long receiveNs) {
        long exchangeNs = sendingTime(f);
        int group = f.find(268);
        if (group < 0 || group + 1 >= f.count() || f.integer(268, 0) <= 0) return;
        int delimiter = f.tagAt(group + 1);
        touchedCount = 0;
        Book previous = null;
        clearEntry();
        for (int i = group + 1; i <= f.count(); i++) {
            int tag = i < f.count() ? f.tagAt(i) : 10;
            if (tag == delimiter || tag == 10) {
                if (i > group + 1) previous = onEntry(f, previous, exchangeNs, receiveNs);
                if (tag == 10) break;
                clearEntry();
            }
            readEntryField(f, i, tag);
        }
        for (int k = 0; k < touchedCount; k++) {
            Book b = byId[touched[k]];
            b.touched = false;
            if (b.valid) flush(b, 0);
        }
        touchedCount = 0;
        incrementals++;
    }

    /** One entry of an incremental refresh; returns the entry's book (the next entry's when it names no symbol). */
    private Book onEntry(FixFields f, Book previous, long exchangeNs, long receiveNs) {
        Book b = previous;
        if (entrySymbolStart >= 0) {
            int id = registry.resolve(exchange, slice.set(f.text(), entrySymbolStart, entrySymbolEnd));
            b = id >= 0 && id < byId.length ? byId[id] : null;
        }
        if (b == null || b.mdReqId == null) {
            unknownSymbols++;
            return b;
        }
        if (!currentRequest(f, b)) {
            staleMessages++;
            return b;
        }
        if (entryType == '2') {
            if (b.touched) { // the book changes listed before the trade go first
                flush(b, 0);
                dropPending(b);
            }
            long px = decimal(f, entryPxStart, entryPxEnd, b.priceScale);
            long qty = decimal(f, entrySizeStart, entrySizeEnd, b.quantityScale);
            if (px == FixedPoint.INVALID || qty == FixedPoint.INVALID || qty <= 0) {
                tradeRefusals++;
                if (!b.refusalLogged) {
                    b.refusalLogged = true;
                    LOG.log(Level.WARNING, "FIX md " + exchange + ": " + b.symbol + ": a trade at '" + text(f, entryPxStart, entryPxEnd) + "' x '"
                            + text(f, entrySizeStart, entrySizeEnd) + "' is not representable at price scale " + b.priceScale + ", quantity scale "
                            + b.quantityScale + "; refused, not rounded (further refusals are counted in flox:fixmd)");
                }
                return b;
            }
            Side aggressor = entryAggressor == '1' ? Side.BUY : entryAggressor == '2' ? Side.SELL : null;
            trade.set(b.symbolId, entryIdStart < 0 ? 0 : VenueIds.toLong(f.text(), entryIdStart, entryIdEnd), px, qty, aggressor, exchangeNs, receiveNs);
            publishTrade();
            b.trades++;
            trades++;
            return b;
        }
        if (entryType != '0' && entryType != '1') {
            if (entryType == '?' && entryAction == '2' && b.valid) {
                unsupportedActions++;
                refuseEntry(b, f, "a Delete without MDEntryType (269)", receiveNs);
                return b;
            }
            otherEntries++;
            return b;
        }
        if (!b.valid) {
            skippedUntilSnapshot++;
            return b;
        }
        if (entryAction != '0' && entryAction != '1' && entryAction != '2') {
            unsupportedActions++;
            refuseEntry(b, f, "MDUpdateAction '" + entryAction + "' is not supported (New, Change, Delete are)", receiveNs);
            return b;
        }
        long px = decimal(f, entryPxStart, entryPxEnd, b.priceScale);
        long qty = entryAction == '2' ? 0 : decimal(f, entrySizeStart, entrySizeEnd, b.quantityScale);
        if (px == FixedPoint.INVALID || qty == FixedPoint.INVALID || qty < 0) {
            boolean price = px == FixedPoint.INVALID;
            refuse(b, f, "an incremental", price ? entryPxStart : entrySizeStart, price ? entryPxEnd : entrySizeEnd, price ? b.priceScale : b.quantityScale);
            dropPending(b);
            invalidate(b, receiveNs);
            wantResubscribe(b, receiveNs);
            return b;
        }
        BookUpdate u = b.pending;
        if (!b.touched) {
            b.touched = true;
            touched[touchedCount++] = b.symbolId;
            u.reset(b.symbolId, BookUpdate.Type.DELTA).timestamps(exchangeNs, receiveNs);
        }
        if (!(entryType == '0' ? u.addBid(px, qty) : u.addAsk(px, qty))) {
            flush(b, BookUpdate.CONTINUED); // more entries for one symbol than a book holds: a fragment now, the rest follows
            u.reset(b.symbolId, BookUpdate.Type.DELTA).timestamps(exchangeNs, receiveNs);
            if (entryType == '0') u.addBid(px, qty);
            else u.addAsk(px, qty);
        }
        b.incrementals++;
        return b;
    }

    private void onReject(FixFields f) {
        rejects++;
        Book named = null;
        if (f.value(262, slice)) {
            for (Book b : books) if (b.mdReqId != null && slice.contentEquals(b.mdReqId)) named = b;
        }
        String reason = rejectReason(f.character(281, '?'));
        String text = f.value(58, slice) ? slice.toString() : "";
        String why = reason + (text.isEmpty() ? "" : ": " + text);
        if (named == null) {
            LOG.log(Level.WARNING, "FIX md " + exchange + ": a MarketDataRequest was refused (" + why + ") naming MDReqID "
                    + (f.value(262, slice) ? slice.toString() : "none") + ", which is not a current subscription");
            return;
        }
        if (named.valid) invalidate(named, 0);
        named.rejected = true;
        named.rejectText = why;
        LOG.log(Level.WARNING, "FIX md " + exchange + ": market data for " + named.symbol + " refused by the venue (" + why + ", MDReqID "
                + named.mdReqId + "); no book for it until the next logon");
    }

    private static String rejectReason(char c) {
        switch (c) {
            case '0': return "unknown symbol";
            case '1': return "duplicate MDReqID";
            case '2': return "insufficient bandwidth";
            case '3': return "insufficient permissions";
            case '4': return "unsupported SubscriptionRequestType";
            case '5': return "unsupported MarketDepth";
            case '6': return "unsupported MDUpdateType";
            case '7': return "unsupported AggregatedBook";
            case '8': return "unsupported MDEntryType";
            case '9': return "unsupported TradingSessionID";
            case 'A': return "unsupported Scope";
            case 'B': return "unsupported OpenCloseSettlFlag";
            case 'C': return "unsupported MDImplicitDelete";
            default: return "reason " + (c == '?' ? "not given" : "'" + c + "'");
        }
    }

    // ------------------------------------------------------------------ session events

    /**
     * The session is gone (logout, lost connection) or its stream cannot be trusted: every valid
     * book is published INVALID, and no entry is applied until the next subscription's snapshot.
     */
    public synchronized void invalidateAll(long receiveNs) {
        for (Book b : books) {
            if (b.valid) invalidate(b, receiveNs);
            b.resubscribeWanted = false;
        }
    }

    /**
     * The counterparty skipped messages with a SequenceReset-GapFill while books were valid: the
     * skipped ones may have been market data, so each valid book goes INVALID and is subscribed
     * again (at once). Books already waiting for a snapshot are left as they are.
     */
    public synchronized void onGapFill(long receiveNs) {
        for (Book b : books) {
            if (!b.valid) continue;
            invalidate(b, receiveNs);
            b.resubscribeWanted = true;
            b.resubscribeAtNs = receiveNs;
        }
    }

    /**
     * Publishes every valid book whole again, as a SNAPSHOT (for subscribers that joined late). No
     * allocation.
     */
    public synchronized void republish(long receiveNs) {
        for (Book b : books) {
            if (!b.valid) continue;
            OrderBook o = b.book;
            BookUpdate u = b.pending;
            u.reset(b.symbolId, BookUpdate.Type.SNAPSHOT).timestamps(0, receiveNs);
            for (int i = 0, n = Math.min(o.bidLevels(), u.capacity()); i < n; i++) u.addBid(o.bidPrice(i), o.bidQuantity(i));
            for (int i = 0, n = Math.min(o.askLevels(), u.capacity()); i < n; i++) u.addAsk(o.askPrice(i), o.askQuantity(i));
            publishBook(u);
            republished++;
        }
    }

    /** After this, publishing is not retried while the bus is back-pressured (stopping). */
    public void close() {
        open = false;
    }

    // ------------------------------------------------------------------ helpers

    private void clearEntry() {
        entryAction = '0';
        entryType = '?';
        entrySymbolStart = -1;
        entrySymbolEnd = -1;
        entryPxStart = -1;
        entryPxEnd = -1;
        entrySizeStart = -1;
        entrySizeEnd = -1;
        entryIdStart = -1;
        entryIdEnd = -1;
        entryAggressor = '?';
    }

    private void readEntryField(FixFields f, int i, int tag) {
        int start = f.startAt(i);
        int end = f.endAt(i);
        switch (tag) {
            case 279: entryAction = end - start == 1 ? f.text().charAt(start) : '?'; break;
            case 269: entryType = end - start == 1 ? f.text().charAt(start) : '?'; break;
            case 55: entrySymbolStart = start; entrySymbolEnd = end; break;
            case 270: entryPxStart = start; entryPxEnd = end; break;
            case 271: entrySizeStart = start; entrySizeEnd = end; break;
            case 278: entryIdStart = start; entryIdEnd = end; break;
            case 2446: entryAggressor = end - start == 1 ? f.text().charAt(start) : '?'; break;
            default: break;
        }
    }

    private static long decimal(FixFields f, int start, int end, int scale) {
        return start < 0 ? FixedPoint.INVALID : FixedPoint.parse(f.text(), start, end, scale, RoundingMode.UNNECESSARY);
    }

    private static String text(FixFields f, int start, int end) {
        return start < 0 ? "" : f.text().subSequence(start, end).toString();
    }

    private static long sendingTime(FixFields f) {
        long t = UtcTimestamps.ofField(f, 52);
        return t == UtcTimestamps.INVALID ? 0 : t;
    }

    /** Whether the message's MDReqID (262), if any, is {@code b}'s current subscription. */
    private boolean currentRequest(FixFields f, Book b) {
        int r = f.find(262);
        return r < 0 || slice.set(f.text(), f.startAt(r), f.endAt(r)).contentEquals(b.mdReqId);
    }

    private void refuse(Book b, FixFields f, String where, int start, int end, int scale) {
        b.refusals++;
        scaleRefusals++;
        if (b.refusalLogged) return;
        b.refusalLogged = true;
        LOG.log(Level.WARNING, "FIX md " + exchange + ": " + b.symbol + ": " + where + " entry's value '" + text(f, start, end)
                + "' is missing or not representable at scale " + scale + " (more decimals, or not a number); refused, not rounded: the book is"
                + " INVALID until a new snapshot, asked for now (further refusals are counted in flox:fixmd)");
    }

    private void refuseEntry(Book b, FixFields f, String why, long receiveNs) {
        if (!b.refusalLogged) {
            b.refusalLogged = true;
            LOG.log(Level.WARNING, "FIX md " + exchange + ": " + b.symbol + ": " + why + "; the book is INVALID until a new snapshot, asked for now");
        }
        dropPending(b);
        invalidate(b, receiveNs);
        wantResubscribe(b, receiveNs);
    }

    private void dropPending(Book b) {
        if (!b.touched) return;
        b.touched = false;
        for (int k = 0; k < touchedCount; k++) {
            if (touched[k] == b.symbolId) {
                touched[k] = touched[--touchedCount];
                break;
            }
        }
    }

    private void wantResubscribe(Book b, long nowNs) {
        b.resubscribeWanted = true;
        b.resubscribeAtNs = Math.max(nowNs, b.lastResubscribeNs + resubscribeIntervalNs);
    }

    private void invalidate(Book b, long receiveNs) {
        if (b.valid) validCount--;
        b.valid = false;
        invalid.resetInvalid(b.symbolId).timestamps(0, receiveNs);
        b.book.apply(invalid);
        publishOne(invalid);
        invalidations++;
    }

    private void flush(Book b, int flags) {
        BookUpdate u = b.pending;
        u.flags(flags);
        b.book.apply(u);
        publishBook(u);
    }

    private void publishBook(BookUpdate u) {
        int max = bus.maxBookLevels();
        if (max <= 0 || Math.max(u.bidCount(), u.askCount()) <= max) {
            publishOne(u);
            return;
        }
        fragments.start(u, max);
        while (fragments.next(fragment)) publishOne(fragment);
    }

    private void publishOne(BookUpdate u) {
        long r;
        while ((r = bus.publishBookUpdate(u)) == BusResult.BACK_PRESSURED && open) Thread.onSpinWait();
        if (r < 0) publishRefusals++;
    }

    private void publishTrade() {
        long r;
        while ((r = bus.publishTrade(trade)) == BusResult.BACK_PRESSURED && open) Thread.onSpinWait();
        if (r < 0) publishRefusals++;
    }

    // ------------------------------------------------------------------ state and counters

    /** Symbols subscribed and not refused by the venue. */
    public synchronized int activeCount() {
        int n = 0;
        for (Book b : books) if (b.mdReqId != null && !b.rejected) n++;
        return n;
    }

    /** Symbols whose book is valid (from a snapshot, not invalidated since). */
    public int validCount() {
        return validCount;
    }

    /** True when at least one symbol is subscribed and every one not refused by the venue has a valid book. */
    public synchronized boolean allValid() {
        int active = 0;
        for (Book b : books) {
            if (b.mdReqId == null || b.rejected) continue;
            active++;
            if (!b.valid) return false;
        }
        return active > 0;
    }

    /** Whether {@code symbolId}'s book is valid. */
    public synchronized boolean isValid(int symbolId) {
        return symbolId >= 0 && symbolId < byId.length && byId[symbolId] != null && byId[symbolId].valid;
    }

    /** The venue's refusal of {@code symbolId}'s subscription, or null. */
    public synchronized String rejection(int symbolId) {
        return symbolId >= 0 && symbolId < byId.length && byId[symbolId] != null && byId[symbolId].rejected ? byId[symbolId].rejectText : null;
    }

    /** The current MDReqID of {@code symbolId}, or null. */
    public synchronized String mdReqId(int symbolId) {
        return symbolId >= 0 && symbolId < byId.length && byId[symbolId] != null ? byId[symbolId].mdReqId : null;
    }

    public long snapshots() { return snapshots; }
    public long incrementals() { return incrementals; }
    public long trades() { return trades; }
    public long rejects() { return rejects; }
    /** Book entries refused for a price or size not representable at the symbol's scale (or missing, or not a number). */
    public long scaleRefusals() { return scaleRefusals; }
    /** Trades refused for the same reasons. */
    public long tradeRefusals() { return tradeRefusals; }
    /** Messages or entries of an earlier subscription (another MDReqID). */
    public long staleMessages() { return staleMessages; }
    public long unknownSymbols() { return unknownSymbols; }
    public long skippedUntilSnapshot() { return skippedUntilSnapshot; }
    public long snapshotTrades() { return snapshotTrades; }
    public long otherEntries() { return otherEntries; }
    public long unsupportedActions() { return unsupportedActions; }
    public long publishRefusals() { return publishRefusals; }
    public long resubscribes() { return resubscribes; }
    public long republished() { return republished; }
    public long invalidations() { return invalidations; }
    public long droppedLevels() { return droppedLevels; }

    /** The counters in one line (flox:fixmd, the log at stop). Allocates. */
    public String counters() {
        return "snapshots " + snapshots + ", incrementals " + incrementals + ", trades " + trades + ", rejects " + rejects
                + ", price/size scale refusals " + scaleRefusals + " (trades " + tradeRefusals + "), invalidations " + invalidations
                + ", resubscribes " + resubscribes + ", stale " + staleMessages + ", unknown symbols " + unknownSymbols + ", skipped until snapshot "
                + skippedUntilSnapshot + ", snapshot trades " + snapshotTrades + ", other entries " + otherEntries + ", unsupported actions "
                + unsupportedActions + ", levels dropped " + droppedLevels + ", republished " + republished + ", bus refusals " + publishRefusals;
    }

    /** Per symbol: book valid or not, best bid and ask, counters. Allocates. */
    public synchronized String describeBooks() {
        StringBuilder sb = new StringBuilder();
        for (Book b : books) {
            sb.append("  ").append(b.symbol).append(": ");
            if (b.rejected) sb.append("refused by the venue (").append(b.rejectText).append(')');
            else if (b.mdReqId == null) sb.append("not subscribed");
            else if (!b.valid) sb.append("INVALID, waiting for a snapshot");
            else {
                sb.append("valid, ").append(b.book.bidLevels()).append('x').append(b.book.askLevels()).append(" levels");
                if (b.book.bidLevels() > 0) sb.append(", bid ").append(FixedPoint.format(b.book.bestBidPrice(), b.priceScale));
                if (b.book.askLevels() > 0) sb.append(", ask ").append(FixedPoint.format(b.book.bestAskPrice(), b.priceScale));
            }
            sb.append(", MDReqID ").append(b.mdReqId).append(", snapshots ").append(b.snapshots).append(", entries ").append(b.incrementals)
                    .append(", trades ").append(b.trades).append(", refusals ").append(b.refusals).append('\n');
        }
        return sb.toString();
    }
}
