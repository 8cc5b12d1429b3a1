package flox.recorder.internal.journal;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.recorder.internal.sbe.BookUpdateBodyEncoder;
import flox.recorder.internal.sbe.ExecutionBodyEncoder;
import flox.recorder.internal.sbe.MessageHeaderEncoder;
import flox.recorder.internal.sbe.SegmentEndEncoder;
import flox.recorder.internal.sbe.SegmentHeaderEncoder;
import flox.recorder.internal.sbe.SymbolDefinitionEncoder;
import flox.recorder.internal.sbe.TradeBodyEncoder;
import flox.recorder.internal.sbe.VenueStateBodyEncoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends entries (see {@link EventEncoder}) to the journal's current segment, a file of
 * {@code segmentSize} bytes mapped read-write ({@link UnsafeBuffer} over a {@link MappedByteBuffer}),
 * and rolls to a new segment when the next record does not fit or the UTC day of its recorded time
 * moves on; after each roll it deletes the oldest segments while the directory holds more than
 * {@code retentionBytes}. Each record is committed by storing its length last, with release
 * ordering, after its body, header and CRC32C: a reader (or a restart after {@code kill -9}) sees
 * either the whole record or a length of 0 (docs/JOURNAL.md).
 *
 * <p>One writer thread: every method but the counters' getters is for that thread only; the
 * getters are for any thread. {@link #append} allocates nothing, except when it rolls a segment or
 * meets a symbol registered since the segment's header (a SYMBOL record).
 */
public final class JournalWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("flox.recorder");
    private static final int END_RESERVE = JournalFormat.align(JournalFormat.REC_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH
            + SegmentEndEncoder.BLOCK_LENGTH);

    private final Path dir;
    private final long segmentSize;
    private final long retentionBytes;
    private final SymbolRegistry symbols;
    private final NanoClock clock;
    private final CRC32C crc = new CRC32C();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SymbolDefinitionEncoder symbolEncoder = new SymbolDefinitionEncoder();
    private final SegmentEndEncoder endEncoder = new SegmentEndEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);

    /** The lock file of a journal directory (see {@link #lock}). */
    public static final String LOCK_FILE = ".lock";

    private FileChannel lockChannel;
    private java.nio.channels.FileLock lockHeld;
    private MappedByteBuffer mapped;
    private ByteBuffer crcView;
    private Path file;
    private long number = -1;
    private long day;
    private int position;
    private int recordsStart;
    private int capacity;
    private long segmentRecords;
    private long sequence;
    private int knownSymbols;

    private final AtomicLongArray written = new AtomicLongArray(JournalFormat.TYPE_EXECUTION + 1);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong segmentsOpened = new AtomicLong();
    private final AtomicLong retentionDeletions = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private volatile Path currentFile;
    private volatile int segmentsKept;

    /**
     * @param dir            the journal directory (created if missing)
     * @param segmentSize    bytes of a segment file, at least 64 KiB
     * @param retentionBytes the most bytes of segments kept; the oldest are deleted first (the current one never)
     * @param symbols        the registry whose symbols go into each segment header
     * @param clock          wall clock of segment creation
     */
    public JournalWriter(Path dir, long segmentSize, long retentionBytes, SymbolRegistry symbols, NanoClock clock) {
        if (segmentSize < 64 << 10 || segmentSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("segment size " + segmentSize + " bytes: must be between 64 KiB and 2 GiB");
        }
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.retentionBytes = retentionBytes;
        this.symbols = symbols;
        this.clock = clock;
    }

    /**
     * Creates the directory if needed and opens a new segment, numbered after the highest one
     * there (a journal never appends to an older segment: it may end in a torn record).
     *
     * @throws UncheckedIOException when the directory or the segment cannot be created
     */
    public void open() {
        try {
            Files.createDirectories(dir);
            lock();
            long highest = -1;
            for (Path p : segmentFiles(dir)) highest = Math.max(highest, JournalFormat.segmentNumber(p));
            number = highest;
            long now = clock.epochNanos();
            openSegment(now);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot open the journal: " + e.getMessage(), e);
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
        long recorded = src.getLong(index + EventEncoder.ENTRY_RECORDED, JournalFormat.ORDER);
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

    private void roll(long epochNs) {
        try {
            closeSegment(number + 1);
            openSegment(epochNs);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot roll to segment " + (number + 1) + ": " + e.getMessage(), e);
        }
    }

    private void openSegment(long epochNs) throws IOException {
        number++;
        day = JournalFormat.epochDay(epochNs);
        int utcDay = JournalFormat.yyyymmdd(day);
        Path f = dir.resolve(JournalFormat.fileName(number, utcDay));
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(segmentSize); // sparse: pages are allocated as records are written
            mapped = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, segmentSize);
        }
        buffer.wrap(mapped);
        crcView = mapped.duplicate();
        capacity = (int) segmentSize;
        file = f;
        segmentRecords = 0;
        position = writeHeader(number, epochNs, utcDay);
        recordsStart = position;
        currentFile = f;
        segmentsOpened.incrementAndGet();
        applyRetention();
    }

    /** Fixed part, then the SBE SegmentHeader (symbols and enum names), its CRC32C; returns where records start. */
    private int writeHeader(long segmentNumber, long createdEpochNs, int utcDay) {
        buffer.putBytes(JournalFormat.SEG_MAGIC, JournalFormat.MAGIC);
        buffer.putInt(JournalFormat.SEG_VERSION, JournalFormat.FORMAT_VERSION, JournalFormat.ORDER);
        buffer.putLong(JournalFormat.SEG_NUMBER, segmentNumber, JournalFormat.ORDER);
        buffer.putLong(JournalFormat.SEG_CREATED_EPOCH_NS, createdEpochNs, JournalFormat.ORDER);
        buffer.putInt(JournalFormat.SEG_UTC_DAY, utcDay, JournalFormat.ORDER);
        List<SymbolInfo> all = symbols.symbols();
        SegmentHeaderEncoder h = new SegmentHeaderEncoder().wrapAndApplyHeader(buffer, JournalFormat.SEG_FIXED_LENGTH, new MessageHeaderEncoder())
                .segmentNumber(segmentNumber).createdEpochNs(createdEpochNs).utcDay(utcDay);
        SegmentHeaderEncoder.SymbolsEncoder se = h.symbolsCount(all.size());
        for (SymbolInfo s : all) {
            se.next().symbolId(s.symbolId()).instrumentType((short) s.instrumentType().ordinal()).priceScale(s.priceScale())
                    .quantityScale(s.quantityScale()).tickSize(s.tickSizeScaled()).lotSize(s.lotSizeScaled())
                    .minQuantity(s.minQuantityScaled()).minNotional(s.minNotionalScaled()).maxQuantity(s.maxQuantityScaled())
                    .maxNotional(s.maxNotionalScaled()).tradable((short) (s.isTradable() ? 1 : 0)).exchange(s.exchange()).symbolName(s.symbol());
        }
        SegmentHeaderEncoder.EnumsEncoder ee = h.enumsCount(JournalFormat.ENUMS.size());
        for (Class<? extends Enum<?>> c : JournalFormat.ENUMS) {
            StringBuilder names = new StringBuilder();
            for (Enum<?> e : c.getEnumConstants()) names.append(names.length() == 0 ? "" : ",").append(e.name());
            ee.next().enumName(enumName(c)).constants(names.toString());
        }
        int sbeEnd = JournalFormat.SEG_FIXED_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + h.encodedLength();
        int headerLength = JournalFormat.align(sbeEnd);
        buffer.putInt(JournalFormat.SEG_HEADER_LENGTH, headerLength, JournalFormat.ORDER);
        crcView.clear();
        crcView.position(JournalFormat.SEG_FIXED_LENGTH);
        crcView.limit(headerLength); // the padding after the SBE message is zero and covered too
        crc.reset();
        crc.update(crcView);
        buffer.putIntRelease(JournalFormat.SEG_HEADER_CRC, (int) crc.getValue());
        knownSymbols = all.size();
        return headerLength;
    }

    /** The name an enum goes by in segment headers: its simple name, BookUpdate.Type as BookUpdateType. */
    public static String enumName(Class<?> c) {
        return c.getEnclosingClass() != null ? c.getEnclosingClass().getSimpleName() + c.getSimpleName() : c.getSimpleName();
    }

    /** SEGMENT_END, msync, unmap, truncate the file to what was written. */
    private void closeSegment(long next) throws IOException {
        if (mapped == null) return;
        endEncoder.wrapAndApplyHeader(buffer, position + JournalFormat.REC_HEADER_LENGTH, header).records(segmentRecords).nextSegmentNumber(next);
        commit(JournalFormat.TYPE_SEGMENT_END, JournalFormat.REC_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + SegmentEndEncoder.BLOCK_LENGTH,
                clock.epochNanos(), 0);
        mapped.force();
        IoUtil.unmap(mapped);
        mapped = null;
        crcView = null;
        buffer.wrap(0, 0);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(position);
        }
    }

    /** Deletes the oldest segments (never the current one) while the directory holds more than the retention. */
    private void applyRetention() throws IOException {
        List<Path> files = segmentFiles(dir);
        long total = 0;
        List<Long> sizes = new ArrayList<>();
        for (Path p : files) {
            long size = p.equals(file) ? segmentSize : Files.size(p);
            sizes.add(size);
            total += size;
        }
        int kept = files.size();
        for (int i = 0; i < files.size() && total > retentionBytes; i++) {
            Path p = files.get(i);
            if (p.equals(file)) break;
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
        try {
            closeSegment(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot close the segment: " + e.getMessage(), e);
        } finally {
            currentFile = null;
            unlock();
        }
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
