package flox.bus.internal.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BroadcastRingTest {
    static ManyToManyBroadcastRing<RingTestSlot> ring(int size) {
        RingTestSlot[] slots = new RingTestSlot[size];
        for (int i = 0; i < size; i++) slots[i] = new RingTestSlot();
        return new ManyToManyBroadcastRing<>(slots);
    }

    /**
     * Two producers: the first claims and starts writing, then is descheduled mid-write; the
     * second claims the next sequence, writes and publishes it. Returns the first one's sequence.
     */
    static long slowWriterThenFastOne(ManyToManyBroadcastRing<RingTestSlot> r) {
        long slow = r.tryClaim();
        r.beginWrite(slow);
        long fast = r.tryClaim();
        r.beginWrite(fast);
        r.publish(fast);
        return slow;
    }

    @Test
    void shouldRefuseClaimsAfterCloseAndContinueTheSequenceAfterReopen() {
        ManyToManyBroadcastRing<RingTestSlot> r = ring(8);
        assertEquals(-1, r.close(), "nothing claimed yet");
        assertEquals(-1, r.cursor());
        assertEquals(BroadcastRing.CLOSED, r.tryClaim());
        r.reopen();
        assertEquals(0, r.tryClaim());
        assertEquals(1, r.tryClaim());
        assertEquals(1, r.close(), "the last claimed sequence");
        assertEquals(1, r.close(), "idempotent");
        assertEquals(1, r.cursor(), "the cursor reads the same while closed");
        assertEquals(BroadcastRing.CLOSED, r.tryClaim());
        r.reopen();
        r.reopen();
        assertEquals(2, r.tryClaim());
    }

    @Test
    void shouldBeFullForAGatingReaderAndFreeAgainWhenItMovesOrLeaves() {
        ManyToManyBroadcastRing<RingTestSlot> r = ring(4);
        BroadcastRing.RingReader reader = new BroadcastRing.RingReader();
        assertEquals(0, r.join(reader, true), "starts after the cursor");
        for (int i = 0; i < 4; i++) {
            long s = r.tryClaim();
            r.beginWrite(s);
            r.publish(s);
        }
        assertEquals(BroadcastRing.FULL, r.tryClaim());
        reader.position.setRelease(0);
        assertEquals(4, r.tryClaim(), "one slot freed");
        assertEquals(BroadcastRing.FULL, r.tryClaim());
        reader.detached = true;
        assertEquals(5, r.tryClaim(), "a detached reader does not gate");
        r.beginWrite(4);
        r.publish(4);
        r.beginWrite(5);
        r.publish(5);
        assertFalse(r.attach(reader), "at 0 with the cursor at 5 on a ring of 4: an in-flight claim could lap it; it stays detached");
        assertTrue(reader.detached);
        reader.position.setRelease(4); // it caught up
        assertTrue(r.attach(reader));
        assertEquals(6, claimAndPublish(r));
        assertEquals(7, claimAndPublish(r));
        assertEquals(8, claimAndPublish(r));
        assertEquals(BroadcastRing.FULL, r.tryClaim(), "attached again: it gates (the cached minimum was dropped)");
        r.leave(reader);
        assertEquals(9, r.tryClaim());
    }

    static long claimAndPublish(ManyToManyBroadcastRing<RingTestSlot> r) {
        long s = r.tryClaim();
        if (s >= 0) {
            r.beginWrite(s);
            r.publish(s);
        }
        return s;
    }

    /**
     * Issue 12 item 1: a producer scans the old membership and is descheduled; a required reader
     * joins at the cursor; the old readers consume past its start; the producer caches their
     * minimum. Later claims must still stop a ring ahead of the new reader, not of that minimum.
     */
    @Test
    void shouldNeverLetAMinimumScannedBeforeAJoinOverrunTheNewReader() {
        ManyToManyBroadcastRing<RingTestSlot> r = ring(4);
        BroadcastRing.RingReader old = new BroadcastRing.RingReader();
        r.join(old, true);
        for (int i = 0; i < 4; i++) claimAndPublish(r);
        old.position.setRelease(3); // cursor 3, every event consumed
        BroadcastRing.RingReader joined = new BroadcastRing.RingReader();
        long[] joinedAt = new long[1];
        r.afterGatingRead = () -> { // the producer below has read the membership [old] and is descheduled here
            joinedAt[0] = r.join(joined, true);
            for (int i = 0; i < 4; i++) assertTrue(claimAndPublish(r) >= 0, "within a ring of the joined reader");
            old.position.setRelease(7); // the old reader consumes past the new one's start
        };
        long claimed = r.tryClaim();
        assertEquals(4, joinedAt[0], "the new reader starts at 4");
        assertEquals(BroadcastRing.FULL, claimed, "sequence 8 would overwrite sequence 4, which the new reader has not read");
        assertEquals(BroadcastRing.FULL, r.tryClaim(), "nor may a later claim rely on a minimum cached from the old membership");
        joined.position.setRelease(4);
        assertEquals(8, r.tryClaim(), "free once the new reader has read sequence 4");
    }

    /** The same race against a detached reader gating again: a minimum scanned while it was detached is never cached for it. */
    @Test
    void shouldNeverLetAMinimumScannedWhileAReaderWasDetachedOverrunItOnceAttached() {
        ManyToManyBroadcastRing<RingTestSlot> r = ring(4);
        BroadcastRing.RingReader fast = new BroadcastRing.RingReader();
        BroadcastRing.RingReader slow = new BroadcastRing.RingReader();
        r.join(fast, true);
        r.join(slow, true);
        for (int i = 0; i < 4; i++) claimAndPublish(r);
        fast.position.setRelease(3);
        slow.position.setRelease(1);
        slow.detached = true; // the monitor found it stalled
        r.afterGatingScan = () -> assertTrue(r.attach(slow), "within a ring: it gates again"); // after a scan without it
        long claimed = r.tryClaim(); // in flight across the attach: allowed to take sequence 4 (slot of 0, read by both)
        assertEquals(4, claimed);
        r.beginWrite(claimed);
        r.publish(claimed);
        fast.position.setRelease(4);
        assertEquals(5, claimAndPublish(r), "slot of 1: read by the slow reader");
        assertEquals(BroadcastRing.FULL, r.tryClaim(), "sequence 6 would overwrite 2, which the attached reader has not read");
    }

    @Test
    void shouldNotLetAProducerLapAnotherStillWritingTheSlot() {
        ManyToManyBroadcastRing<RingTestSlot> r = ring(2); // no gating reader
        long slow = slowWriterThenFastOne(r);
        assertEquals(BroadcastRing.FULL, r.tryClaim(), "sequence 2 would share slot 0 with sequence 0, still being written");
        assertEquals(1, r.cursor(), "nothing claimed");
        r.publish(slow);
        assertEquals(2, r.tryClaim(), "free once sequence 0 is published");
    }

    @Test
    void shouldWaitForAWriterInProgressWhenItsOnlyGatingReaderIsDetached() {
        ManyToManyBroadcastRing<RingTestSlot> r = ring(2);
        BroadcastRing.RingReader reader = new BroadcastRing.RingReader();
        r.join(reader, true);
        long slow = slowWriterThenFastOne(r);
        assertEquals(BroadcastRing.FULL, r.tryClaim(), "the reader gates");
        reader.detached = true; // the monitor found it stalled
        assertEquals(BroadcastRing.FULL, r.tryClaim(), "sequence 0 is still being written");
        r.publish(slow);
        assertEquals(2, r.tryClaim());
    }

    @Test
    void shouldWaitForAWriterInProgressThatAReaderJoinedAfter() {
        ManyToManyBroadcastRing<RingTestSlot> r = ring(2);
        long slow = slowWriterThenFastOne(r);
        BroadcastRing.RingReader reader = new BroadcastRing.RingReader();
        assertEquals(2, r.join(reader, true), "joins at the cursor, past the unfinished sequence 0");
        reader.position.setRelease(1);
        assertEquals(BroadcastRing.FULL, r.tryClaim(), "the reader is past sequence 0, but its writer is not done");
        r.publish(slow);
        assertEquals(2, r.tryClaim());
    }

    @Test
    void shouldNotBeFullyPublishedWhileAnEarlierWriterIsStillWriting() {
        ManyToManyBroadcastRing<RingTestSlot> r = ring(4);
        assertTrue(r.isFullyPublished(), "nothing claimed");
        long slow = slowWriterThenFastOne(r);
        assertFalse(r.isFullyPublished(), "sequence 0 is still being written, although the cursor's slot is published");
        r.publish(slow);
        assertTrue(r.isFullyPublished());
    }

    @Test
    void shouldLetSerializedClaimsSkipWritingASlot() {
        RingTestSlot[] slots = {new RingTestSlot(), new RingTestSlot()};
        ManyToManyBroadcastRing<RingTestSlot> r = new ManyToManyBroadcastRing<>(slots, true); // sync mode: no lossy reader, nothing written
        for (long s = 0; s < 5; s++) assertEquals(s, r.tryClaim());
    }

    @Test
    void shouldMarkASlotBeingWrittenSoAnOverrunReaderNoticesIt() {
        ManyToManyBroadcastRing<RingTestSlot> r = ring(2);
        for (long s = 0; s < 2; s++) {
            r.beginWrite(r.tryClaim());
            r.publish(s);
        }
        assertEquals(0, r.publishedMark(0));
        long s2 = r.tryClaim(); // no gating reader: overwrites slot 0
        r.beginWrite(s2);
        assertTrue(ManyToManyBroadcastRing.isLapped(r.publishedMark(0), 0), "being rewritten for a later round");
        assertFalse(ManyToManyBroadcastRing.isLapped(r.publishedMark(2), 2), "not lapped for its own sequence, just not published yet");
        r.publish(s2);
        assertEquals(2, r.publishedMark(2));
        assertTrue(r.isFullyPublished());
    }
}
