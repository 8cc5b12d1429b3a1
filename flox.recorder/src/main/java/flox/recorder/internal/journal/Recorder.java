package flox.recorder.internal.journal;

import flox.api.event.BookUpdate;
import flox.api.event.EventKind;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The recorder without OSGi: the bus callbacks ({@link #onBookUpdate} and the others, called
 * inline by the buses' publishers, one thread at a time per bus) encode the event straight
 * into an Agrona {@link ManyToOneRingBuffer} (a claim is a CAS on its tail: no lock), and one writer
 * thread ("flox-recorder") moves the entries into the {@link JournalWriter}. A full ring drops the
 * event and counts it ({@link #droppedRingFull()}): the recorder never waits, so it never slows
 * a bus. What is recorded is filtered by kind and symbol ({@link Filter}). Segments are made and
 * closed ahead by the writer's segment thread ("flox-recorder-segments").
 *
 * <p>Allocation: none per event, on the callers' threads or the writer's (a new symbol allocates,
 * and a roll when no prepared segment was ready). Counters are readable from any thread.
 */
public final class Recorder {
    private static final System.Logger LOG = System.getLogger("flox.recorder");

    /** What is recorded: event kinds, and symbols by name (empty: all). */
    public record Filter(Set<EventKind> kinds, List<String> symbols) {
    }

    private final JournalWriter writer;
    private final ManyToOneRingBuffer ring;
    private final Filter filter;
    private final SymbolRegistry registry;
    private final NanoClock clock;
    private final boolean[] kinds = new boolean[EventKind.values().length];
    private final EventEncoder marketDataEncoder = new EventEncoder();
    private final EventEncoder executionEncoder = new EventEncoder();
    /** Per kind: each kind comes from one bus, which delivers on one thread at a time, so each slot has one writer (lazySet, no locked instruction). */
    private final AtomicLongArray droppedRingFull = new AtomicLongArray(EventKind.values().length);
    private final AtomicLongArray droppedTooLarge = new AtomicLongArray(EventKind.values().length);
    private final AtomicLongArray droppedFailed = new AtomicLongArray(EventKind.values().length);
    private final AtomicLong writerDroppedFailed = new AtomicLong();
    private final AtomicLongArray filtered = new AtomicLongArray(EventKind.values().length);
    /**
     * Parks when the ring is empty, 1 ms first and up to 8 ms while it stays empty: a journal
     * needs no microsecond hand-off (8 ms at 1 M events/s is 1 MiB of the 8 MiB ring), and on 2
     * cores every wake-up counts (a spinning or yielding writer cost a fifth of a core, one that
     * slept 1 ms each time 2 %; /proc, default run).
     */
    private final IdleStrategy idle = new BackoffIdleStrategy(0, 0, 1_000_000L, 8_000_000L);
    private volatile boolean[] symbolAllowed = new boolean[0];
    private volatile int symbolsResolvedAt = -1;
    private volatile boolean running;
    private volatile boolean accepting;
    private volatile String failure;
    private Thread thread;
    private final org.agrona.concurrent.MessageHandler handler = this::write;
    /**
     * Writer thread: wall clock minus monotonic clock, sampled before each batch. The callers stamp
     * an entry with the monotonic clock (an intrinsic: {@code epochNanos()} costs a JNI call more,
     * measured at about 45 % of an encode) and the writer turns it into the recorded epoch time.
     */
    private long epochOffsetNs;

    /**
     * @param dir            journal directory
     * @param segmentSize    bytes of a segment
     * @param retentionBytes most bytes of segments kept
     * @param ringBytes      the recorder's ring between the bus threads and the writer (a power of two)
     * @param filter         kinds and symbols recorded
     * @param registry       the symbols named in segment headers
     * @param clock          the recorded wall-clock time
     */
    public Recorder(Path dir, long segmentSize, long retentionBytes, int ringBytes, Filter filter, SymbolRegistry registry, NanoClock clock) {
        this(dir, segmentSize, retentionBytes, ringBytes, filter, registry, clock, true);
    }

    /**
     * As above; {@code syncOnRoll}: msync each segment when it is closed (on the writer's segment
     * thread, see {@link JournalWriter}).
     */
    public Recorder(Path dir, long segmentSize, long retentionBytes, int ringBytes, Filter filter, SymbolRegistry registry, NanoClock clock,
                    boolean syncOnRoll) {
        this.writer = new JournalWriter(dir, segmentSize, retentionBytes, registry, clock, syncOnRoll, true);
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(ringBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.filter = filter;
        this.registry = registry;
        this.clock = clock;
        for (EventKind k : filter.kinds()) kinds[k.ordinal()] = true;
    }

    /** Opens the first segment and starts the writer thread; the callbacks record from then on. */
    public void start() {
        writer.open();
        resolveSymbols();
        running = true;
        accepting = true;
        thread = new Thread(this::run, "flox-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops accepting, writes what the ring holds, closes the segment (SEGMENT_END); waits up to {@code timeoutMs}. */
    public void stop(long timeoutMs) {
        accepting = false;
        running = false;
        Thread t = thread;
        if (t == null) return;
        try {
            t.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) LOG.log(System.Logger.Level.WARNING, "flox-recorder did not stop within " + timeoutMs + " ms; the segment stays open");
    }

    /**
     * The wall clock's offset from the monotonic one, for the next batch: one reading when it
     * agrees with the last offset within a millisecond (the usual case), else taken until two
     * readings in a row agree. On a replay's market clock both clocks read the data's time (offset
     * 0), and one that moved between its two reads (from 0 to the first event's time, at the
     * start) would otherwise stamp a batch decades early. Writer thread.
     */
    private long sampleEpochOffset() {
        long o = clock.epochNanos() - clock.nanoTime();
        if (Math.abs(o - epochOffsetNs) < 1_000_000) return o;
        for (int i = 0; i < 3; i++) {
            long again = clock.epochNanos() - clock.nanoTime();
            if (Math.abs(again - o) < 1_000_000) return again;
            o = again;
        }
        return epochOffsetNs; // the clock kept moving: the last good offset
    }

    private void run() {
        try {
            while (running) {
                epochOffsetNs = sampleEpochOffset();
                idle.idle(ring.read(handler, 1024));
            }
            epochOffsetNs = sampleEpochOffset();
            while (ring.read(handler, Integer.MAX_VALUE) > 0) {
                // drain what was claimed before stop
            }
        } catch (RuntimeException | InternalError e) { // InternalError: a page of the mapping the disk could not back (SIGBUS)
            fail(e);
        } finally {
            try {
                writer.close();
            } catch (RuntimeException | InternalError e) {
                fail(e);
            }
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e.getMessage();
            LOG.log(System.Logger.Level.ERROR, "recorder FAILED, nothing more is recorded: " + e.getMessage(), e);
        }
        accepting = false;
        running = false;
    }

    private void write(int type, MutableDirectBuffer buffer, int index, int length) {
        if (failure != null) {
            writerDroppedFailed.lazySet(writerDroppedFailed.get() + 1);
            return;
        }
        writer.append(type, buffer, index, length, epochOffsetNs);
    }

    /** Market-data thread: a book update. */
    public void onBookUpdate(BookUpdate u) {
        if (!accept(EventKind.BOOK_UPDATE, u.symbolId())) return;
        int i = claim(EventKind.BOOK_UPDATE, JournalFormat.TYPE_BOOK_UPDATE, EventEncoder.length(u));
        if (i < 0) return;
        marketDataEncoder.encode(u, clock.nanoTime(), ring.buffer(), i);
        ring.commit(i);
    }

    /** Market-data thread: a trade. */
    public void onTrade(TradeEvent t) {
        if (!accept(EventKind.TRADE, t.symbolId())) return;
        int i = claim(EventKind.TRADE, JournalFormat.TYPE_TRADE, EventEncoder.tradeLength());
        if (i < 0) return;
        marketDataEncoder.encode(t, clock.nanoTime(), ring.buffer(), i);
        ring.commit(i);
    }

    /** Market-data thread: a venue state (a venue-wide one passes every symbol filter). */
    public void onVenueState(VenueStateEvent s) {
        if (!accept(EventKind.VENUE_STATE, s.symbolId())) return;
        int i = claim(EventKind.VENUE_STATE, JournalFormat.TYPE_VENUE_STATE, EventEncoder.length(s));
        if (i < 0) return;
        marketDataEncoder.encode(s, clock.nanoTime(), ring.buffer(), i);
        ring.commit(i);
    }

    /** Execution thread: an execution report. */
    public void onExecution(ExecutionEvent e) {
        if (!accept(EventKind.EXECUTION, e.symbolId())) return;
        int i = claim(EventKind.EXECUTION, JournalFormat.TYPE_EXECUTION, EventEncoder.length(e));
        if (i < 0) return;
        executionEncoder.encode(e, clock.nanoTime(), ring.buffer(), i);
        ring.commit(i);
    }

    /** A slot of the ring for {@code length} bytes; -1 (counted) when the ring is full or the entry larger than the ring takes. */
    private int claim(EventKind kind, int type, int length) {
        if (length > ring.maxMsgLength()) {
            increment(droppedTooLarge, kind);
            return -1;
        }
        int i = ring.tryClaim(type, length);
        if (i < 0) {
            increment(droppedRingFull, kind);
            return -1;
        }
        return i;
    }

    private static void increment(AtomicLongArray counters, EventKind kind) {
        int k = kind.ordinal();
        counters.lazySet(k, counters.get(k) + 1);
    }

    private boolean accept(EventKind kind, int symbolId) {
        if (!accepting) {
            if (failure != null) increment(droppedFailed, kind);
            return false;
        }
        if (!kinds[kind.ordinal()]) {
            increment(filtered, kind);
            return false;
        }
        if (filter.symbols().isEmpty() || symbolId < 0) return true;
        boolean[] allowed = symbolAllowed;
        if (symbolId >= allowed.length) {
            if (registry.size() != symbolsResolvedAt) resolveSymbols(); // a symbol registered since: cold
            allowed = symbolAllowed;
        }
        if (symbolId < allowed.length && allowed[symbolId]) return true;
        increment(filtered, kind);
        return false;
    }

    private synchronized void resolveSymbols() {
        int size = registry.size();
        boolean[] allowed = new boolean[size];
        for (String name : filter.symbols()) {
            int colon = name.indexOf(':');
            int id = colon < 0 ? -1 : registry.resolve(name.substring(0, colon), name.substring(colon + 1));
            if (id >= 0 && id < size) allowed[id] = true;
        }
        symbolAllowed = allowed;
        symbolsResolvedAt = size;
    }

    /** {@return the writer (its counters, its current file)} */
    public JournalWriter writer() {
        return writer;
    }

    /** {@return events dropped because the recorder's ring was full (the writer behind)} */
    public long droppedRingFull() {
        return sum(droppedRingFull);
    }

    /** {@return events of {@code kind} dropped because the recorder's ring was full} */
    public long droppedRingFull(EventKind kind) {
        return droppedRingFull.get(kind.ordinal());
    }

    /** {@return events dropped as larger than the ring takes (an eighth of it)} */
    public long droppedTooLarge() {
        return sum(droppedTooLarge);
    }

    /** {@return events of {@code kind} dropped as larger than the ring takes} */
    public long droppedTooLarge(EventKind kind) {
        return droppedTooLarge.get(kind.ordinal());
    }

    /** {@return events dropped after the writer failed} */
    public long droppedFailed() {
        return sum(droppedFailed) + writerDroppedFailed.get();
    }

    private static long sum(AtomicLongArray a) {
        long n = 0;
        for (int i = 0; i < a.length(); i++) n += a.get(i);
        return n;
    }

    /** {@return events not recorded by the kinds or symbols filter, per kind} */
    public long filtered(EventKind kind) {
        return filtered.get(kind.ordinal());
    }

    /** {@return bytes waiting in the ring} */
    public int ringBacklog() {
        return ring.size();
    }

    /** {@return the ring's capacity in bytes} */
    public int ringCapacity() {
        return ring.capacity();
    }

    /** {@return the reason the writer stopped, null while it works} */
    public String failure() {
        return failure;
    }

    /** {@return whether the writer thread runs} */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** {@return the filter in force} */
    public Filter filter() {
        return filter;
    }

    /** {@return the writer thread's id, for allocation tests; -1 before start} */
    long writerThreadId() {
        Thread t = thread;
        return t == null ? -1 : t.getId();
    }

    /** @return the ring, for tests */
    RingBuffer ring() {
        return ring;
    }
}
