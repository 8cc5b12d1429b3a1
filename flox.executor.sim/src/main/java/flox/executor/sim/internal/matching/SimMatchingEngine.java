package flox.executor.sim.internal.matching;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.Liquidity;
import flox.api.event.TradeEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;

/**
 * The simulated venue for one symbol: matches the host's orders against the external market
 * book and against later market data, and reports every outcome to an {@link ExecutionSink}.
 *
 * <h2>Model</h2>
 * <ul>
 * <li><b>Taking.</b> An incoming order walks the opposite side of the external book
 *     ({@link MarketLevels}) best level first, at each level's price, up to its limit (MARKET:
 *     no limit). What it takes is remembered per price level ({@link LiquidityOverlay}) until
 *     market data updates that level, so the same displayed quantity is never filled twice.
 *     Host orders never trade with one another (one account: no wash trades).</li>
 * <li><b>Time in force.</b> GTC rests the remainder. IOC and MARKET expire it; FOK first checks
 *     that the whole quantity is available and otherwise takes nothing. POST_ONLY is rejected
 *     with {@link RejectReason#WOULD_TAKE_LIQUIDITY} if it would take anything. A remainder that
 *     cannot rest is reported EXPIRED with {@link RejectReason#NO_LIQUIDITY} and the cumulative
 *     quantity. REJECTED is for orders that never lived (rules, duplicate id, capacity, post-only
 *     cross); everything else is ACCEPTED first.</li>
 * <li><b>Resting.</b> Host orders rest in price-time priority. Each is assumed to be behind the
 *     external quantity displayed at its price when it rested ({@code queueAhead}). A public
 *     trade at price p whose aggressor is a seller fills, out of the trade's volume, resting
 *     buys priced above p (best first: they were in front) and then buys at p once the volume
 *     has used up the queue ahead of each; sells mirror this; an unknown aggressor reaches both
 *     sides. A book update that shrinks an order's level clamps its
 *     queue ahead to what is displayed. A book update whose opposite side crosses a resting
 *     order fills it against that liquidity (marked taken). A resting order is the maker: it
 *     fills at its own price.</li>
 * <li><b>Cancel / replace.</b> Only resting orders can be canceled or replaced; anything else
 *     (filled, canceled, expired, unknown: the race where the order finished first) gets
 *     CANCEL_REJECTED / REPLACE_REJECTED with {@link RejectReason#UNKNOWN_ORDER}. A replace keeps
 *     the exchange order id and its queue position unless the price changes or the quantity
 *     grows; a new quantity below the filled quantity is rejected, one equal to it finishes the
 *     order (REPLACED with cumulative = quantity). A replaced order that now crosses takes
 *     liquidity under its new id.</li>
 * </ul>
 * Reports carry increasing exec ids and exchange order ids from a {@link SimIdSequence}, and the
 * clock's time read once per call; the same input gives the same reports.
 *
 * <h2>Market data contract</h2>
 * Update the {@link MarketLevels} first, then call {@link #onBookUpdate} (or
 * {@link #onBookLevelChanged}/{@link #onBookReplaced} followed by {@link #matchCrossedOrders}).
 * The engine looks at no more than {@code maxLevels} levels per side.
 *
 * <p>Not thread-safe: owned by the executor's thread; the sink must not call back into it
 * (asserted under {@code -ea}). Zero allocation after construction: orders come from a
 * preallocated pool of {@code maxOrders}, and one {@link ExecutionEvent} flyweight carries every
 * report.
 */
public final class SimMatchingEngine {
    private static final String TEXT_UNSUPPORTED_TYPE = "stop orders are not supported by the simulated venue";
    private static final String TEXT_MISSING_FIELD = "side, order type or time in force is missing";
    private static final String TEXT_POST_ONLY_MARKET = "a market order cannot be post-only";
    private static final String TEXT_CAPACITY = "the simulated venue holds no more open orders for this symbol";
    private static final String TEXT_NOT_OPEN = "order is not open (filled, canceled, expired or unknown)";
    private static final String TEXT_BELOW_FILLED = "new quantity is below the filled quantity";
    private static final String TEXT_WRONG_SYMBOL = "request is for another symbol";

