package flox.bus.internal.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OneToManyBroadcastRingTest {
    static OneToManyBroadcastRing<RingTestSlot> ring(int size, long firstSequence) {
        RingTestSlot[] slots = new RingTestSlot[size];
        for (int i = 0; i < size; i++) slots[i] = new RingTestSlot();
        return new OneToManyBroadcastRing<>(slots, firstSequence, 1_000_000L);
    }

    static long claimAndPublish(OneToManyBroadcastRing<RingTestSlot> r) {
        long s = r.tryClaim();
        if (s < 0) return s;
        r.beginWrite(s).kind = 1;
        assertTrue(r.publish(s));
        return s;
    }

    @Test
    void shouldMakeEverySequenceUpToTheCursorReadableAndNothingBeyond() {
        OneToManyBroadcastRing<RingTestSlot> r = ring(8, 0);
        assertEquals(-1, r.available(0), "nothing published");
        long s = r.tryClaim();
        r.beginWrite(s);
        assertEquals(-1, r.available(0), "claimed and being written is not readable");
        r.publish(s);
        claimAndPublish(r);
        claimAndPublish(r);
        assertEquals(2, r.available(0));
        assertEquals(2, r.available(1), "a reader further on sees the same cursor");
    }

    @Test
    void shouldNotOverrunAGatingReaderAndSeeItsProgressAndItsLeave() {
        OneToManyBroadcastRing<RingTestSlot> r = ring(4, 0);
        BroadcastRing.RingReader reader = new BroadcastRing.RingReader();
        assertEquals(0, r.join(reader, true));
        for (int i = 0; i < 4; i++) assertEquals(i, claimAndPublish(r));
        assertEquals(BroadcastRing.FULL, r.tryClaim(), "sequence 4 would overwrite 0, unread");
        reader.position.setRelease(0);
        assertEquals(4, claimAndPublish(r), "the reader read 0: a slot is free");
        assertEquals(BroadcastRing.FULL, r.tryClaim());
        r.leave(reader);
        assertEquals(5, claimAndPublish(r), "no gating reader: the publisher goes on");
    }

    @Test
    void shouldSeeAReaderThatJoinsAfterTheMinimumWasCached() {
        OneToManyBroadcastRing<RingTestSlot> r = ring(4, 0);
        BroadcastRing.RingReader early = new BroadcastRing.RingReader();
        r.join(early, true);
        claimAndPublish(r);
        claimAndPublish(r);
        early.position.setRelease(1);
        for (int i = 0; i < 4; i++) claimAndPublish(r); // caches early's position 1: room up to 5
        BroadcastRing.RingReader late = new BroadcastRing.RingReader();
        assertEquals(6, r.join(late, true), "joins after the cursor (5)");
        early.position.setRelease(5);
        for (int i = 0; i < 4; i++) assertTrue(claimAndPublish(r) >= 0, "room for a ring past late's start");
        assertEquals(BroadcastRing.FULL, r.tryClaim(), "sequence 10 would overwrite 6, which late has not read");
    }

    @Test
    void shouldTellACopyingReaderItWasLapped() {
        OneToManyBroadcastRing<RingTestSlot> r = ring(2, 0);
        claimAndPublish(r);
        claimAndPublish(r);
        assertFalse(r.isLapped(0));
        long s = r.tryClaim(); // 2 reuses the slot of 0
        r.beginWrite(s);
        assertTrue(r.isLapped(0), "being rewritten for sequence 2: a copy of 0 may be torn");
        assertFalse(r.isLapped(1));
        assertFalse(r.isLapped(2));
    }

    @Test
    void shouldRefuseAPublishThatACloseLeftOutAndNeverDeliverIt() throws Exception {
        OneToManyBroadcastRing<RingTestSlot> r = ring(8, 0);
        claimAndPublish(r);
        long inFlight = r.tryClaim(); // claimed before the close, published after it was decided
        r.beginWrite(inFlight);
        long[] last = new long[1];
        Thread closer = new Thread(() -> last[0] = r.close());
        closer.start();
        closer.join();
        assertEquals(0, last[0], "the cursor stood still at 0 for the settle time");
        assertFalse(r.publish(inFlight), "published after the close decided its last sequence: refused");
        assertEquals(0, r.available(1), "readers stop at the last sequence");
        assertEquals(0, r.cursor());
        assertEquals(BroadcastRing.CLOSED, r.tryClaim());
        assertEquals(0, r.close(), "idempotent");
    }

    @Test
    void shouldCountInAPublishThatLandsWhileTheCloseSettles() throws Exception {
        OneToManyBroadcastRing<RingTestSlot> r = ring(8, 0);
        long inFlight = r.tryClaim();
        r.beginWrite(inFlight);
        long[] last = new long[1];
        Thread closer = new Thread(() -> last[0] = r.close());
        closer.start();
        while (!r.isClosed()) Thread.onSpinWait();
        boolean accepted = r.publish(inFlight); // waits for the decision when it sees closing
        closer.join();
        assertEquals(accepted ? 0 : -1, last[0], "accepted exactly when the close counted it in");
        assertEquals(last[0], r.available(0));
    }

    @Test
    void shouldContinueTheSequenceOfTheRingItReplaces() {
        OneToManyBroadcastRing<RingTestSlot> r = ring(4, 42);
        assertEquals(41, r.cursor());
        BroadcastRing.RingReader reader = new BroadcastRing.RingReader();
        assertEquals(42, r.join(reader, true));
        assertEquals(42, claimAndPublish(r));
        assertEquals(42, r.available(42));
    }

    @Test
    void shouldDecideAfterAHandshakeWithThePublisherThread() throws Exception {
        OneToManyBroadcastRing<RingTestSlot> r = ring(8, 0);
        java.util.concurrent.CountDownLatch published = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 3; i++) claimAndPublish(r);
            published.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "publisher");
        publisher.start();
        published.await();
        assertEquals(2, r.close(publisher), "the live publisher's three events are in");
        assertEquals(BroadcastRing.CLOSED, r.tryClaim());
        release.countDown();
        publisher.join();
        assertEquals(2, r.close(null), "decided once");
    }
}
