package flox.bus.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import flox.api.bus.BusResult;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A book update's flags reach every kind of subscriber: the bus copies events into its slots. */
@Timeout(60)
class BookFlagsDeliveryTest {
    static final int BOOKS = 1 << MarketDataSlot.BOOK;

    static final class Flags implements MarketDataSubscriber {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override public void onBookUpdate(BookUpdate u) {
            seen.add(u.type() + "/" + u.flags() + "/" + u.bidCount() + "/" + u.lastUpdateId());
        }
    }

    static void publishThree(MarketDataFanOut bus) {
        BookUpdate u = new BookUpdate(4);
        u.reset(0, BookUpdate.Type.SNAPSHOT).updateIds(0, 7).flags(BookUpdate.CONTINUED).addBid(100, 1);
        assertEquals(0, bus.publishBookUpdate(u));
        u.reset(0, BookUpdate.Type.DELTA).updateIds(0, 7).addBid(99, 1); // the last fragment
        assertEquals(1, bus.publishBookUpdate(u));
        assertEquals(2, bus.publishBookUpdate(u.resetInvalid(0).updateIds(0, 9)));
    }

    static final List<String> EXPECTED = List.of("SNAPSHOT/" + BookUpdate.CONTINUED + "/1/7", "DELTA/0/1/7", "SNAPSHOT/" + BookUpdate.INVALID + "/0/9");

    @Test
    void shouldDeliverFlagsThroughTheRingToLosslessAndLossyAgents() {
        MarketDataFanOut bus = new MarketDataFanOut("t", SyncDeliveryTest.settings(BusSettings.Mode.ASYNC), null);
        bus.open(false);
        Flags lossless = new Flags();
        Flags lossy = new Flags();
        bus.subscribe(new Subscription(lossless, "lossless", 0, 0, 1, BOOKS, null, false, true));
        bus.subscribe(new Subscription(lossy, "lossy", 0, 0, 2, BOOKS, null, true, false));
        publishThree(bus);
        BusTestSupport.await("three updates each", 10_000, () -> lossless.seen.size() == 3 && lossy.seen.size() == 3,
                () -> lossless.seen + " " + lossy.seen);
        assertEquals(EXPECTED, lossless.seen);
        assertEquals(EXPECTED, lossy.seen, "a lossy reader copies the slot again: the flags survive that copy too");
        bus.stop();
    }

    @Test
    void shouldDeliverFlagsInSyncMode() {
        MarketDataFanOut bus = new MarketDataFanOut("t", SyncDeliveryTest.settings(BusSettings.Mode.SYNC), null);
        bus.open(false);
        Flags inline = new Flags();
        bus.subscribe(new Subscription(inline, "inline", 0, 0, 1, BOOKS, null, false, true));
        publishThree(bus);
        assertEquals(EXPECTED, inline.seen);
        bus.stop();
    }

    @Test
    void shouldSayItsLevelLimitAndRefuseAnUpdateBeyondIt() {
        MarketDataFanOut bus = new MarketDataFanOut("t", SyncDeliveryTest.settings(BusSettings.Mode.ASYNC), null);
        bus.open(false);
        assertEquals(4, bus.maxBookLevels());
        BookUpdate u = new BookUpdate(8).reset(0, BookUpdate.Type.DELTA);
        for (int i = 0; i < bus.maxBookLevels(); i++) u.addAsk(100 + i, 1);
        assertEquals(0, bus.publishBookUpdate(u), "the limit itself fits");
        u.addAsk(200, 1);
        assertEquals(BusResult.INVALID, bus.publishBookUpdate(u));
        bus.stop();
    }
}