    private static final int BID = 0; // book sides: index of heads/tails/overlays
    private static final int ASK = 1;

    private final int symbolId;
    private final OrderRules rules;
    private final MarketLevels book;
    private final NanoClock clock;
    private final SimIdSequence ids;
    private final ExecutionSink sink;
    private final int maxLevels;
    private final long quantityUnit;
    private final int priceScale;
    /** Fees in hundredths of a basis point of the notional: maker (resting order filled) and taker. */
    private long makerFeeBpsX100;
    private long takerFeeBpsX100;

    private final ExecutionEvent report = new ExecutionEvent();
    private final SimOrder[] pool;
    private SimOrder freeList;
    private final LongIntHashMap resting;
    /** Resting host orders per side (BUY on BID, SELL on ASK), best first. */
    private final SimOrder[] heads = new SimOrder[2];
    private final SimOrder[] tails = new SimOrder[2];
    private final int[] restingCounts = new int[2];
    /** External liquidity taken by the host, per book side. */
    private final LiquidityOverlay[] overlays = new LiquidityOverlay[2];

    private long nowNs;
    private long nowEpochNs;
    private int depth;

    /**
     * @param symbol    the symbol and its trading rules
     * @param book      the external book of this symbol, kept current by the caller
     * @param clock     stamps reports; read once per call
     * @param ids       exec and exchange order ids (shared by the executor's engines)
     * @param sink      receives every report
     * @param maxOrders host orders open at once (resting, plus the one being handled)
     * @param maxLevels book levels per side the engine looks at
     */
    public SimMatchingEngine(SymbolInfo symbol, MarketLevels book, NanoClock clock, SimIdSequence ids,
                             ExecutionSink sink, int maxOrders, int maxLevels) {
        if (maxOrders <= 0 || maxLevels <= 0) throw new IllegalArgumentException("maxOrders and maxLevels must be > 0");
        this.symbolId = symbol.symbolId();
        this.rules = new OrderRules(symbol);
        this.book = book;
        this.clock = clock;
        this.ids = ids;
        this.sink = sink;
        this.maxLevels = maxLevels;
        this.quantityUnit = flox.api.num.FixedPoint.pow10(symbol.quantityScale());
        this.priceScale = symbol.priceScale();
        pool = new SimOrder[maxOrders];
        for (int i = maxOrders - 1; i >= 0; i--) {
            pool[i] = new SimOrder(i);
            pool[i].nextFree = freeList;
            freeList = pool[i];
        }
        resting = new LongIntHashMap(maxOrders);
        overlays[BID] = new LiquidityOverlay(maxLevels);
        overlays[ASK] = new LiquidityOverlay(maxLevels);
    }

    public int symbolId() {
        return symbolId;
    }

    /**
     * The fee schedule, in hundredths of a basis point of a fill's notional (1000 = 10 bps =
     * 0.1 %): charged in the quote currency at the price scale, rounded up to its unit; a
     * negative maker fee is a rebate. Same thread as the orders.
     */
    public void fees(long makerBpsX100, long takerBpsX100) {
        makerFeeBpsX100 = makerBpsX100;
        takerFeeBpsX100 = takerBpsX100;
    }

    // ------------------------------------------------------------------ orders

    /** A new order from {@code request}; rejected with UNKNOWN_SYMBOL if it is for another symbol. */
    public void submit(OrderRequest request) {
        if (request.symbolId() != symbolId) {
            enter();
            try {
                reject(request.clientOrderId(), request.side(), request.priceScaled(), request.quantityScaled(),
                        RejectReason.UNKNOWN_SYMBOL, TEXT_WRONG_SYMBOL);
            } finally {
                exit();
            }
            return;
        }
        submit(request.clientOrderId(), request.side(), request.orderType(), request.timeInForce(),
                request.priceScaled(), request.quantityScaled());
    }

