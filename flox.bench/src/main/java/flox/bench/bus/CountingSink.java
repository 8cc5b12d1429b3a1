package flox.bench.bus;

import flox.api.event.TradeEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

abstract class CountingSinkPad extends BenchSink {
    @SuppressWarnings("unused") long p01, p02, p03, p04, p05, p06, p07;
}

abstract class CountingSinkFields extends CountingSinkPad {
    volatile long count;
    /**
     * Per publisher (the trade's symbol id): the last trade id seen, at {@code ID_BASE + p}. The
     * consumer writes it per event, so a cache line of unused longs on either side keeps it off
     * the lines of whatever the set-up allocated next (the bus or the Disruptor's fields, read by
     * the publisher per event).
     */
    final long[] lastId = new long[CountingSink.ID_BASE + CountingSink.MAX_PUBLISHERS + CountingSink.ID_BASE];
    long outOfOrder;
    long priceSum;
}

/**
 * Throughput subscriber: checks that each publisher's trade ids arrive consecutively (publisher
 * {@code p} sends symbol id {@code p} and numbers its trades 1, 2, 3...: a lost, duplicated or
 * reordered event is counted in {@link #outOfOrder}; publishers interleave freely), sums
 * the price (reads the payload) and publishes its count with a release store. Padded: one
 * consumer thread writes it. No allocation.
 */
final class CountingSink extends CountingSinkFields {
    static final int MAX_PUBLISHERS = 8;
    static final int ID_BASE = 8;
    @SuppressWarnings("unused") long p11, p12, p13, p14, p15, p16, p17;
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(CountingSinkFields.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void onTrade(TradeEvent trade) {
        long id = trade.tradeId();
        long[] last = lastId;
        int p = ID_BASE + trade.symbolId();
        if (id != last[p] + 1) outOfOrder++;
        last[p] = id;
        priceSum += trade.priceScaled();
        COUNT.setRelease(this, (long) COUNT.get(this) + 1);
    }

    long count() {
        return (long) COUNT.getAcquire(this);
    }

    /**
     * Waits up to 10 s until every sink has all {@code published} events, then checks that each
     * has exactly that many, in each publisher's order; throws naming {@code who} otherwise.
     */
    static void awaitAll(CountingSink[] sinks, long published, String who, Contender contender) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (CountingSink s : sinks) {
            while (s.count() < published) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(who + ": a subscriber has " + s.count() + " of "
                            + published + " events after 10 s: events lost or delivery hung. " + contender.problems());
                }
                Thread.yield();
            }
            if (s.count() != published || s.outOfOrder != 0) {
                throw new IllegalStateException(who + ": subscriber got " + s.count() + " events for "
                        + published + " published, " + s.outOfOrder + " out of a publisher's order");
            }
        }
    }
}
