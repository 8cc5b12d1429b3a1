package flox.bus.internal.delivery;

import static flox.bus.internal.delivery.BusTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.BusResult;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A publish that cannot be copied must not leave its ring slot marked as being written: that
 * slot would hold up its readers and, a ring later, every producer.
 */
@Timeout(60)
class BadPublishTest {
    private static final int RING = 16;
    private final List<FanOutBus<?>> buses = new ArrayList<>();

    @AfterEach
    void stop() {
        for (FanOutBus<?> b : buses) b.stop();
    }

    private static BusSettings async() {
        return new BusSettings(BusSettings.Mode.ASYNC, RING, 4, 4, BusSettings.Idle.BACKOFF, 1_000_000_000L,
                1_000_000_000L, 1_000_000_000L, 250);
    }

    private static Subscription lossy(Object listener) {
        return new Subscription(listener, "lossy", 0, 0, 0, (1 << MarketDataSlot.BOOK) | (1 << MarketDataSlot.TRADE), null, true, false);
    }

    @Test
    void shouldRefuseNullEventsAsInvalidAndGoOnPublishing() {
        MarketDataFanOut md = new MarketDataFanOut("md", async(), null);
        ExecutionFanOut ex = new ExecutionFanOut("ex", async(), null);
        buses.add(md);
        buses.add(ex);
        md.open(false);
        ex.open(false);
        TradeRecorder r = new TradeRecorder("r");
        md.subscribe(lossy(r));
        assertEquals(BusResult.INVALID, md.publishTrade(null));
        assertEquals(BusResult.INVALID, md.publishBookUpdate(null));
        assertEquals(BusResult.INVALID, ex.publishExecution(null));
        TradeEvent t = new TradeEvent();
        for (int i = 0; i < 3 * RING; i++) {
            long id = TradeRecorder.tradeId(0, i);
            t.set(1, id, BusTestSupport.price(id), 1, Side.BUY, 0, 0);
            long seq = BusTestSupport.publishRetrying(md, t, 0, i);
            assertEquals(i, seq, "nothing was claimed for the refused events");
        }
        await("the last trade", 10_000, () -> r.lastIndex[0] == 3 * RING - 1, () -> "last " + r.lastIndex[0]);
    }

    /** A market-data engine whose copy into the ring throws for trades with a negative id. */
    static final class FailingCopyBus extends FanOutBus<MarketDataSlot> {
        FailingCopyBus() {
            super("failing", async(), null);
        }

        @Override MarketDataSlot newSlot() {
            return new MarketDataSlot(4);
        }

        @Override MarketDataSlot[] newSlots(int n) {
            return new MarketDataSlot[n];
        }

        @Override void stage(MarketDataSlot slot, int kind, Object event, boolean copy) {
            TradeEvent t = (TradeEvent) event;
            slot.copyTrade(t);
            if (t.tradeId() < 0) throw new IllegalStateException("copy failed half-way");
        }

        @Override void deliver(Subscription sub, MarketDataSlot slot) {
            ((TradeRecorder) sub.listener).onTrade(slot.trade);
        }
    }

    @Test
    void shouldPublishASlotWhoseCopyThrewAsSkippedSoNothingWaitsForIt() {
        FailingCopyBus bus = new FailingCopyBus();
        buses.add(bus);
        bus.open(false);
        TradeRecorder lossyReader = new TradeRecorder("lossy");
        TradeRecorder gatingReader = new TradeRecorder("gating");
        bus.subscribe(lossy(lossyReader));
        bus.subscribe(new Subscription(gatingReader, "gating", 0, 0, 1, 1 << MarketDataSlot.TRADE, null, false, true));
        TradeEvent bad = new TradeEvent().set(1, -1, 1, 1, Side.BUY, 0, 0);
        assertThrows(IllegalStateException.class, () -> bus.publish(MarketDataSlot.TRADE, bad), "the publisher learns of it");
        TradeEvent t = new TradeEvent();
        for (int i = 0; i < 3 * RING; i++) { // laps the failed slot: a producer would wait for it forever
            long id = TradeRecorder.tradeId(0, i);
            t.set(1, id, BusTestSupport.price(id), 1, Side.BUY, 0, 0);
            long seq;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((seq = bus.publish(MarketDataSlot.TRADE, t)) < 0) {
                assertTrue(System.nanoTime() < deadline, "publish #" + i + " refused for 10 s: " + BusResult.describe(seq));
            }
        }
        for (TradeRecorder r : new TradeRecorder[] {lossyReader, gatingReader}) {
            await(r.name + " past the failed slot", 10_000, () -> r.lastIndex[0] == 3 * RING - 1, () -> r.name + " last " + r.lastIndex[0]);
            assertEquals(0, r.torn, r.name + ": the half-copied trade was not delivered");
        }
        assertEquals(3 * RING, gatingReader.count, "every whole trade, not the failed one");
    }
}