    /** A new order; {@code priceScaled} is ignored for MARKET. Reports its whole outcome before returning. */
    public void submit(long clientOrderId, Side side, OrderType type, TimeInForce tif, long priceScaled, long quantityScaled) {
        enter();
        try {
            handleNew(clientOrderId, side, type, tif, type == OrderType.MARKET ? 0 : priceScaled, quantityScaled);
        } finally {
            exit();
        }
    }

    /** Cancels a resting order: CANCELED, or CANCEL_REJECTED (UNKNOWN_ORDER) if it is not open. */
    public void cancel(long clientOrderId) {
        enter();
        try {
            int index = resting.get(clientOrderId);
            if (index == LongIntHashMap.MISSING) {
                report.reset(ExecType.CANCEL_REJECTED, clientOrderId, symbolId, null)
                        .reason(RejectReason.UNKNOWN_ORDER, TEXT_NOT_OPEN);
                publish();
                return;
            }
            SimOrder o = pool[index];
            unlink(o);
            resting.remove(clientOrderId);
            emit(ExecType.CANCELED, o, 0, 0);
            release(o);
        } finally {
            exit();
        }
    }

    /**
     * Replaces a resting order's price and total quantity; the order carries on as
     * {@code newClientOrderId}. REPLACED, or REPLACE_REJECTED with the reason (the original stays).
     */
    public void replace(long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled) {
        enter();
        try {
            handleReplace(origClientOrderId, newClientOrderId, newPriceScaled, newQuantityScaled);
        } finally {
            exit();
        }
    }

    // ------------------------------------------------------------------ market data

    /**
     * The external book has just applied {@code update}: forgets the liquidity taken at the levels
     * it lists (all of them for a snapshot or an INVALID update), clamps queue positions, and
     * fills resting orders the book now crosses; after a CONTINUED fragment only once the last
     * fragment has been applied.
     */
    public void onBookUpdate(BookUpdate update) {
        if (update.symbolId() != symbolId) throw new IllegalArgumentException("update for symbol " + update.symbolId() + " sent to engine of " + symbolId);
        enter();
        try {
            if (update.type() == BookUpdate.Type.SNAPSHOT || update.isInvalid()) {
                bookReplaced();
            } else {
                for (int i = 0, n = update.bidCount(); i < n; i++) levelChanged(BID, update.bidPrice(i));
                for (int i = 0, n = update.askCount(); i < n; i++) levelChanged(ASK, update.askPrice(i));
            }
            if (!update.isContinued()) matchCrossed(); // a half-applied book may cross where the venue's never did
        } finally {
            exit();
        }
    }

    /** One external level ({@code bookSide} BUY = bids) changed; call {@link #matchCrossedOrders} after the batch. */
    public void onBookLevelChanged(Side bookSide, long priceScaled) {
        enter();
        try {
            levelChanged(bookSide == Side.BUY ? BID : ASK, priceScaled);
        } finally {
            exit();
        }
    }

    /** The external book was replaced whole; call {@link #matchCrossedOrders} after. */
    public void onBookReplaced() {
        enter();
        try {
            bookReplaced();
        } finally {
            exit();
        }
    }

    /** Fills resting orders that the external book crosses. */
    public void matchCrossedOrders() {
        enter();
        try {
            matchCrossed();
        } finally {
            exit();
        }
    }

    /** A public trade; see the class comment for which resting orders it fills. */
    public void onTrade(TradeEvent trade) {
        if (trade.symbolId() != symbolId) throw new IllegalArgumentException("trade for symbol " + trade.symbolId() + " sent to engine of " + symbolId);
        onTrade(trade.priceScaled(), trade.quantityScaled(), trade.aggressorSide());
    }

