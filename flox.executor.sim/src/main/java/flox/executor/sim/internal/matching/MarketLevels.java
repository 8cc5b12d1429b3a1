package flox.executor.sim.internal.matching;

/**
 * Read-only view of one symbol's external L2 book (market data), as the matching engine needs
 * it. Level 0 is the best price; asks ascend and bids descend strictly; every quantity is
 * positive. Prices and quantities are fixed-point longs at the symbol's scales.
 *
 * <p>The book implementation satisfies this through a small adapter. Calls come from the
 * engine's thread only, between book updates; implementations must not allocate.
 */
public interface MarketLevels {
    int askLevels();

    long askPrice(int level);

    long askQuantity(int level);

    int bidLevels();

    long bidPrice(int level);

    long bidQuantity(int level);
}
