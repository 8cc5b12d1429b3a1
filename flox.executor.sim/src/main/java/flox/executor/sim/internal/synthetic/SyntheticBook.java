package flox.executor.sim.internal.synthetic;

import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import java.util.SplittableRandom;

/**
 * A seeded random-walk market for one symbol: a book of {@code depth} contiguous price levels a
 * side (one per tick), quantity changes near the top, one-tick moves of the touch, and trades at
 * the touch that consume liquidity (the trade comes first, the book change that follows is the
 * next event, as a venue publishes them). The same seed gives the same event sequence.
 *
 * <p>The first event is a snapshot; then deltas and trades. Prices are multiples of the tick at
 * the symbol's price scale; quantities are multiples of the lot.
 *
 * <p>Not thread-safe: one generating thread. No allocation after construction.
 */
public final class SyntheticBook {
    /** What {@link #next} wrote. */
    public static final int BOOK = 0;
    public static final int TRADE = 1;

    private final int symbolId;
    private final int depth;
    private final long tick;
    private final long lot;
    private final int maxLotsPerLevel;
    private final int tradePercent;
    private final int movePercent;
    private final SplittableRandom random;
    private final long[] bidLots;
    private final long[] askLots;
    private long bestBidTicks;
    private long bestAskTicks;
    private long updateId;
    private boolean snapshotSent;
    /** After a trade: the touch level it changed, to publish as the next event. */
    private boolean pendingTradeDelta;
    private Side pendingSide;
    private long pendingPriceTicks;
    private long pendingLots;

    /**
     * @param startPriceScaled initial best bid, at the symbol's price scale (rounded down to the tick)
     * @param depth levels per side
     */
    public SyntheticBook(int symbolId, long startPriceScaled, long tickScaled, long lotScaled, int depth, int maxLotsPerLevel,
                         int tradePercent, int movePercent, long seed) {
        if (tickScaled <= 0 || lotScaled <= 0 || depth < 2 || maxLotsPerLevel < 1) {
            throw new IllegalArgumentException("tick, lot > 0, depth >= 2, lots per level >= 1");
        }
        if (tradePercent < 0 || movePercent < 0 || tradePercent + movePercent > 100) {
            throw new IllegalArgumentException("trade and move percentages must be >= 0 and add up to at most 100");
        }
        this.symbolId = symbolId;
        this.depth = depth;
        this.tick = tickScaled;
        this.lot = lotScaled;
        this.maxLotsPerLevel = maxLotsPerLevel;
        this.tradePercent = tradePercent;
        this.movePercent = movePercent;
        this.random = new SplittableRandom(seed);
        this.bidLots = new long[depth];
        this.askLots = new long[depth];
        this.bestBidTicks = Math.max(depth + 1, startPriceScaled / tickScaled);
        this.bestAskTicks = bestBidTicks + 1;
        for (int i = 0; i < depth; i++) {
            bidLots[i] = randomLots();
            askLots[i] = randomLots();
        }
    }

    public int symbolId() {
        return symbolId;
    }

    public long bestBidPriceScaled() {
        return bestBidTicks * tick;
    }

    public long bestAskPriceScaled() {
        return bestAskTicks * tick;
    }

    /**
     * Makes the next event a full snapshot again, as venues resend them: subscribers that joined
     * late (or lost their book) get whole again. Does not change the random sequence of the market.
     */
    public void requestSnapshot() {
        snapshotSent = false;
    }

    /** Writes the next event into {@code book} or {@code trade}; returns {@link #BOOK} or {@link #TRADE}. */
    public int next(BookUpdate book, TradeEvent trade, long nowNs) {
        if (!snapshotSent) {
            snapshotSent = true;
            book.reset(symbolId, BookUpdate.Type.SNAPSHOT);
            int levels = Math.min(depth, book.capacity());
            for (int i = 0; i < levels; i++) {
                book.addBid((bestBidTicks - i) * tick, bidLots[i] * lot);
                book.addAsk((bestAskTicks + i) * tick, askLots[i] * lot);
            }
            return stamp(book, nowNs);
        }
        if (pendingTradeDelta) {
            pendingTradeDelta = false;
            book.reset(symbolId, BookUpdate.Type.DELTA);
            if (pendingSide == Side.BUY) book.addBid(pendingPriceTicks * tick, pendingLots * lot);
            else book.addAsk(pendingPriceTicks * tick, pendingLots * lot);
            if (pendingLots == 0) addFarLevel(book, pendingSide);
            return stamp(book, nowNs);
        }
        int r = random.nextInt(100);
        if (r < tradePercent) return trade(trade, nowNs);
        book.reset(symbolId, BookUpdate.Type.DELTA);
        if (r < tradePercent + movePercent) move(book, random.nextBoolean());
        else changeQuantity(book);
        return stamp(book, nowNs);
    }