    /** A public trade of {@code quantityScaled} at {@code priceScaled}; {@code aggressor} null means unknown (both sides). */
    public void onTrade(long priceScaled, long quantityScaled, Side aggressor) {
        if (quantityScaled <= 0) return;
        enter();
        try {
            if (aggressor != Side.BUY) fillOnTrade(BID, priceScaled, quantityScaled);
            if (aggressor != Side.SELL) fillOnTrade(ASK, priceScaled, quantityScaled);
        } finally {
            exit();
        }
    }

    // ------------------------------------------------------------------ inspection (tests, tools)

    /** Resting host orders. */
    public int restingOrderCount() {
        return resting.size();
    }

    public boolean isResting(long clientOrderId) {
        return resting.get(clientOrderId) != LongIntHashMap.MISSING;
    }

    /** External quantity ahead of a resting order at its price, or -1 if it is not resting. */
    public long queueAheadOf(long clientOrderId) {
        int i = resting.get(clientOrderId);
        return i == LongIntHashMap.MISSING ? -1 : pool[i].queueAheadScaled;
    }

    /** Writes the ids of resting orders on {@code side} in priority order; returns how many (may exceed out.length). */
    public int restingOrders(Side side, long[] out) {
        int n = 0;
        for (SimOrder o = heads[sideIndex(side)]; o != null; o = o.next) {
            if (n < out.length) out[n] = o.clientOrderId;
            n++;
        }
        return n;
    }

    /** External quantity the host has taken at a level and the book has not updated since ({@code bookSide} BUY = bids). */
    public long takenAt(Side bookSide, long priceScaled) {
        return overlays[bookSide == Side.BUY ? BID : ASK].consumedAt(priceScaled);
    }

    /**
     * Checks the engine's internal invariants: queues sorted best first, every resting order
     * indexed, open and on a valid quantity, the pool accounted for. Returns null when they hold,
     * else what is wrong (allocates only then). For tests; walks everything.
     */
    String invariantViolation() {
        int linked = 0;
        for (int side = BID; side <= ASK; side++) {
            SimOrder prev = null;
            int count = 0;
            for (SimOrder o = heads[side]; o != null; o = o.next) {
                if (o.prev != prev) return "broken back link at " + o.clientOrderId;
                if (sideIndex(o.side) != side) return "order " + o.clientOrderId + " on the wrong side";
                if (prev != null && o.isPriceBetterThan(prev.priceScaled)) return "order " + o.clientOrderId + " ahead of a worse price";
                if (!o.isResting) return "linked order " + o.clientOrderId + " not marked resting";
                if (o.leavesScaled() <= 0 || o.filledScaled < 0) return "order " + o.clientOrderId + " leaves " + o.leavesScaled();
                if (o.queueAheadScaled < 0) return "order " + o.clientOrderId + " queue ahead " + o.queueAheadScaled;
                if (resting.get(o.clientOrderId) != o.poolIndex) return "order " + o.clientOrderId + " not indexed";
                prev = o;
                count++;
            }
            if (tails[side] != prev) return "tail of side " + side + " is not its last order";
            if (restingCounts[side] != count) return "side " + side + " counts " + restingCounts[side] + " but links " + count;
            linked += count;
        }
        if (resting.size() != linked) return "index holds " + resting.size() + " but queues " + linked;
        int free = 0;
        for (SimOrder o = freeList; o != null; o = o.nextFree) free++;
        if (free + linked != pool.length) return free + " free + " + linked + " resting != pool " + pool.length;
        return null;
    }

    // ------------------------------------------------------------------ new order

