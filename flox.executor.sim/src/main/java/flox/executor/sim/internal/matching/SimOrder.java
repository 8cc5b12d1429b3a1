package flox.executor.sim.internal.matching;

import flox.api.order.OrderType;
import flox.api.order.Side;
import flox.api.order.TimeInForce;

/**
 * One host order inside the engine: a preallocated, reused slot. While resting it is linked
 * into its side's queue in price-time priority.
 *
 * <p>Not thread-safe; owned by one {@link SimMatchingEngine}. No allocation.
 */
final class SimOrder {
    final int poolIndex;
    long clientOrderId;
    long exchangeOrderId;
    Side side;
    OrderType orderType;
    TimeInForce timeInForce;
    long priceScaled;
    long quantityScaled;
    long filledScaled;
    /** External displayed quantity ahead of this order at its price (queue-position model). */
    long queueAheadScaled;
    boolean isResting;
    SimOrder prev;
    SimOrder next;
    /** Free-list link while in the pool. */
    SimOrder nextFree;

    SimOrder(int poolIndex) {
        this.poolIndex = poolIndex;
    }

    long leavesScaled() {
        return quantityScaled - filledScaled;
    }

    /** True when {@code other} would trade ahead of this order at its price or better. */
    boolean isPriceBetterThan(long otherPriceScaled) {
        return side == Side.BUY ? priceScaled > otherPriceScaled : priceScaled < otherPriceScaled;
    }

    void clear() {
        clientOrderId = 0;
        exchangeOrderId = 0;
        side = null;
        orderType = null;
        timeInForce = null;
        priceScaled = 0;
        quantityScaled = 0;
        filledScaled = 0;
        queueAheadScaled = 0;
        isResting = false;
        prev = null;
        next = null;
    }
}