    private int stamp(BookUpdate book, long nowNs) {
        updateId++;
        book.updateIds(updateId, updateId).timestamps(nowNs, nowNs);
        return BOOK;
    }

    /** A taker hits the touch; the level shrinks or goes (then the touch moves one tick away). */
    private int trade(TradeEvent trade, long nowNs) {
        boolean buyerAggressor = random.nextBoolean();
        long[] side = buyerAggressor ? askLots : bidLots;
        long priceTicks = buyerAggressor ? bestAskTicks : bestBidTicks;
        long lots = 1 + random.nextLong(side[0]);
        side[0] -= lots;
        pendingTradeDelta = true;
        pendingSide = buyerAggressor ? Side.SELL : Side.BUY;
        pendingPriceTicks = priceTicks;
        pendingLots = side[0];
        if (side[0] == 0) {
            shiftTowardsTouch(side);
            if (buyerAggressor) bestAskTicks++; else bestBidTicks--;
        }
        updateId++;
        trade.set(symbolId, updateId, priceTicks * tick, lots * lot, buyerAggressor ? Side.BUY : Side.SELL, nowNs, nowNs);
        return TRADE;
    }

    /** The far level that became visible after the touch level went. */
    private void addFarLevel(BookUpdate book, Side side) {
        if (side == Side.BUY) book.addBid((bestBidTicks - (depth - 1)) * tick, bidLots[depth - 1] * lot);
        else book.addAsk((bestAskTicks + (depth - 1)) * tick, askLots[depth - 1] * lot);
    }

    /** The touch moves one tick up (or down): a new level joins on one side, and the other side gives way if needed. */
    private void move(BookUpdate book, boolean up) {
        if (up) {
            if (bestBidTicks + 1 >= bestAskTicks) { // the ask touch is taken out first
                book.addAsk(bestAskTicks * tick, 0);
                shiftTowardsTouch(askLots);
                bestAskTicks++;
                book.addAsk((bestAskTicks + depth - 1) * tick, askLots[depth - 1] * lot);
            }
            book.addBid((bestBidTicks - (depth - 1)) * tick, 0); // the far bid leaves the window
            shiftAwayFromTouch(bidLots);
            bestBidTicks++;
            book.addBid(bestBidTicks * tick, bidLots[0] * lot);
        } else {
            if (bestAskTicks - 1 <= bestBidTicks) {
                book.addBid(bestBidTicks * tick, 0);
                shiftTowardsTouch(bidLots);
                bestBidTicks--;
                book.addBid((bestBidTicks - depth + 1) * tick, bidLots[depth - 1] * lot);
            }
            book.addAsk((bestAskTicks + depth - 1) * tick, 0);
            shiftAwayFromTouch(askLots);
            bestAskTicks--;
            book.addAsk(bestAskTicks * tick, askLots[0] * lot);
        }
    }

    private void changeQuantity(BookUpdate book) {
        int level = Math.min(depth - 1, Integer.numberOfTrailingZeros(random.nextInt() | (1 << 30))); // geometric: near the top
        long lots = randomLots();
        if (random.nextBoolean()) {
            bidLots[level] = lots;
            book.addBid((bestBidTicks - level) * tick, lots * lot);
        } else {
            askLots[level] = lots;
            book.addAsk((bestAskTicks + level) * tick, lots * lot);
        }
    }

    /** Level 0 went: every level moves one closer to the touch, a fresh one appears at the far end. */
    private void shiftTowardsTouch(long[] lots) {
        System.arraycopy(lots, 1, lots, 0, depth - 1);
        lots[depth - 1] = randomLots();
    }

    /** A new touch level: every level moves one further, the farthest leaves. */
    private void shiftAwayFromTouch(long[] lots) {
        System.arraycopy(lots, 0, lots, 1, depth - 1);
        lots[0] = randomLots();
    }

    private long randomLots() {
        return 1 + random.nextInt(maxLotsPerLevel);
    }
}