    private void handleNew(long id, Side side, OrderType type, TimeInForce tif, long price, long qty) {
        if (side == null || type == null || tif == null) {
            reject(id, side, price, qty, RejectReason.OTHER, TEXT_MISSING_FIELD);
            return;
        }
        if (type != OrderType.LIMIT && type != OrderType.MARKET) {
            reject(id, side, price, qty, RejectReason.OTHER, TEXT_UNSUPPORTED_TYPE);
            return;
        }
        if (resting.get(id) != LongIntHashMap.MISSING) {
            reject(id, side, price, qty, RejectReason.DUPLICATE_ORDER_ID, RejectReason.DUPLICATE_ORDER_ID.description());
            return;
        }
        RejectReason r;
        if (type == OrderType.LIMIT) {
            r = rules.checkLimit(price, qty);
        } else if (tif == TimeInForce.POST_ONLY) {
            reject(id, side, price, qty, RejectReason.OTHER, TEXT_POST_ONLY_MARKET);
            return;
        } else {
            r = rules.checkQuantity(qty);
            long reference = bestAvailablePrice(opposite(side)); // notional at the best price it could get
            if (r == RejectReason.NONE && reference > 0 && rules.isBelowMinNotional(reference, qty)) {
                r = RejectReason.BELOW_MIN_NOTIONAL;
            }
        }
        if (r != RejectReason.NONE) {
            reject(id, side, price, qty, r, r.description());
            return;
        }
        if (tif == TimeInForce.POST_ONLY && crosses(side, type, price)) {
            reject(id, side, price, qty, RejectReason.WOULD_TAKE_LIQUIDITY, RejectReason.WOULD_TAKE_LIQUIDITY.description());
            return;
        }
        SimOrder o = acquire();
        if (o == null) {
            reject(id, side, price, qty, RejectReason.OTHER, TEXT_CAPACITY);
            return;
        }
        o.clientOrderId = id;
        o.exchangeOrderId = ids.nextExchangeOrderId();
        o.side = side;
        o.orderType = type;
        o.timeInForce = tif;
        o.priceScaled = price;
        o.quantityScaled = qty;
        emit(ExecType.ACCEPTED, o, 0, 0);
        if (tif != TimeInForce.FOK || availableToTake(o) >= qty) {
            take(o);
        }
        if (o.leavesScaled() == 0) {
            release(o); // FILLED was reported
        } else if (type == OrderType.MARKET || tif == TimeInForce.IOC || tif == TimeInForce.FOK) {
            expire(o);
        } else {
            rest(o);
        }
    }

    private void expire(SimOrder o) {
        emitWithReason(ExecType.EXPIRED, o, RejectReason.NO_LIQUIDITY);
        release(o);
    }

    // ------------------------------------------------------------------ replace

    private void handleReplace(long origId, long newId, long newPrice, long newQty) {
        int index = resting.get(origId);
        if (index == LongIntHashMap.MISSING) {
            report.reset(ExecType.REPLACE_REJECTED, newId, symbolId, null).origClientOrderId(origId)
                    .reason(RejectReason.UNKNOWN_ORDER, TEXT_NOT_OPEN);
            publish();
            return;
        }
        SimOrder o = pool[index];
        if (newId == origId || resting.get(newId) != LongIntHashMap.MISSING) {
            replaceReject(o, newId, RejectReason.DUPLICATE_ORDER_ID, RejectReason.DUPLICATE_ORDER_ID.description());
            return;
        }
        RejectReason r = rules.checkLimit(newPrice, newQty);
        if (r != RejectReason.NONE) {
            replaceReject(o, newId, r, r.description());
            return;
        }
        if (newQty < o.filledScaled) {
            replaceReject(o, newId, RejectReason.INVALID_QUANTITY, TEXT_BELOW_FILLED);
            return;
        }
        if (o.timeInForce == TimeInForce.POST_ONLY && crosses(o.side, OrderType.LIMIT, newPrice)) {
            replaceReject(o, newId, RejectReason.WOULD_TAKE_LIQUIDITY, RejectReason.WOULD_TAKE_LIQUIDITY.description());
            return;
        }
        boolean losesPriority = newPrice != o.priceScaled || newQty > o.quantityScaled;
        resting.remove(origId);
        if (losesPriority) unlink(o);
        o.clientOrderId = newId;
        o.priceScaled = newPrice;
        o.quantityScaled = newQty;
        fillReport(ExecType.REPLACED, o, 0, 0);
        report.origClientOrderId(origId);
        publish();
        if (o.leavesScaled() == 0) { // reduced to what had filled: done
            unlink(o);
            release(o);
            return;
        }
        if (losesPriority) {
            take(o);
            if (o.leavesScaled() == 0) {
                release(o);
                return;
            }
            rest(o);
        } else {
            resting.put(newId, o.poolIndex);
        }
    }

