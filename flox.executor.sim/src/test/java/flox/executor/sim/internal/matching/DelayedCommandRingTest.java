package flox.executor.sim.internal.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.OrderRequest;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DelayedCommandRingTest {
    private final List<String> seen = new ArrayList<>();
    private final SimCommandHandler recorder = c -> seen.add(c.kind() + ":" + c.clientOrderId() + "@" + c.dueNs());

    @Test
    void shouldReleaseCommandsOnlyOnceTheClockReachesTheirDueTime() {
        DelayedCommandRing ring = new DelayedCommandRing(8);
        ring.offerCancel(100, 1, 11);
        ring.offerCancel(150, 1, 12);
        assertEquals(100, ring.nextDueNs());
        assertEquals(0, ring.drain(99, 10, recorder));
        assertEquals(1, ring.drain(100, 10, recorder));
        assertEquals(List.of("CANCEL:11@100"), seen);
        assertEquals(1, ring.drain(1_000, 10, recorder));
        assertEquals(Long.MAX_VALUE, ring.nextDueNs());
        assertEquals(0, ring.size());
    }

    @Test
    void shouldNeverLetACommandOvertakeAnEarlierOne() {
        DelayedCommandRing ring = new DelayedCommandRing(8);
        ring.offerCancel(500, 1, 1);
        ring.offerCancel(300, 1, 2); // less latency, but sent later: waits for the first
        assertEquals(0, ring.drain(400, 10, recorder));
        assertEquals(2, ring.drain(500, 10, recorder));
        assertEquals(List.of("CANCEL:1@500", "CANCEL:2@500"), seen);
    }

    @Test
    void shouldCopyTheRequestAndTheReplaceFields() {
        DelayedCommandRing ring = new DelayedCommandRing(4);
        OrderRequest r = new OrderRequest().limit(7, 3, Side.SELL, 1_000, 5, TimeInForce.IOC);
        ring.offerNew(10, r);
        r.clear(); // the caller reuses its flyweight
        ring.offerReplace(20, 3, 7, 8, 990, 4);
        List<SimCommand> got = new ArrayList<>();
        ring.drain(20, 10, c -> {
            if (c.kind() == SimCommand.Kind.NEW) {
                assertEquals(7, c.request().clientOrderId());
                assertEquals(3, c.request().symbolId());
                assertEquals(Side.SELL, c.request().side());
                assertEquals(1_000, c.request().priceScaled());
                assertEquals(TimeInForce.IOC, c.request().timeInForce());
            } else {
                assertEquals(SimCommand.Kind.REPLACE, c.kind());
                assertEquals(7, c.clientOrderId());
                assertEquals(8, c.newClientOrderId());
                assertEquals(990, c.newPriceScaled());
                assertEquals(4, c.newQuantityScaled());
            }
            got.add(c);
        });
        assertEquals(2, got.size());
    }

    @Test
    void shouldRefuseWhenFullAndAcceptAgainAfterADrain() {
        DelayedCommandRing ring = new DelayedCommandRing(3); // rounded up to 4
        assertEquals(4, ring.capacity());
        for (int i = 0; i < 4; i++) assertTrue(ring.offerCancel(i, 1, i));
        assertFalse(ring.offerCancel(10, 1, 99));
        assertEquals(2, ring.drain(1, 10, recorder));
        assertTrue(ring.offerCancel(10, 1, 5));
        assertTrue(ring.offerCancel(10, 1, 6));
        assertFalse(ring.offerCancel(10, 1, 7));
        assertEquals(4, ring.drain(10, 10, recorder));
        assertEquals(List.of("CANCEL:0@0", "CANCEL:1@1", "CANCEL:2@2", "CANCEL:3@3", "CANCEL:5@10", "CANCEL:6@10"), seen);
    }

    @Test
    void shouldBoundTheWorkPerDrain() {
        DelayedCommandRing ring = new DelayedCommandRing(16);
        for (int i = 0; i < 10; i++) ring.offerCancel(0, 1, i);
        assertEquals(3, ring.drain(0, 3, recorder));
        assertEquals(7, ring.size());
    }

    @Test
    void shouldNotOverwriteTheCommandInHandWhenTheHandlerOffers() {
        DelayedCommandRing ring = new DelayedCommandRing(1);
        ring.offerCancel(0, 1, 1);
        ring.drain(0, 10, c -> {
            assertFalse(ring.offerCancel(5, 1, 2), "the slot in hand is not free yet");
            assertEquals(1, c.clientOrderId());
        });
        assertTrue(ring.offerCancel(5, 1, 2));
    }

    @Test
    void shouldMoveOnPastACommandWhoseHandlerThrew() {
        DelayedCommandRing ring = new DelayedCommandRing(4);
        ring.offerCancel(0, 1, 1);
        ring.offerCancel(0, 1, 2);
        assertThrows(IllegalStateException.class, () -> ring.drain(0, 10, c -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals(1, ring.drain(0, 10, recorder));
        assertEquals(List.of("CANCEL:2@0"), seen);
    }

    @Test
    void shouldRejectABadCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new DelayedCommandRing(0));
    }

    @Test
    void shouldNotAllocateOnOfferAndDrain() {
        DelayedCommandRing ring = new DelayedCommandRing(64);
        OrderRequest r = new OrderRequest().limit(1, 3, Side.BUY, 100, 1, TimeInForce.GTC);
        long[] count = new long[1];
        SimCommandHandler counter = c -> count[0]++;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        long allocated = 0;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(me);
            for (long t = 0; t < 100_000; t++) {
                ring.offerNew(t + 10, r);
                ring.offerCancel(t + 10, 3, t);
                ring.offerReplace(t + 10, 3, t, t + 1, 100, 1);
                ring.drain(t, 16, counter);
            }
            allocated = threads.getThreadAllocatedBytes(me) - before;
        }
        assertTrue(allocated < 1024, "allocated " + allocated);
        assertTrue(count[0] > 0);
    }
}
