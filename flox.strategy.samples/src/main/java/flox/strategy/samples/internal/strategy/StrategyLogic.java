package flox.strategy.samples.internal.strategy;

import flox.api.book.OrderBook;
import flox.api.symbol.SymbolInfo;

/**
 * A strategy's decisions, free of threads and OSGi: the {@link StrategyDriver} calls it on one
 * thread at a time, with execution reports already applied to {@link #orders()}. Tests call it
 * directly with synthetic books.
 */
public interface StrategyLogic {
    /** The strategy's orders and inventory. */
    StrategyOrders orders();

    /**
     * The symbol became known (first market event): convert configured sizes to its scales.
     *
     * @return null when the configuration fits the symbol, else why not (the strategy then
     *         does not trade)
     */
    String bindSymbol(SymbolInfo symbol);

    /**
     * Decide on the book as it is after a market event; the driver calls it only with a
     * consistent book ({@link OrderBook#isConsistent()}: valid, not between fragments). {@code triggerNs} is the time of that
     * event (where the tick-to-trade of the orders sent now starts), {@code nowNs} the host clock.
     * Must not allocate.
     */
    void onBook(OrderBook book, long triggerNs, long nowNs);

    /**
     * The book became invalid (the feed lost the venue's book): no {@link #onBook} until the next
     * snapshot. Working orders were placed against a market no longer known: cancel them.
     */
    default void onBookInvalid() {
        orders().cancelAll();
    }

    /** The strategy stops deciding: cancel its working orders. Called with no decision in progress. */
    default void onStop() {
        orders().cancelAll();
    }
}