    private void replaceReject(SimOrder o, long newId, RejectReason reason, String text) {
        report.reset(ExecType.REPLACE_REJECTED, newId, symbolId, o.side).origClientOrderId(o.clientOrderId)
                .exchangeOrderId(o.exchangeOrderId)
                .order(o.priceScaled, o.quantityScaled)
                .fill(0, 0, o.filledScaled)
                .reason(reason, text);
        publish();
    }

    // ------------------------------------------------------------------ taking liquidity

    /** Takes from the opposite side up to the order's limit and leaves quantity; reports each level's fill. */
    private void take(SimOrder o) {
        int bookSide = opposite(o.side);
        LiquidityOverlay overlay = overlays[bookSide];
        for (int level = 0, n = visibleLevels(bookSide); level < n && o.leavesScaled() > 0; level++) {
            long px = price(bookSide, level);
            if (o.orderType == OrderType.LIMIT && !isMarketable(o.side, o.priceScaled, px)) break;
            long available = quantity(bookSide, level) - overlay.consumedAt(px);
            if (available <= 0) continue;
            if (!overlay.hasRoomFor(px)) {
                overlay.compact(book, bookSide == ASK, maxLevels);
            }
            long q = Math.min(available, o.leavesScaled());
            overlay.add(px, q); // room guaranteed: after compaction only visible levels remain
            fill(o, px, q, Liquidity.TAKER);
        }
    }

    /** What the order could take now, capped at its quantity (FOK check). */
    private long availableToTake(SimOrder o) {
        int bookSide = opposite(o.side);
        LiquidityOverlay overlay = overlays[bookSide];
        long sum = 0;
        for (int level = 0, n = visibleLevels(bookSide); level < n && sum < o.quantityScaled; level++) {
            long px = price(bookSide, level);
            if (o.orderType == OrderType.LIMIT && !isMarketable(o.side, o.priceScaled, px)) break;
            long available = quantity(bookSide, level) - overlay.consumedAt(px);
            if (available > 0) sum += Math.min(available, o.quantityScaled - sum);
        }
        return sum;
    }

    /** True when an order on {@code side} at {@code price} would take anything now. */
    private boolean crosses(Side side, OrderType type, long price) {
        int bookSide = opposite(side);
        LiquidityOverlay overlay = overlays[bookSide];
        for (int level = 0, n = visibleLevels(bookSide); level < n; level++) {
            long px = price(bookSide, level);
            if (type == OrderType.LIMIT && !isMarketable(side, price, px)) return false;
            if (quantity(bookSide, level) > overlay.consumedAt(px)) return true;
        }
        return false;
    }

    /** Best price on {@code bookSide} with quantity not yet taken, or 0. */
    private long bestAvailablePrice(int bookSide) {
        LiquidityOverlay overlay = overlays[bookSide];
        for (int level = 0, n = visibleLevels(bookSide); level < n; level++) {
            long px = price(bookSide, level);
            if (quantity(bookSide, level) > overlay.consumedAt(px)) return px;
        }
        return 0;
    }

    private static boolean isMarketable(Side side, long limit, long bookPrice) {
        return side == Side.BUY ? bookPrice <= limit : bookPrice >= limit;
    }

    // ------------------------------------------------------------------ resting orders

