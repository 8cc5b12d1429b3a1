package flox.recorder.internal.journal;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.recorder.internal.sbe.BookUpdateBodyEncoder;
import flox.recorder.internal.sbe.ExecutionBodyEncoder;
import flox.recorder.internal.sbe.MessageHeaderEncoder;
import flox.recorder.internal.sbe.SegmentEndEncoder;
import flox.recorder.internal.sbe.SymbolDefinitionEncoder;
import flox.recorder.internal.sbe.TradeBodyEncoder;
import flox.recorder.internal.sbe.VenueStateBodyEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends entries (see {@link EventEncoder}) to the journal's current segment, a file of
 * {@code segmentSize} bytes mapped read-write ({@link Segment}), and rolls to a new segment when
 * the next record does not fit or the UTC day of its recorded time moves on; the oldest segments
 * are deleted while the directory holds more than {@code retentionBytes}. Each record is committed
 * by storing its length last, with release ordering, after its body, header and CRC32C: a reader
 * (or a restart after {@code kill -9}) sees either the whole record or a length of 0
 * (docs/JOURNAL.md).
 *
 * <p>With {@code background} segments, a thread of its own ("flox-recorder-segments") creates the
 * next segment before it is needed (header written, pages touched), and closes the ones the writer
 * left (msync when {@code syncOnRoll}, unmap, truncate), then applies the retention: a roll on the
 * writer thread is a SEGMENT_END record, a queue offer and a swap, without a system call or an
 * allocation. When no prepared segment is ready (or it is of another day) the writer creates one
 * itself; when the queue of segments to close is full it closes the old one itself (both counted).
 * Without it, the writer does all of it at each roll.
 *
 * <p>One writer thread: every method but the counters' getters is for that thread only; the
 * getters are for any thread. {@link #append} allocates nothing, except when it meets a symbol
 * registered since the segment's header (a SYMBOL record) or rolls without a prepared segment.
 */
public final class JournalWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("flox.recorder");
    private static final int END_RESERVE = JournalFormat.align(JournalFormat.REC_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH
            + SegmentEndEncoder.BLOCK_LENGTH);
    /** How long the segment thread parks with nothing to do; a roll wakes it at once. */
    private static final long IDLE_PARK_NS = 100_000_000L;
    /** Segments the writer may leave to the segment thread before it closes one itself. */
    private static final int RETIRING_CAPACITY = 8;

    private final Path dir;
    private final long segmentSize;
    private final long retentionBytes;
    private final SymbolRegistry symbols;
    private final NanoClock clock;
    private final boolean syncOnRoll;
    private final boolean background;
    private final CRC32C crc = new CRC32C();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SymbolDefinitionEncoder symbolEncoder = new SymbolDefinitionEncoder();
    private final SegmentEndEncoder endEncoder = new SegmentEndEncoder();

    /** The lock file of a journal directory (see {@link #lock}). */
    public static final String LOCK_FILE = ".lock";

    private FileChannel lockChannel;
    private java.nio.channels.FileLock lockHeld;
    /** The writer's segment; null after a failed roll and after close. */
    private Segment segment;
    private UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private ByteBuffer crcView;
    private long number = -1;
    private long day;
    /** 2001-09-09, the first day of 19-digit epoch nanoseconds: a segment of an earlier day was opened on a clock not started. */
    static final long EPOCH_2001_DAY = JournalFormat.epochDay(1_000_000_000_000_000_000L);
    private int position;
    private int recordsStart;
    private int capacity;
    private long segmentRecords;
    private long sequence;
    private int knownSymbols;

    /**
     * Guards giving segment files their names and deleting them: the writer's roll (and the
     * segment it makes itself), the segment thread's renaming of the one it prepared under a
     * temporary name, the retention. So no two segments ever get the same number.
     */
    private final Object files = new Object();
    /** The next segment, made by the segment thread; guarded by {@link #files}. */
    private Segment prepared;
    /** The writer's segment number, for the segment thread (written under {@link #files}). */
    private volatile long currentNumber = -1;
    private final OneToOneConcurrentArrayQueue<Segment> retiring = new OneToOneConcurrentArrayQueue<>(RETIRING_CAPACITY);
    private Thread segmentThread;
    private volatile boolean segmentThreadRunning;

    private final AtomicLongArray written = new AtomicLongArray(JournalFormat.TYPE_EXECUTION + 1);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong segmentsOpened = new AtomicLong();
    private final AtomicLong rollsPrepared = new AtomicLong();
    private final AtomicLong closedOnWriter = new AtomicLong();
    private final AtomicLong segmentThreadFailures = new AtomicLong();
    private final AtomicLong retentionDeletions = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private volatile Path currentFile;
    private volatile int segmentsKept;

    /** A writer that rolls on its own thread and msyncs each closed segment (the tests' and the inspector's). */
    public JournalWriter(Path dir, long segmentSize, long retentionBytes, SymbolRegistry symbols, NanoClock clock) {
        this(dir, segmentSize, retentionBytes, symbols, clock, true, false);
    }

    /**
     * @param dir            the journal directory (created if missing)
     * @param segmentSize    bytes of a segment file, at least 64 KiB
     * @param retentionBytes the most bytes of segments kept; the oldest are deleted first (the current one never)
     * @param symbols        the registry whose symbols go into each segment header
     * @param clock          wall clock of segment creation
     * @param syncOnRoll     msync a segment when it is closed (durable against an OS crash; at the disk's rate)
     * @param background     prepare and close segments on a thread of their own (see the class comment)
     */
    public JournalWriter(Path dir, long segmentSize, long retentionBytes, SymbolRegistry symbols, NanoClock clock, boolean syncOnRoll,
                         boolean background) {
        if (segmentSize < 64 << 10 || segmentSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("segment size " + segmentSize + " bytes: must be between 64 KiB and 2 GiB");
        }
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.retentionBytes = retentionBytes;
        this.symbols = symbols;
        this.clock = clock;
        this.syncOnRoll = syncOnRoll;
        this.background = background;
    }

    /**
     * Creates the directory if needed and opens a new segment, numbered after the highest one
     * there (a journal never appends to an older segment: it may end in a torn record); starts the
     * segment thread when segments are made in the background.
     *
     * @throws UncheckedIOException when the directory or the segment cannot be created
     */
    public void open() {
        try {
            Files.createDirectories(dir);
            lock();
            Files.deleteIfExists(dir.resolve(Segment.PREPARING)); // left by a killed process
            long highest = -1;
            for (Path p : segmentFiles(dir)) highest = Math.max(highest, JournalFormat.segmentNumber(p));
            synchronized (files) {
                install(Segment.create(dir, highest + 1, clock.epochNanos(), segmentSize, symbols, false));
                applyRetention();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot open the journal: " + e.getMessage(), e);
        }
        if (background) {
            segmentThreadRunning = true;
            segmentThread = new Thread(this::segmentLoop, "flox-recorder-segments");
            segmentThread.setDaemon(true);
            segmentThread.start();
        }
    }

    /**
     * Appends one entry as a record of {@code type}.
     *
     * @param type   a TYPE_* of {@link JournalFormat}
     * @param src    the buffer holding the entry
     * @param index  where the entry starts
     * @param length the entry's length
     * @return false when the record cannot be written (larger than a segment: counted)
     * @throws UncheckedIOException when rolling to a new segment failed
     */
    public boolean append(int type, DirectBuffer src, int index, int length) {
        return append(type, src, index, length, 0);
    }

    /**
     * As {@link #append(int, DirectBuffer, int, int)}, the entry's recorded time plus
     * {@code recordedOffsetNs} being the recorded epoch time (an entry stamped with a monotonic
     * clock, the offset from it to the wall clock).
     */
    public boolean append(int type, DirectBuffer src, int index, int length, long recordedOffsetNs) {
        long recorded = src.getLong(index + EventEncoder.ENTRY_RECORDED, JournalFormat.ORDER) + recordedOffsetNs;
        int bodyLength = length - EventEncoder.ENTRY_BODY;
        int recordLength = JournalFormat.REC_HEADER_LENGTH + bodyLength;
        if (recordLength > JournalFormat.MAX_RECORD_LENGTH || recordsStart + JournalFormat.align(recordLength) + END_RESERVE > capacity) {
            tooLarge.lazySet(tooLarge.get() + 1);
            return false;
        }
        if (JournalFormat.epochDay(recorded) > day) roll(recorded);
        int symbolId = symbolIdOf(type, src, index + EventEncoder.ENTRY_BODY);
        if (symbolId >= knownSymbols) defineSymbols(recorded);
        if (position + JournalFormat.align(recordLength) + END_RESERVE > capacity) roll(recorded);
        buffer.putBytes(position + JournalFormat.REC_HEADER_LENGTH, src, index + EventEncoder.ENTRY_BODY, bodyLength);
        commit(type, recordLength, recorded, src.getLong(index + EventEncoder.ENTRY_RECEIVE, JournalFormat.ORDER));
        written.lazySet(type, written.get(type) + 1);
        return true;
    }

    private static int symbolIdOf(int type, DirectBuffer src, int message) {
        int body = message + MessageHeaderEncoder.ENCODED_LENGTH;
        switch (type) {
            case JournalFormat.TYPE_BOOK_UPDATE: return src.getInt(body + BookUpdateBodyEncoder.symbolIdEncodingOffset(), JournalFormat.ORDER);
            case JournalFormat.TYPE_TRADE: return src.getInt(body + TradeBodyEncoder.symbolIdEncodingOffset(), JournalFormat.ORDER);
            case JournalFormat.TYPE_VENUE_STATE: return src.getInt(body + VenueStateBodyEncoder.symbolIdEncodingOffset(), JournalFormat.ORDER);
            case JournalFormat.TYPE_EXECUTION: return src.getInt(body + ExecutionBodyEncoder.symbolIdEncodingOffset(), JournalFormat.ORDER);
            default: return -1;
        }
    }

    /** Header fields, CRC32C over [type, end of body), then the length with release ordering: the commit. */
    private void commit(int type, int recordLength, long recordedEpochNs, long receiveNs) {
        int p = position;
        buffer.putShort(p + JournalFormat.REC_TYPE, (short) type, JournalFormat.ORDER);
        buffer.putShort(p + JournalFormat.REC_RESERVED, (short) 0, JournalFormat.ORDER);
        buffer.putInt(p + JournalFormat.REC_RESERVED + 2, 0, JournalFormat.ORDER);
        buffer.putLong(p + JournalFormat.REC_SEQUENCE, sequence++, JournalFormat.ORDER);
        buffer.putLong(p + JournalFormat.REC_RECORDED_EPOCH_NS, recordedEpochNs, JournalFormat.ORDER);
        buffer.putLong(p + JournalFormat.REC_RECEIVE_NS, receiveNs, JournalFormat.ORDER);
        crcView.clear();
        crcView.position(p + JournalFormat.REC_TYPE);
        crcView.limit(p + recordLength);
        crc.reset();
        crc.update(crcView);
        buffer.putInt(p + JournalFormat.REC_CRC, (int) crc.getValue(), JournalFormat.ORDER);
        // little-endian on the platforms Agrona supports (x86, aarch64): the release store is the commit
        buffer.putIntRelease(p + JournalFormat.REC_LENGTH, recordLength);
        int aligned = JournalFormat.align(recordLength);
        position = p + aligned;
        segmentRecords++;
        bytes.lazySet(bytes.get() + aligned);
    }

    /** SYMBOL records for the symbols registered since the header (cold: allocates). */
    private void defineSymbols(long recordedEpochNs) {
        int size = symbols.size();
        for (int id = knownSymbols; id < size; id++) {
            SymbolInfo s = symbols.symbol(id);
            if (s == null) break;
            int need = JournalFormat.REC_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + SymbolDefinitionEncoder.BLOCK_LENGTH
                    + 8 + s.exchange().length() * 3 + s.symbol().length() * 3;
            if (position + JournalFormat.align(need) + END_RESERVE > capacity) {
                roll(recordedEpochNs); // the new header lists every symbol
                return;
            }
            symbolEncoder.wrapAndApplyHeader(buffer, position + JournalFormat.REC_HEADER_LENGTH, header)
                    .symbolId(s.symbolId())
                    .instrumentType((short) s.instrumentType().ordinal())
                    .priceScale(s.priceScale())
                    .quantityScale(s.quantityScale())
                    .tickSize(s.tickSizeScaled())
                    .lotSize(s.lotSizeScaled())
                    .minQuantity(s.minQuantityScaled())
                    .minNotional(s.minNotionalScaled())
                    .maxQuantity(s.maxQuantityScaled())
                    .maxNotional(s.maxNotionalScaled())
                    .tradable((short) (s.isTradable() ? 1 : 0))
                    .exchange(s.exchange())
                    .symbolName(s.symbol());
            commit(JournalFormat.TYPE_SYMBOL, JournalFormat.REC_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + symbolEncoder.encodedLength(),
                    recordedEpochNs, 0);
            written.lazySet(JournalFormat.TYPE_SYMBOL, written.get(JournalFormat.TYPE_SYMBOL) + 1);
            knownSymbols = id + 1;
        }
    }

    /**
     * First the next segment under its final name: the prepared one, or one made here. Only then
     * the SEGMENT_END that sends readers on to it, so a follower never finds a segment that is
     * about to be discarded (one prepared before the UTC day moved on). Then the old segment goes
     * to the segment thread to be closed (or is closed here).
     */
    private void roll(long epochNs) {
        long next = number + 1;
        Segment s;
        try {
            synchronized (files) {
                s = prepared;
                prepared = null;
                if (s != null && (s.number != next || s.day != JournalFormat.epochDay(epochNs))) {
                    s.discard(); // made before the UTC day moved on
                    s = null;
                }
                if (s == null) {
                    s = Segment.create(dir, next, epochNs, segmentSize, symbols, false);
                } else {
                    rollsPrepared.lazySet(rollsPrepared.get() + 1);
                }
                currentNumber = next; // from here the segment thread makes the one after
                currentFile = s.file;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot roll to segment " + next + ": " + e.getMessage(), e);
        }
        Segment old = segment;
        // opened on a clock not started yet (a replay's market clock reads 0 until its first event) and nothing
        // written: it is removed, not ended, so no 1970 segment is left behind; the journal starts with the next one
        boolean unstarted = segmentRecords == 0 && old.day < EPOCH_2001_DAY;
        if (!unstarted) endSegment(next);
        install(s);
        if (background) LockSupport.unpark(segmentThread); // it parks long between rolls
        if (unstarted) {
            segmentsOpened.decrementAndGet();
            try {
                synchronized (files) {
                    old.discard();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(old.file + ": cannot remove the empty segment of an unstarted clock: " + e.getMessage(), e);
            }
            return;
        }
        try {
            if (!background || !retiring.offer(old)) {
                closedOnWriter.lazySet(closedOnWriter.get() + 1);
                closeQuietlyIfDeleted(old);
            }
            if (!background) {
                synchronized (files) {
                    applyRetention();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(old.file + ": cannot close the segment after the roll to " + next + ": " + e.getMessage(), e);
        }
    }

    /** {@code s} becomes the writer's segment. */
    private void install(Segment s) {
        segment = s;
        buffer = s.buffer;
        crcView = s.crcView;
        number = s.number;
        day = s.day;
        capacity = (int) segmentSize;
        position = s.recordsStart;
        recordsStart = s.recordsStart;
        knownSymbols = s.knownSymbols;
        segmentRecords = 0;
        currentFile = s.file;
        currentNumber = s.number;
        segmentsOpened.incrementAndGet();
    }

    /** The name an enum goes by in segment headers: its simple name, BookUpdate.Type as BookUpdateType. */
    public static String enumName(Class<?> c) {
        return c.getEnclosingClass() != null ? c.getEnclosingClass().getSimpleName() + c.getSimpleName() : c.getSimpleName();
    }

    /** The SEGMENT_END record naming the next segment (-1: none, a clean close). */
    private void endSegment(long next) {
        endEncoder.wrapAndApplyHeader(buffer, position + JournalFormat.REC_HEADER_LENGTH, header).records(segmentRecords).nextSegmentNumber(next);
        commit(JournalFormat.TYPE_SEGMENT_END, JournalFormat.REC_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + SegmentEndEncoder.BLOCK_LENGTH,
                clock.epochNanos(), 0);
        segment.end = position;
    }

    /** Closes {@code s}; one the retention deleted meanwhile (it is unlinked, still mapped) is only unmapped. */
    private void closeQuietlyIfDeleted(Segment s) throws IOException {
        try {
            s.close(syncOnRoll);
        } catch (java.nio.file.NoSuchFileException deletedByRetention) {
            // unmapped already; nothing to truncate
        }
    }

    /**
     * The segment thread: makes the next segment when none is prepared, closes what the writer
     * left, applies the retention; parks when there is nothing to do, until the writer's next roll
     * (or {@link #IDLE_PARK_NS}). A failure is counted, logged once until it works again, and
     * retried every second: the writer meanwhile makes its segments itself, and fails (the
     * recorder's FAILED) only when it cannot either.
     */
    private void segmentLoop() {
        long retryAtNs = 0;
        long failedInARow = 0;
        while (segmentThreadRunning) {
            boolean worked = false;
            try {
                if (System.nanoTime() - retryAtNs >= 0 && prepareNext()) {
                    worked = true;
                    if (failedInARow > 0) {
                        LOG.log(System.Logger.Level.INFO, dir + ": the segment thread works again after " + failedInARow + " failure(s)");
                        failedInARow = 0;
                    }
                } else {
                    Segment old = retiring.poll();
                    if (old != null) {
                        closeQuietlyIfDeleted(old);
                        synchronized (files) {
                            applyRetention();
                        }
                        worked = true;
                    }
                }
            } catch (IOException | RuntimeException | InternalError e) { // InternalError: a page fault the disk could not back (SIGBUS)
                segmentThreadFailures.incrementAndGet();
                if (failedInARow++ == 0) {
                    LOG.log(System.Logger.Level.ERROR, dir + ": the segment thread failed (the writer makes and closes its segments itself "
                            + "meanwhile; retried every second, said once): " + e.getMessage(), e);
                }
                retryAtNs = System.nanoTime() + 1_000_000_000L;
            }
            if (!worked) LockSupport.parkNanos(IDLE_PARK_NS); // the writer unparks it at each roll
        }
        Segment old;
        while ((old = retiring.poll()) != null) {
            try {
                closeQuietlyIfDeleted(old);
            } catch (IOException e) {
                segmentThreadFailures.incrementAndGet();
                LOG.log(System.Logger.Level.ERROR, old.file + ": cannot close the segment: " + e.getMessage(), e);
            }
        }
        synchronized (files) {
            if (prepared != null) {
                try {
                    prepared.discard();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, prepared.file + ": cannot delete the unused next segment: " + e.getMessage());
                }
                prepared = null;
            }
        }
    }

    /**
     * Makes the segment after the writer's when none is prepared (false when one is): under a
     * temporary name and outside the lock, so a roll never waits for it; then, under the lock,
     * gives it its final name if the writer has not moved on meanwhile (it made its own), else
     * deletes it.
     */
    private boolean prepareNext() throws IOException {
        long current;
        synchronized (files) {
            current = currentNumber;
            if (prepared != null || current < 0) return false;
        }
        Segment s = Segment.create(dir, current + 1, clock.epochNanos(), segmentSize, symbols, true);
        synchronized (files) {
            if (prepared == null && currentNumber == current) {
                s.moveToFinalName(dir);
                prepared = s;
                applyRetention();
                return true;
            }
        }
        s.discard();
        return true;
    }

    /**
     * Under {@link #files}: deletes the oldest segments (never the current or the prepared one)
     * while the directory holds more than the retention, the current and prepared ones counted at
     * full size. {@link #segmentsKept} does not count the prepared one.
     */
    private void applyRetention() throws IOException {
        Path current = currentFile;
        Path next = prepared == null ? null : prepared.file;
        List<Path> files = segmentFiles(dir);
        long total = 0;
        List<Long> sizes = new ArrayList<>();
        for (Path p : files) {
            long size = p.equals(current) || p.equals(next) ? segmentSize : Files.size(p);
            sizes.add(size);
            total += size;
        }
        int kept = next == null ? files.size() : files.size() - 1;
        for (int i = 0; i < files.size() && total > retentionBytes; i++) {
            Path p = files.get(i);
            if (p.equals(current) || p.equals(next)) break;
            Files.deleteIfExists(p);
            total -= sizes.get(i);
            kept--;
            retentionDeletions.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "journal retention: deleted " + p.getFileName() + " (" + sizes.get(i) + " bytes) to stay within "
                    + retentionBytes + " bytes");
        }
        segmentsKept = kept;
    }

    /** The segment files of {@code dir}, oldest (lowest number) first. */
    public static List<Path> segmentFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> JournalFormat.segmentNumber(p) >= 0 && Files.isRegularFile(p)).forEach(out::add);
            out.sort((a, b) -> Long.compare(JournalFormat.segmentNumber(a), JournalFormat.segmentNumber(b)));
            return out;
        }
    }

    /** Ends the current segment cleanly (SEGMENT_END, truncated). */
    @Override
    public void close() {
        Segment s = segment;
        try {
            stopSegmentThread();
            if (s == null) return;
            endSegment(-1);
            segment = null;
            buffer = new UnsafeBuffer(0, 0);
            crcView = null;
            s.close(syncOnRoll);
        } catch (IOException e) {
            throw new UncheckedIOException(s.file + ": cannot close the segment: " + e.getMessage(), e);
        } finally {
            currentFile = null;
            unlock();
        }
    }

    /** Stops the segment thread: it closes what the writer left and deletes the unused prepared segment. */
    private void stopSegmentThread() {
        Thread t = segmentThread;
        if (t == null) return;
        segmentThreadRunning = false;
        LockSupport.unpark(t);
        try {
            t.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "flox-recorder-segments did not stop within 30 s (closing segments)");
        } else {
            Segment old; // it may have died of an Error with segments still queued: close them here
            while ((old = retiring.poll()) != null) {
                try {
                    closeQuietlyIfDeleted(old);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, old.file + ": cannot close the segment: " + e.getMessage(), e);
                }
            }
        }
        segmentThread = null;
    }

    /**
     * One writer per directory: two would number their segments alike and delete each other's by
     * retention. An OS lock on {@code .lock} in the directory, released by the OS when the process
     * dies (so a killed host never leaves it stale).
     */
    private void lock() throws IOException {
        lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lockHeld = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lockHeld = null;
        }
        if (lockHeld == null) {
            lockChannel.close();
            lockChannel = null;
            throw new IOException("another recorder writes this journal directory (it holds " + dir.resolve(LOCK_FILE)
                    + "); give each host its own directory");
        }
    }

    private void unlock() {
        try {
            if (lockHeld != null) lockHeld.release();
            if (lockChannel != null) lockChannel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, dir.resolve(LOCK_FILE) + ": cannot release the lock: " + e.getMessage());
        }
        lockHeld = null;
        lockChannel = null;
    }

    /** {@return records of {@code type} written} */
    public long written(int type) {
        return written.get(type);
    }

    /** {@return every event record written (not SYMBOL, not SEGMENT_END)} */
    public long events() {
        return written.get(JournalFormat.TYPE_BOOK_UPDATE) + written.get(JournalFormat.TYPE_TRADE) + written.get(JournalFormat.TYPE_VENUE_STATE)
                + written.get(JournalFormat.TYPE_EXECUTION);
    }

    /** {@return bytes of records written, padding included} */
    public long bytes() {
        return bytes.get();
    }

    /** {@return the segment being written; null once closed} */
    public Path currentFile() {
        return currentFile;
    }

    /** {@return segment files in the directory after the last retention pass} */
    public int segmentsKept() {
        return segmentsKept;
    }

    /** {@return segments deleted by the retention} */
    public long retentionDeletions() {
        return retentionDeletions.get();
    }

    /** {@return whether the segment thread has the next segment ready; for tests} */
    boolean hasPreparedSegment() {
        synchronized (files) {
            return prepared != null;
        }
    }

    /** {@return rolls that took a segment the segment thread had prepared} */
    public long rollsPrepared() {
        return rollsPrepared.get();
    }

    /** {@return segments the writer closed itself (no segment thread, or its queue full)} */
    public long closedOnWriter() {
        return closedOnWriter.get();
    }

    /** {@return failures of the segment thread (each logged)} */
    public long segmentThreadFailures() {
        return segmentThreadFailures.get();
    }

    /** {@return segments opened (the first and every roll)} */
    public long segmentsOpened() {
        return segmentsOpened.get();
    }

    /** {@return records refused as larger than a segment can hold} */
    public long tooLarge() {
        return tooLarge.get();
    }

    /** {@return the journal directory} */
    public Path directory() {
        return dir;
    }
}
