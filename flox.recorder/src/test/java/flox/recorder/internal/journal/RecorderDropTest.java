package flox.recorder.internal.journal;

import static flox.recorder.internal.journal.JournalRoundTripTest.assertBook;
import static flox.recorder.internal.journal.JournalRoundTripTest.assertExecution;
import static flox.recorder.internal.journal.JournalRoundTripTest.assertTrade;
import static flox.recorder.internal.journal.JournalRoundTripTest.assertVenue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.EventKind;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.order.Side;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.agrona.BitUtil;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the recorder drops, and that it drops only that: a full ring (the writer held, as a slow
 * disk would hold it) drops and counts per kind without ever blocking the publisher, and the
 * journal then holds exactly the events the ring took, in order, field by field; an event larger
 * than the ring takes is counted and the events around it are written.
 */
@Timeout(60)
class RecorderDropTest {
    /** A small ring: about 60 of the mixed events below; the largest entry it takes is 1 KiB (an eighth). */
    private static final int RING = 8 << 10;
    /** The publisher must be done within this while the writer is held; it takes well under a millisecond. */
    private static final long PUBLISH_LIMIT_MS = 10_000;

    @TempDir
    Path dir;

    private final GatedClock clock = new GatedClock();

    private Recorder recorder(int ringBytes) throws Exception {
        Recorder r = new Recorder(dir, 1 << 20, 64 << 20, ringBytes, new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of()),
                JournalTestSupport.registry(), clock);
        r.start();
        return r;
    }

    /** One event as published: its kind and its own copy (the reader's events are compared against it). */
    private record Published(EventKind kind, Object event, int entryLength) {
    }

    /** Event {@code i} of a mix of every kind and several sizes, each with fields of its own. */
    private static Published event(int i) {
        switch (i % 6) {
            case 0: {
                BookUpdate b = JournalTestSupport.book(1 + i % 5, i % 2, i);
                return new Published(EventKind.BOOK_UPDATE, b, EventEncoder.length(b));
            }
            case 1:
            case 3: {
                TradeEvent t = JournalTestSupport.trade(i % 2, i);
                return new Published(EventKind.TRADE, t, EventEncoder.tradeLength());
            }
            case 2: {
                ExecutionEvent e = i % 4 == 0 ? JournalTestSupport.execution(i)
                        : new ExecutionEvent().reset(ExecType.ACCEPTED, 10_000 + i, i % 2, Side.BUY).order(300_000 + i, 7_000 + i)
                        .timestamps(JournalTestSupport.DAY_START + i, 40_000 + i);
                return new Published(EventKind.EXECUTION, e, EventEncoder.length(e));
            }
            case 4: {
                VenueStateEvent v = new VenueStateEvent().set("SIM", i % 3 == 0 ? VenueStateEvent.ALL_SYMBOLS : i % 2, VenueState.RATE_LIMITED,
                        VenueStateReason.RATE_LIMIT, JournalTestSupport.DAY_START + i, "429 #" + i, 60_000 + i);
                return new Published(EventKind.VENUE_STATE, v, EventEncoder.length(v));
            }
            default: {
                BookUpdate b = JournalTestSupport.book(8, i % 2, i); // larger: a smaller event may still fit after it is dropped
                return new Published(EventKind.BOOK_UPDATE, b, EventEncoder.length(b));
            }
        }
    }

    private static void publish(Recorder r, Published p) {
        switch (p.kind()) {
            case BOOK_UPDATE -> r.onBookUpdate((BookUpdate) p.event());
            case TRADE -> r.onTrade((TradeEvent) p.event());
            case VENUE_STATE -> r.onVenueState((VenueStateEvent) p.event());
            default -> r.onExecution((ExecutionEvent) p.event());
        }
    }

    /** Bytes an entry takes in the ring: Agrona's 8-byte record header, aligned to 8. */
    private static int slot(int entryLength) {
        return BitUtil.align(entryLength + RecordDescriptor.HEADER_LENGTH, RecordDescriptor.ALIGNMENT);
    }

    /** What a fill left: the events published, and of them those the ring took (by the model) and those it dropped per kind. */
    private record Fill(List<Published> published, List<Published> taken, Map<EventKind, Long> dropped, int usedBytes) {
    }

    /**
     * Holds the writer, then publishes {@code n} mixed events on a thread of their own (a bus's
     * publisher) and waits for it with a deadline: a publish that waited for room would never
     * return, since nothing drains the ring while the writer is held. The writer stays held.
     * Which events the ring takes is predicted independently: an entry fits while the bytes taken
     * plus its slot stay within the ring's capacity (nothing is consumed meanwhile).
     */
    private Fill fillWhileWriterHeld(Recorder r, int n) throws Exception {
        clock.hold();
        clock.awaitWriterHeld();
        List<Published> published = new ArrayList<>();
        for (int i = 0; i < n; i++) published.add(event(i));
        Thread publisher = new Thread(() -> {
            for (Published p : published) publish(r, p);
        }, "test-bus-publisher");
        publisher.setDaemon(true);
        publisher.start();
        publisher.join(PUBLISH_LIMIT_MS);
        assertFalse(publisher.isAlive(), "a publish blocked on the full ring (the writer is held: it would never return)");

        List<Published> taken = new ArrayList<>();
        Map<EventKind, Long> dropped = new EnumMap<>(EventKind.class);
        for (EventKind k : EventKind.values()) dropped.put(k, 0L);
        int used = 0;
        for (Published p : published) {
            int s = slot(p.entryLength());
            if (used + s <= r.ringCapacity()) {
                used += s;
                taken.add(p);
            } else {
                dropped.merge(p.kind(), 1L, Long::sum);
            }
        }
        return new Fill(published, taken, dropped, used);
    }

    @Test
    void shouldNeverBlockAPublisherAndCountEveryEventAFullRingCannotTakeUnderItsKind() throws Exception {
        Recorder r = recorder(RING);
        try {
            Fill f = fillWhileWriterHeld(r, 600); // ten times what the ring holds
            assertEquals(0, r.writer().events(), "the writer was held: nothing taken from the ring yet");
            assertEquals(f.usedBytes(), r.ringBacklog(), "the ring holds exactly the events predicted to fit");
            int smallest = f.published().stream().mapToInt(p -> slot(p.entryLength())).min().orElseThrow();
            assertTrue(r.ringCapacity() - r.ringBacklog() < smallest, "full: not even the smallest event fits");
            long total = 0;
            for (EventKind k : EventKind.values()) {
                assertTrue(f.dropped().get(k) > 0, "the fill drops some of every kind: " + f.dropped());
                assertEquals(f.dropped().get(k), r.droppedRingFull(k), "dropped " + k + " (ring full)");
                assertEquals(0, r.droppedTooLarge(k), "none too large: " + k);
                total += f.dropped().get(k);
            }
            assertEquals(total, r.droppedRingFull());
            assertEquals(f.published().size(), f.taken().size() + r.droppedRingFull(), "taken + dropped = published");
            assertEquals(0, r.droppedTooLarge());
            assertEquals(0, r.droppedFailed());
        } finally {
            clock.release();
            r.stop(10_000);
        }
    }

    @Test
    void shouldWriteExactlyTheEventsTheRingTookInOrderFieldByFieldAndRecordAgainOnceDrained() throws Exception {
        Recorder r = recorder(RING);
        Fill f;
        List<Published> after = new ArrayList<>();
        try {
            f = fillWhileWriterHeld(r, 600);
            clock.release();
            JournalTestSupport.await(() -> r.writer().events() == f.taken().size() && r.ringBacklog() == 0, "the ring drained into the journal");
            // the ring takes events again: 30 more (half the ring), none dropped
            for (int i = 600; i < 630; i++) after.add(event(i));
            for (Published p : after) publish(r, p);
            JournalTestSupport.await(() -> r.writer().events() == f.taken().size() + after.size(), "the events after the drain written");
        } finally {
            clock.release();
            r.stop(10_000);
        }
        assertFalse(r.isRunning(), "the recorder closed");
        long dropped = r.droppedRingFull() + r.droppedTooLarge() + r.droppedFailed();
        assertEquals(f.published().size() - f.taken().size(), r.droppedRingFull(), "nothing dropped after the drain");
        assertEquals(f.published().size() + after.size(), r.writer().events() + dropped, "written + dropped = published");

        List<Published> expected = new ArrayList<>(f.taken());
        expected.addAll(after);
        try (JournalReader reader = new JournalReader(dir, false)) {
            BookUpdate b = new BookUpdate(16);
            TradeEvent t = new TradeEvent();
            ExecutionEvent e = new ExecutionEvent();
            VenueStateEvent v = new VenueStateEvent();
            long lastRecorded = Long.MIN_VALUE;
            for (int i = 0; i < expected.size(); i++) {
                Published want = expected.get(i);
                assertTrue(reader.next(), "record " + i + " of " + expected.size() + " (" + want.kind() + ")");
                assertEquals(i, reader.sequence(), "no record missing between those written");
                assertTrue(reader.recordedEpochNs() > lastRecorded, "recorded in publish order at record " + i);
                lastRecorded = reader.recordedEpochNs();
                switch (want.kind()) {
                    case BOOK_UPDATE -> {
                        assertEquals(JournalFormat.TYPE_BOOK_UPDATE, reader.type(), "record " + i);
                        assertBook((BookUpdate) want.event(), reader.readBookUpdate(b));
                    }
                    case TRADE -> {
                        assertEquals(JournalFormat.TYPE_TRADE, reader.type(), "record " + i);
                        assertTrade((TradeEvent) want.event(), reader.readTrade(t));
                    }
                    case VENUE_STATE -> {
                        assertEquals(JournalFormat.TYPE_VENUE_STATE, reader.type(), "record " + i);
                        assertVenue((VenueStateEvent) want.event(), reader.readVenueState(v));
                    }
                    default -> {
                        assertEquals(JournalFormat.TYPE_EXECUTION, reader.type(), "record " + i);
                        assertExecution((ExecutionEvent) want.event(), reader.readExecution(e));
                    }
                }
            }
            assertFalse(reader.next(), "nothing after the events the ring took");
            assertTrue(reader.segmentClosed(), "closed with its SEGMENT_END");
            assertEquals(List.of(), reader.tornTails(), "no torn entry around the drops");
        }
    }

    @Test
    void shouldDropAnEventLargerThanTheRingTakesAndWriteTheEventsAroundIt() throws Exception {
        Recorder r = recorder(1 << 16); // takes entries up to 8 KiB
        int max = r.ringCapacity() / 8;
        BookUpdate huge = JournalTestSupport.book(300, 0, 7); // 600 levels: about 9.7 KB
        assertTrue(EventEncoder.length(huge) > max, EventEncoder.length(huge) + " bytes");
        // venue states around the limit: an entry of exactly the largest length is taken, one byte more is not
        VenueStateEvent empty = new VenueStateEvent().set("SIM", 0, VenueState.STALE, VenueStateReason.NONE, 0, "", 1);
        int room = max - EventEncoder.length(empty);
        VenueStateEvent atLimit = new VenueStateEvent().set("SIM", 0, VenueState.STALE, VenueStateReason.NONE, 0, "x".repeat(room), 2);
        VenueStateEvent overLimit = new VenueStateEvent().set("SIM", 1, VenueState.STALE, VenueStateReason.NONE, 0, "y".repeat(room + 1), 3);
        assertEquals(max, EventEncoder.length(atLimit));
        assertEquals(max + 1, EventEncoder.length(overLimit));
        TradeEvent before = JournalTestSupport.trade(0, 1);
        TradeEvent between = JournalTestSupport.trade(1, 2);
        BookUpdate small = JournalTestSupport.book(3, 1, 4);
        TradeEvent last = JournalTestSupport.trade(0, 3);
        try {
            r.onTrade(before);
            r.onBookUpdate(huge);
            r.onTrade(between);
            r.onBookUpdate(small);
            r.onVenueState(atLimit);
            r.onVenueState(overLimit);
            r.onTrade(last);
            JournalTestSupport.await(() -> r.ringBacklog() == 0 && r.writer().events() + r.droppedTooLarge() + r.droppedRingFull() == 7,
                    "each of the 7 events written or dropped");
        } finally {
            r.stop(10_000);
        }
        assertEquals(2, r.droppedTooLarge());
        assertEquals(1, r.droppedTooLarge(EventKind.BOOK_UPDATE));
        assertEquals(1, r.droppedTooLarge(EventKind.VENUE_STATE));
        assertEquals(0, r.droppedRingFull(), "not a full ring");
        assertEquals(0, r.writer().tooLarge(), "refused before the ring, not by the writer");
        assertEquals(5, r.writer().events(), "the five that fit written");
        assertEquals(7, r.writer().events() + r.droppedTooLarge(), "written + dropped = published");
        try (JournalReader reader = new JournalReader(dir, false)) {
            BookUpdate b = new BookUpdate(16);
            TradeEvent t = new TradeEvent();
            VenueStateEvent v = new VenueStateEvent();
            assertTrade(before, next(reader, JournalFormat.TYPE_TRADE).readTrade(t));
            assertTrade(between, next(reader, JournalFormat.TYPE_TRADE).readTrade(t));
            assertBook(small, next(reader, JournalFormat.TYPE_BOOK_UPDATE).readBookUpdate(b));
            assertVenue(atLimit, next(reader, JournalFormat.TYPE_VENUE_STATE).readVenueState(v));
            assertTrade(last, next(reader, JournalFormat.TYPE_TRADE).readTrade(t));
            assertFalse(reader.next(), "nothing else");
            assertEquals(List.of(), reader.tornTails());
        }
    }

    private static JournalReader next(JournalReader r, int type) {
        assertTrue(r.next(), "another record");
        assertEquals(JournalFormat.typeName(type), JournalFormat.typeName(r.type()));
        return r;
    }
}