    /** Links a live order into its side's queue behind the external quantity displayed at its price. */
    private void rest(SimOrder o) {
        int side = sideIndex(o.side);
        o.queueAheadScaled = displayedAt(side, o.priceScaled);
        SimOrder after = tails[side];
        while (after != null && o.isPriceBetterThan(after.priceScaled)) after = after.prev;
        o.prev = after;
        o.next = after == null ? heads[side] : after.next;
        if (o.next != null) o.next.prev = o; else tails[side] = o;
        if (after != null) after.next = o; else heads[side] = o;
        o.isResting = true;
        restingCounts[side]++;
        resting.put(o.clientOrderId, o.poolIndex); // cannot be full: the map holds as many as the pool
    }

    private void unlink(SimOrder o) {
        if (!o.isResting) return;
        int side = sideIndex(o.side);
        if (o.prev != null) o.prev.next = o.next; else heads[side] = o.next;
        if (o.next != null) o.next.prev = o.prev; else tails[side] = o.prev;
        o.prev = null;
        o.next = null;
        o.isResting = false;
        restingCounts[side]--;
    }

    /** A resting order traded {@code q}: report it, and retire it when done. */
    private void fillResting(SimOrder o, long px, long q) {
        fill(o, px, q, Liquidity.MAKER);
        if (o.leavesScaled() == 0) {
            unlink(o);
            resting.remove(o.clientOrderId);
            release(o);
        }
    }

    /** Trade volume on {@code side}'s passive orders: better-priced first, then those at the price behind their queue. */
    private void fillOnTrade(int side, long tradePrice, long volume) {
        long remaining = volume;
        SimOrder o = heads[side];
        while (o != null && remaining > 0) {
            SimOrder next = o.next;
            if (o.isPriceBetterThan(tradePrice)) {
                long q = Math.min(o.leavesScaled(), remaining);
                remaining -= q;
                fillResting(o, o.priceScaled, q);
            } else if (o.priceScaled == tradePrice) {
                // the volume reaching this order's place; orders behind it see what it leaves
                if (remaining <= o.queueAheadScaled) {
                    o.queueAheadScaled -= remaining;
                } else {
                    long q = Math.min(o.leavesScaled(), remaining - o.queueAheadScaled);
                    o.queueAheadScaled = 0;
                    remaining -= q;
                    fillResting(o, o.priceScaled, q);
                }
            } else {
                break; // worse than the trade: not reached
            }
            o = next;
        }
    }

    /** Fills resting orders that the external book's opposite side now crosses, at their own price. */
    private void matchCrossed() {
        matchCrossed(BID);
        matchCrossed(ASK);
    }

    private void matchCrossed(int side) {
        int bookSide = 1 - side;
        LiquidityOverlay overlay = overlays[bookSide];
        int n = visibleLevels(bookSide);
        int level = 0;
        SimOrder o = heads[side];
        while (o != null && level < n) {
            long px = price(bookSide, level);
            if (!isMarketable(o.side, o.priceScaled, px)) break; // later orders are priced worse
            long available = quantity(bookSide, level) - overlay.consumedAt(px);
            if (available <= 0) {
                level++;
                continue;
            }
            if (!overlay.hasRoomFor(px)) overlay.compact(book, bookSide == ASK, maxLevels);
            long q = Math.min(available, o.leavesScaled());
            overlay.add(px, q);
            SimOrder next = o.next;
            fillResting(o, o.priceScaled, q);
            if (!o.isResting) o = next;
        }
    }

    private void levelChanged(int bookSide, long price) {
        overlays[bookSide].clear(price);
        long displayed = -1;
        for (SimOrder o = heads[bookSide]; o != null; o = o.next) {
            if (o.priceScaled == price) {
                if (displayed < 0) displayed = displayedAt(bookSide, price);
                if (o.queueAheadScaled > displayed) o.queueAheadScaled = displayed;
            } else if (!o.isPriceBetterThan(price)) {
                break;
            }
        }
    }

    private void bookReplaced() {
        overlays[BID].clearAll();
        overlays[ASK].clearAll();
        for (int side = BID; side <= ASK; side++) {
            for (SimOrder o = heads[side]; o != null; o = o.next) {
                long displayed = displayedAt(side, o.priceScaled);
                if (o.queueAheadScaled > displayed) o.queueAheadScaled = displayed;
            }
        }
    }

