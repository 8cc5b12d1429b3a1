package flox.recorder.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.EventKind;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 0 B/event on the recorder's path: the publishing side (the bus thread's encode into the ring,
 * here the test thread) and the writer thread (ring to the mapped segment, CRC32C, commit),
 * measured with ThreadMXBean's per-thread allocated bytes over 200,000 mixed events.
 */
@Timeout(60)
class RecorderAllocationTest {
    private static final int WARM_UP = 100_000;
    private static final int MEASURED = 200_000;
    /**
     * What a thread may allocate over the measured round: 0.01 B/event, the bench's "nothing per
     * event". One object per event would be at least 16 B/event, 3.2 MB here; a one-off is not per
     * event (seen once in CI: 1,184 B on the writer over 200,000 events, likely the JIT deoptimizing
     * and rematerialising a scalar-replaced object).
     */
    private static final long ONE_OFF_BYTES = MEASURED / 100;

    @TempDir
    Path dir;

    @Test
    void shouldAllocateNothingPerRecordedEvent() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        // a segment holds warm-up and measured rounds: no roll (which allocates) in between
        Recorder r = new Recorder(dir, 512L << 20, 1L << 30, 1 << 20, new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of()),
                JournalTestSupport.registry(), new JournalTestSupport.TestClock());
        r.start();
        BookUpdate book = JournalTestSupport.book(10, 0, 1);
        TradeEvent trade = JournalTestSupport.trade(1, 1);
        ExecutionEvent exec = JournalTestSupport.execution(1);
        VenueStateEvent venue = JournalTestSupport.venue(1);

        publish(r, book, trade, exec, venue, WARM_UP);
        JournalTestSupport.await(() -> r.writer().events() == WARM_UP, "warm-up written");
        long writer = r.writerThreadId();
        long me = Thread.currentThread().getId();
        long writerBefore = threads.getThreadAllocatedBytes(writer);
        long mineBefore = threads.getThreadAllocatedBytes(me);
        publish(r, book, trade, exec, venue, MEASURED);
        long mine = threads.getThreadAllocatedBytes(me) - mineBefore;
        JournalTestSupport.await(() -> r.writer().events() == WARM_UP + MEASURED, "measured round written");
        long written = threads.getThreadAllocatedBytes(writer) - writerBefore;
        assertEquals(0, r.droppedRingFull(), "the test paces itself: nothing dropped");
        r.stop(5_000);
        assertTrue(mine < ONE_OFF_BYTES, "publishing side allocated " + mine + " bytes for " + MEASURED + " events");
        assertTrue(written < ONE_OFF_BYTES, "writer thread allocated " + written + " bytes for " + MEASURED + " events");
    }

    /** A mix of kinds; waits (spinning, no allocation) while the ring is more than half full, so nothing is dropped. */
    private static void publish(Recorder r, BookUpdate book, TradeEvent trade, ExecutionEvent exec, VenueStateEvent venue, int n) {
        for (int i = 0; i < n; i++) {
            while (r.ringBacklog() > r.ringCapacity() / 2) Thread.onSpinWait();
            switch (i & 7) {
                case 0, 1, 2: r.onBookUpdate(book); break;
                case 3, 4, 5: r.onTrade(trade); break;
                case 6: r.onExecution(exec); break;
                default: r.onVenueState(venue);
            }
        }
    }
}
