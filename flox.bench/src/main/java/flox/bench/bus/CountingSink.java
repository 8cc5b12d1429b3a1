package flox.bench.bus;

import flox.api.event.TradeEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

abstract class CountingSinkPad extends BenchSink {
    @SuppressWarnings("unused") long p01, p02, p03, p04, p05, p06, p07;
}

abstract class CountingSinkFields extends CountingSinkPad {
    volatile long count;
    long lastId;
    long outOfOrder;
    long priceSum;
}

/**
 * Throughput subscriber: checks that trade ids arrive consecutively (publishers number them
 * 1, 2, 3...: a lost, duplicated or reordered event is counted in {@link #outOfOrder}), sums
 * the price (reads the payload) and publishes its count with a release store. Padded: one
 * consumer thread writes it. No allocation.
 */
final class CountingSink extends CountingSinkFields {
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
        if (id != lastId + 1) outOfOrder++;
        lastId = id;
        priceSum += trade.priceScaled();
        COUNT.setRelease(this, (long) COUNT.get(this) + 1);
    }

    long count() {
        return (long) COUNT.getAcquire(this);
    }
}