    /** External quantity displayed at {@code price} on {@code bookSide} and not taken by the host. */
    private long displayedAt(int bookSide, long price) {
        for (int level = 0, n = visibleLevels(bookSide); level < n; level++) {
            long px = price(bookSide, level);
            if (px == price) return Math.max(0, quantity(bookSide, level) - overlays[bookSide].consumedAt(px));
            if (bookSide == BID ? px < price : px > price) return 0;
        }
        return 0;
    }

    // ------------------------------------------------------------------ reports

    private void fill(SimOrder o, long px, long q, Liquidity liquidity) {
        o.filledScaled += q;
        fillReport(o.leavesScaled() == 0 ? ExecType.FILLED : ExecType.PARTIALLY_FILLED, o, px, q);
        long bpsX100 = liquidity == Liquidity.MAKER ? makerFeeBpsX100 : takerFeeBpsX100;
        report.liquidity(liquidity).fee(fee(px, q, bpsX100), priceScale, null);
        publish();
    }

    /** The sim's fee model, not a venue path: in double, rounded up (a rebate towards zero) to the price unit. */
    private long fee(long px, long q, long bpsX100) {
        if (bpsX100 == 0) return 0;
        return (long) Math.ceil((double) px * q / quantityUnit * bpsX100 / 1_000_000.0);
    }


    private void emit(ExecType type, SimOrder o, long lastPx, long lastQty) {
        fillReport(type, o, lastPx, lastQty);
        publish();
    }

    private void emitWithReason(ExecType type, SimOrder o, RejectReason reason) {
        fillReport(type, o, 0, 0);
        report.reason(reason, reason.description());
        publish();
    }

    private void fillReport(ExecType type, SimOrder o, long lastPx, long lastQty) {
        report.reset(type, o.clientOrderId, symbolId, o.side)
                .exchangeOrderId(o.exchangeOrderId)
                .order(o.priceScaled, o.quantityScaled)
                .fill(lastPx, lastQty, o.filledScaled)
                .leaves(type == ExecType.CANCELED || type == ExecType.EXPIRED ? 0 : o.leavesScaled()); // REPLACED: the order carries on under the new id
    }

    private void reject(long id, Side side, long price, long qty, RejectReason reason, String text) {
        report.reset(ExecType.REJECTED, id, symbolId, side).order(price, qty).reason(reason, text);
        publish();
    }

    /** Stamps exec id and time on the report in hand and hands it to the sink. */
    private void publish() {
        report.execId(ids.nextExecId()).timestamps(nowEpochNs, nowNs);
        sink.onReport(report);
    }

    // ------------------------------------------------------------------ plumbing

    private void enter() {
        assert depth == 0 : "re-entrant call into SimMatchingEngine (from an ExecutionSink?)";
        depth++;
        nowNs = clock.nanoTime();
        nowEpochNs = clock.epochNanos();
    }

    private void exit() {
        depth--;
    }

    private SimOrder acquire() {
        SimOrder o = freeList;
        if (o != null) {
            freeList = o.nextFree;
            o.nextFree = null;
        }
        return o;
    }

    private void release(SimOrder o) {
        o.clear();
        o.nextFree = freeList;
        freeList = o;
    }

    private static int sideIndex(Side side) {
        return side == Side.BUY ? BID : ASK;
    }

    /** The book side an order on {@code side} takes from. */
    private static int opposite(Side side) {
        return side == Side.BUY ? ASK : BID;
    }

    private int visibleLevels(int bookSide) {
        return Math.min(bookSide == BID ? book.bidLevels() : book.askLevels(), maxLevels);
    }

    private long price(int bookSide, int level) {
        return bookSide == BID ? book.bidPrice(level) : book.askPrice(level);
    }

    private long quantity(int bookSide, int level) {
        return bookSide == BID ? book.bidQuantity(level) : book.askQuantity(level);
    }
}
