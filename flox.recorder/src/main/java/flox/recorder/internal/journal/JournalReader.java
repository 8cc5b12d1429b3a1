package flox.recorder.internal.journal;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.Liquidity;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.symbol.InstrumentType;
import flox.api.symbol.SymbolInfo;
import flox.recorder.internal.sbe.BookUpdateBodyDecoder;
import flox.recorder.internal.sbe.ExecutionBodyDecoder;
import flox.recorder.internal.sbe.MessageHeaderDecoder;
import flox.recorder.internal.sbe.SegmentHeaderDecoder;
import flox.recorder.internal.sbe.SymbolDefinitionDecoder;
import flox.recorder.internal.sbe.TradeBodyDecoder;
import flox.recorder.internal.sbe.VenueStateBodyDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal: one segment file, or a directory of segments in segment-number order, record by
 * record ({@link #next}), decoding bodies into the API's flyweights ({@link #readBookUpdate} and
 * the others) for a replay or an inspection. Plain Java, no OSGi.
 *
 * <p>The torn-tail rule (docs/JOURNAL.md): a record whose length is 0 while bytes follow it, that
 * runs past the end of the file, whose CRC32C does not match or whose body is not of its type ends
 * that segment's reading; it is reported ({@link #tornTails()}, and the listener) with file and
 * offset, never thrown, and every record before it has been returned. The next segment is read as
 * usual. A file that is not a segment at all (magic, version, header CRC) is unreadable: a
 * {@link JournalException} naming the file and offset.
 *
 * <p>Following ({@code follow = true}): {@link #next} returns false when nothing new is committed
 * yet instead of ending; call it again later. It moves on to the next segment at a SEGMENT_END, or
 * when a higher-numbered segment holds a record (the writer was restarted).
 *
 * <p>One thread. {@link #next} and the {@code read*} methods allocate nothing for book updates and
 * trades; venue states and execution reports allocate their strings (exchange, fee asset).
 */
public final class JournalReader implements AutoCloseable {
    /** Results of reading at the current position. */
    private static final int RECORD = 0;
    private static final int END = 1;
    private static final int WAIT = 2;

    private final Path root;
    private final boolean directory;
    private final boolean follow;
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BookUpdateBodyDecoder book = new BookUpdateBodyDecoder();
    private final TradeBodyDecoder trade = new TradeBodyDecoder();
    private final VenueStateBodyDecoder venue = new VenueStateBodyDecoder();
    private final ExecutionBodyDecoder exec = new ExecutionBodyDecoder();
    private final SymbolDefinitionDecoder symbolDecoder = new SymbolDefinitionDecoder();
    private final StringBuilder text = new StringBuilder(ExecutionEvent.MAX_TEXT_LENGTH);
    private final List<SymbolInfo> symbols = new ArrayList<>();
    private final List<SegmentInfo> segments = new ArrayList<>();
    private final List<TornTail> torn = new ArrayList<>();
    private Consumer<SegmentInfo> onSegment = s -> { };
    private Consumer<TornTail> onTorn = t -> { };

    private Path file;
    private long lastNumber = -1;
    private boolean singleFileDone;
    private MappedByteBuffer mapped;
    private ByteBuffer crcView;
    private long fileSize;
    private int position;
    private SegmentInfo segment;
    private Enum<?>[][] enums;
    private boolean segmentClosed;
    private int segmentsClosed;
    private SymbolInfo defined;

    private int type;
    private int recordLength;
    private long recordOffset;
    private long sequence;
    private long recordedEpochNs;
    private long receiveNs;

    /**
     * @param path   a segment file or a directory of segments
     * @param follow whether {@link #next} waits for more at the end (tail) rather than ending
     * @throws JournalException when the path does not exist or a directory holds no segment (and not following)
     */
    public JournalReader(Path path, boolean follow) {
        this.root = path;
        this.follow = follow;
        this.directory = Files.isDirectory(path);
        if (!directory && !Files.isRegularFile(path)) throw new JournalException(path, 0, "no such file or directory");
        if (directory && !follow) {
            try {
                if (JournalWriter.segmentFiles(path).isEmpty()) throw new JournalException(path, 0, "no segment files (segment-*.journal) in the directory");
            } catch (IOException e) {
                throw new JournalException(path, 0, "cannot list the directory: " + e.getMessage());
            }
        }
    }

    /** Called with each segment's header as the reader enters it. */
    public JournalReader onSegment(Consumer<SegmentInfo> listener) {
        this.onSegment = listener;
        return this;
    }

    /** Called with each torn tail as it is found. */
    public JournalReader onTorn(Consumer<TornTail> listener) {
        this.onTorn = listener;
        return this;
    }

    /**
     * Moves to the next record (event or SYMBOL; SEGMENT_END is consumed here).
     *
     * @return false at the end of the journal (following: nothing new yet)
     * @throws JournalException when a segment cannot be read at all
     */
    public boolean next() {
        while (true) {
            if (file == null && !openNext()) return false;
            int r = read();
            if (r == RECORD) {
                if (type == JournalFormat.TYPE_SYMBOL) defineSymbol();
                return true;
            }
            if (r == WAIT) return false;
            closeSegment();
        }
    }

    private boolean openNext() {
        Path f;
        if (directory) {
            f = null;
            try {
                for (Path p : JournalWriter.segmentFiles(root)) {
                    if (JournalFormat.segmentNumber(p) > lastNumber) {
                        f = p;
                        break;
                    }
                }
            } catch (IOException e) {
                throw new JournalException(root, 0, "cannot list the directory: " + e.getMessage());
            }
            if (f == null) return false;
        } else {
            if (singleFileDone) return false;
            f = root;
        }
        return openSegment(f);
    }

    private boolean openSegment(Path f) {
        long size;
        MappedByteBuffer m;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            size = ch.size();
            if (size < JournalFormat.SEG_FIXED_LENGTH) {
                if (follow) return false; // being created
                throw new JournalException(f, 0, "not a Flox journal segment: " + size + " bytes, shorter than a segment header");
            }
            m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException e) {
            throw new JournalException(f, 0, "cannot read: " + e.getMessage());
        }
        buffer.wrap(m);
        for (int i = 0; i < JournalFormat.MAGIC.length; i++) {
            if (buffer.getByte(i) != JournalFormat.MAGIC[i]) {
                IoUtil.unmap(m);
                if (follow && allZero(0, JournalFormat.MAGIC.length)) return false;
                throw new JournalException(f, i, "not a Flox journal segment (no FLOXJRNL magic)");
            }
        }
        int version = buffer.getInt(JournalFormat.SEG_VERSION, JournalFormat.ORDER);
        if (version != JournalFormat.FORMAT_VERSION) {
            IoUtil.unmap(m);
            throw new JournalException(f, JournalFormat.SEG_VERSION, "format version " + version + ", this reader reads " + JournalFormat.FORMAT_VERSION);
        }
        int headerLength = buffer.getInt(JournalFormat.SEG_HEADER_LENGTH, JournalFormat.ORDER);
        int storedCrc = buffer.getIntVolatile(JournalFormat.SEG_HEADER_CRC);
        if (headerLength < JournalFormat.SEG_FIXED_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH || headerLength > size) {
            IoUtil.unmap(m);
            if (follow) return false;
            throw new JournalException(f, JournalFormat.SEG_HEADER_LENGTH, "segment header length " + headerLength + " outside the file (" + size + " bytes)");
        }
        crcView = m.duplicate();
        crcView.clear();
        crcView.position(JournalFormat.SEG_FIXED_LENGTH);
        crcView.limit(headerLength);
        crc.reset();
        crc.update(crcView);
        if ((int) crc.getValue() != storedCrc) {
            IoUtil.unmap(m);
            if (follow) return false; // the writer is still writing it
            throw new JournalException(f, JournalFormat.SEG_HEADER_CRC, "segment header CRC32C mismatch: the header is damaged");
        }
        mapped = m;
        file = f;
        fileSize = size;
        position = headerLength;
        segmentClosed = false;
        segment = readHeader(f, version, headerLength);
        lastNumber = segment.number();
        if (!directory) singleFileDone = true;
        segments.add(segment);
        onSegment.accept(segment);
        return true;
    }

    private SegmentInfo readHeader(Path f, int version, int headerLength) {
        SegmentHeaderDecoder h = new SegmentHeaderDecoder().wrapAndApplyHeader(buffer, JournalFormat.SEG_FIXED_LENGTH, new MessageHeaderDecoder());
        long number = h.segmentNumber();
        long created = h.createdEpochNs();
        int day = h.utcDay();
        List<SymbolInfo> list = new ArrayList<>();
        for (SegmentHeaderDecoder.SymbolsDecoder s : h.symbols()) {
            int id = s.symbolId();
            int instrumentType = s.instrumentType();
            int priceScale = s.priceScale();
            int quantityScale = s.quantityScale();
            long tick = s.tickSize();
            long lot = s.lotSize();
            long minQ = s.minQuantity();
            long minN = s.minNotional();
            long maxQ = s.maxQuantity();
            long maxN = s.maxNotional();
            boolean tradable = s.tradable() != 0;
            String exchange = s.exchange();
            String symbol = s.symbolName();
            list.add(symbol(f, id, exchange, symbol, instrumentType, priceScale, quantityScale, tick, lot, minQ, minN, maxQ, maxN, tradable));
        }
        Enum<?>[][] maps = new Enum<?>[JournalFormat.ENUMS.size()][];
        for (SegmentHeaderDecoder.EnumsDecoder e : h.enums()) {
            String name = e.enumName();
            String constants = e.constants();
            for (int i = 0; i < JournalFormat.ENUMS.size(); i++) {
                Class<? extends Enum<?>> c = JournalFormat.ENUMS.get(i);
                if (!JournalWriter.enumName(c).equals(name)) continue;
                String[] names = constants.isEmpty() ? new String[0] : constants.split(",");
                Enum<?>[] map = new Enum<?>[names.length];
                for (int k = 0; k < names.length; k++) {
                    for (Enum<?> k2 : c.getEnumConstants()) if (k2.name().equals(names[k])) map[k] = k2;
                }
                maps[i] = map;
            }
        }
        for (int i = 0; i < maps.length; i++) {
            if (maps[i] == null) maps[i] = JournalFormat.ENUMS.get(i).getEnumConstants(); // not listed: the reader's own order
        }
        enums = maps;
        for (SymbolInfo s : list) put(s);
        return new SegmentInfo(f, number, version, created, day, Collections.unmodifiableList(list), headerLength);
    }

    private SymbolInfo symbol(Path f, int id, String exchange, String symbol, int instrumentType, int priceScale, int quantityScale, long tick, long lot,
                              long minQ, long minN, long maxQ, long maxN, boolean tradable) {
        InstrumentType[] types = InstrumentType.values();
        try {
            return SymbolInfo.builder(exchange, symbol).instrumentType(instrumentType < types.length ? types[instrumentType] : InstrumentType.SPOT)
                    .priceScale(priceScale).quantityScale(quantityScale).tickSizeScaled(tick).lotSizeScaled(lot).minQuantityScaled(minQ)
                    .minNotionalScaled(minN).maxQuantityScaled(maxQ).maxNotionalScaled(maxN).tradable(tradable).build().withSymbolId(id);
        } catch (IllegalArgumentException e) {
            throw new JournalException(f, recordOffset, "symbol " + id + " (" + exchange + ":" + symbol + ") is not a valid definition: " + e.getMessage());
        }
    }

    private void put(SymbolInfo s) {
        while (symbols.size() <= s.symbolId()) symbols.add(null);
        symbols.set(s.symbolId(), s);
    }

    private void defineSymbol() {
        SymbolDefinitionDecoder d = symbolDecoder.wrapAndApplyHeader(buffer, bodyOffset(), header);
        int id = d.symbolId();
        int instrumentType = d.instrumentType();
        int priceScale = d.priceScale();
        int quantityScale = d.quantityScale();
        long tick = d.tickSize();
        long lot = d.lotSize();
        long minQ = d.minQuantity();
        long minN = d.minNotional();
        long maxQ = d.maxQuantity();
        long maxN = d.maxNotional();
        boolean tradable = d.tradable() != 0;
        String exchange = d.exchange();
        String symbol = d.symbolName();
        defined = symbol(file, id, exchange, symbol, instrumentType, priceScale, quantityScale, tick, lot, minQ, minN, maxQ, maxN, tradable);
        put(defined);
    }

    /** {@return the symbol the current SYMBOL record defines} */
    public SymbolInfo definedSymbol() {
        expect(JournalFormat.TYPE_SYMBOL);
        return defined;
    }

    private int read() {
        int p = position;
        if (p + 4 > fileSize) {
            if (!allZero(p, (int) fileSize)) return torn(p, "truncated: " + (fileSize - p) + " bytes after the last record, less than a record's length field");
            return endOpen();
        }
        int len = buffer.getIntVolatile(p);
        if (len == 0) {
            if (follow && !higherSegmentExists()) return WAIT;
            // a higher segment holds a record, so this one is over; its SEGMENT_END may have landed meanwhile: look again
            len = buffer.getIntVolatile(p);
        }
        if (len == 0) {
            if (!quietEnd(p)) return torn(p, "record not committed: its length is 0 but bytes were written after it");
            return endOpen();
        }
        if (len < JournalFormat.REC_HEADER_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH || len > JournalFormat.MAX_RECORD_LENGTH) {
            return torn(p, "invalid record length " + len);
        }
        if ((long) p + len > fileSize) return torn(p, "record of " + len + " bytes runs past the end of the file (" + fileSize + " bytes)");
        crcView.clear();
        crcView.position(p + JournalFormat.REC_TYPE);
        crcView.limit(p + len);
        crc.reset();
        crc.update(crcView);
        if ((int) crc.getValue() != buffer.getInt(p + JournalFormat.REC_CRC, JournalFormat.ORDER)) return torn(p, "CRC32C mismatch");
        int t = buffer.getShort(p + JournalFormat.REC_TYPE, JournalFormat.ORDER) & 0xFFFF;
        if (!JournalFormat.isKnownType(t)) return torn(p, "unknown record type " + t);
        header.wrap(buffer, p + JournalFormat.REC_HEADER_LENGTH);
        if (header.templateId() != t) return torn(p, "record type " + t + " but its body is template " + header.templateId());
        type = t;
        recordLength = len;
        recordOffset = p;
        sequence = buffer.getLong(p + JournalFormat.REC_SEQUENCE, JournalFormat.ORDER);
        recordedEpochNs = buffer.getLong(p + JournalFormat.REC_RECORDED_EPOCH_NS, JournalFormat.ORDER);
        receiveNs = buffer.getLong(p + JournalFormat.REC_RECEIVE_NS, JournalFormat.ORDER);
        position = p + JournalFormat.align(len);
        if (t == JournalFormat.TYPE_SEGMENT_END) {
            segmentClosed = true;
            segmentsClosed++;
            return END;
        }
        return RECORD;
    }

    private int endOpen() {
        if (follow && !higherSegmentExists()) return WAIT;
        return END;
    }

    /**
     * Following: whether the writer has moved past the segment being read without a SEGMENT_END
     * (it was restarted): a higher-numbered segment holds a committed record. A higher segment
     * without one may be the next segment a running writer prepared ahead (see
     * {@link JournalWriter}), so it is not enough. Cold: called while waiting; allocates.
     */
    private boolean higherSegmentExists() {
        if (!directory) return false;
        try {
            for (Path p : JournalWriter.segmentFiles(root)) {
                if (JournalFormat.segmentNumber(p) > lastNumber && hasRecord(p)) return true;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Whether segment file {@code p}'s first record is committed (its length is not 0). */
    private static boolean hasRecord(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(JournalFormat.ORDER);
            if (ch.read(b, JournalFormat.SEG_HEADER_LENGTH) < 4) return false;
            int headerLength = b.getInt(0);
            if (headerLength <= 0 || headerLength > ch.size() - 4) return false;
            b.clear();
            return ch.read(b, headerLength) == 4 && b.getInt(0) != 0;
        }
    }

    private int torn(int offset, String reason) {
        TornTail t = new TornTail(file, offset, reason);
        torn.add(t);
        onTorn.accept(t);
        return END;
    }

    /**
     * Whether the segment ends cleanly at {@code p}: zeros from there to the longest record or the
     * end of the file. Bounded by the file's size now, not when mapped: a live segment is truncated
     * by its writer at a roll, and reading a mapping past the end of its file faults (the JVM turns
     * the SIGBUS into an InternalError, taken here as the end).
     */
    private boolean quietEnd(int p) {
        long size = fileSize;
        try {
            size = Math.min(size, Files.size(file));
        } catch (IOException e) {
            return true; // the file is gone (retention deleted it): nothing more to read in it
        }
        int end = (int) Math.min(size, (long) p + JournalFormat.MAX_RECORD_LENGTH);
        try {
            return p >= end || allZero(p, end);
        } catch (InternalError fault) {
            return true;
        }
    }

    private boolean allZero(int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) if (buffer.getLong(i) != 0) return false;
        for (; i < to; i++) if (buffer.getByte(i) != 0) return false;
        return true;
    }

    private void closeSegment() {
        if (mapped != null) IoUtil.unmap(mapped);
        mapped = null;
        crcView = null;
        buffer.wrap(0, 0);
        file = null;
    }

    private int bodyOffset() {
        return (int) recordOffset + JournalFormat.REC_HEADER_LENGTH;
    }

    private void expect(int t) {
        if (type != t) throw new IllegalStateException("the record at " + file + " offset " + recordOffset + " is " + JournalFormat.typeName(type)
                + ", not " + JournalFormat.typeName(t));
    }

    /** Copies the current BOOK_UPDATE record into {@code into}; throws IllegalArgumentException if its levels exceed its capacity. */
    public BookUpdate readBookUpdate(BookUpdate into) {
        expect(JournalFormat.TYPE_BOOK_UPDATE);
        BookUpdateBodyDecoder d = book.wrapAndApplyHeader(buffer, bodyOffset(), header);
        int symbolId = d.symbolId();
        BookUpdate.Type t = (BookUpdate.Type) enumOf(8, d.bookType());
        int flags = d.flags();
        into.reset(symbolId, t == null ? BookUpdate.Type.DELTA : t).flags(flags & (BookUpdate.INVALID | BookUpdate.CONTINUED))
                .updateIds(d.firstUpdateId(), d.lastUpdateId()).timestamps(d.exchangeTimestampNs(), d.receiveTimestampNs());
        BookUpdateBodyDecoder.BidsDecoder bids = d.bids();
        int nb = bids.count();
        if (nb > into.capacity()) throw new IllegalArgumentException(file + " offset " + recordOffset + ": " + nb + " bid levels exceed the update's capacity " + into.capacity());
        while (bids.hasNext()) {
            bids.next();
            into.addBid(bids.price(), bids.quantity());
        }
        BookUpdateBodyDecoder.AsksDecoder asks = d.asks();
        if (asks.count() > into.capacity()) throw new IllegalArgumentException(file + " offset " + recordOffset + ": " + asks.count() + " ask levels exceed the update's capacity " + into.capacity());
        while (asks.hasNext()) {
            asks.next();
            into.addAsk(asks.price(), asks.quantity());
        }
        return into;
    }

    /** Copies the current TRADE record into {@code into}. */
    public TradeEvent readTrade(TradeEvent into) {
        expect(JournalFormat.TYPE_TRADE);
        TradeBodyDecoder d = trade.wrapAndApplyHeader(buffer, bodyOffset(), header);
        return into.set(d.symbolId(), d.tradeId(), d.price(), d.quantity(), (Side) enumOf(0, d.aggressorSide()), d.exchangeTimestampNs(),
                d.receiveTimestampNs());
    }

    /** Copies the current VENUE_STATE record into {@code into} (allocates its strings). */
    public VenueStateEvent readVenueState(VenueStateEvent into) {
        expect(JournalFormat.TYPE_VENUE_STATE);
        VenueStateBodyDecoder d = venue.wrapAndApplyHeader(buffer, bodyOffset(), header);
        int symbolId = d.symbolId();
        VenueState state = (VenueState) enumOf(5, d.state());
        VenueStateReason reason = (VenueStateReason) enumOf(6, d.reason());
        long retry = d.retryAtEpochNs();
        long receive = d.receiveTimestampNs();
        String exchange = d.exchange();
        String t = d.text();
        return into.set(exchange, symbolId, state, reason == null ? VenueStateReason.OTHER : reason, retry, t, receive);
    }

    /** Copies the current EXECUTION record into {@code into} (allocates the fee asset's string). */
    public ExecutionEvent readExecution(ExecutionEvent into) {
        expect(JournalFormat.TYPE_EXECUTION);
        ExecutionBodyDecoder d = exec.wrapAndApplyHeader(buffer, bodyOffset(), header);
        ExecType execType = (ExecType) enumOf(1, d.execType());
        Side side = (Side) enumOf(0, d.side());
        Liquidity liquidity = (Liquidity) enumOf(4, d.liquidity());
        OrderStatus venueStatus = (OrderStatus) enumOf(3, d.venueStatus());
        int reasonOrdinal = d.reason();
        RejectReason reason = reasonOrdinal == 0xFFFF ? null : (RejectReason) enumOf(2, reasonOrdinal);
        boolean feeAssetPresent = d.feeAssetPresent() != 0;
        into.reset(execType, d.clientOrderId(), d.symbolId(), side)
                .origClientOrderId(d.origClientOrderId())
                .exchangeOrderId(d.exchangeOrderId())
                .execId(d.execId())
                .order(d.price(), d.quantity())
                .fill(d.lastPrice(), d.lastQuantity(), d.cumulativeQuantity())
                .leaves(d.leavesQuantity());
        long fee = d.fee();
        int feeScale = d.feeScale();
        into.timestamps(d.exchangeTimestampNs(), d.receiveTimestampNs());
        String feeAsset = d.feeAsset();
        into.fee(fee, feeScale, feeAssetPresent ? feeAsset : null).liquidity(liquidity).venueStatus(venueStatus);
        int textLength = d.textLength();
        text.setLength(0);
        Utf8.decode(buffer, d.limit() + 4, textLength, text);
        d.skipText();
        into.reason(reason, text);
        return into;
    }

    private Enum<?> enumOf(int which, int ordinal) {
        Enum<?>[] map = enums[which];
        return ordinal >= 0 && ordinal < map.length ? map[ordinal] : null;
    }

    /** {@return the current record's type, a TYPE_* of {@link JournalFormat}} */
    public int type() { return type; }
    /** {@return the writer's record sequence (from 0 at each recorder start, continuing across rolls)} */
    public long sequence() { return sequence; }
    /** {@return when the recorder took the event, epoch ns (its wall clock)} */
    public long recordedEpochNs() { return recordedEpochNs; }
    /** {@return the event's receive time, host monotonic ns; 0 for SYMBOL} */
    public long receiveNs() { return receiveNs; }
    /** {@return the current record's length, header included} */
    public int recordLength() { return recordLength; }
    /** {@return the current record's offset in its file} */
    public long offset() { return recordOffset; }
    /** {@return the file of the current record} */
    public Path file() { return file; }
    /** {@return the header of the current segment} */
    public SegmentInfo segment() { return segment; }
    /** {@return whether the last segment finished was closed with a SEGMENT_END} */
    public boolean segmentClosed() { return segmentClosed; }

    /** {@return how many segments ended with a SEGMENT_END record so far} */
    public int segmentsClosed() { return segmentsClosed; }

    /** {@return the symbol id of the current event record; -1 for a venue-wide state, SYMBOL and others} */
    public int symbolId() {
        int body = bodyOffset() + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (type) {
            case JournalFormat.TYPE_BOOK_UPDATE: return buffer.getInt(body + BookUpdateBodyDecoder.symbolIdEncodingOffset(), JournalFormat.ORDER);
            case JournalFormat.TYPE_TRADE: return buffer.getInt(body + TradeBodyDecoder.symbolIdEncodingOffset(), JournalFormat.ORDER);
            case JournalFormat.TYPE_VENUE_STATE: return buffer.getInt(body + VenueStateBodyDecoder.symbolIdEncodingOffset(), JournalFormat.ORDER);
            case JournalFormat.TYPE_EXECUTION: return buffer.getInt(body + ExecutionBodyDecoder.symbolIdEncodingOffset(), JournalFormat.ORDER);
            default: return -1;
        }
    }

    /** {@return the symbol with this id as the journal defines it so far (headers and SYMBOL records); null if not defined} */
    public SymbolInfo symbol(int id) {
        return id >= 0 && id < symbols.size() ? symbols.get(id) : null;
    }

    /** {@return every symbol defined so far, by id (null where none)} */
    public List<SymbolInfo> symbols() {
        return Collections.unmodifiableList(symbols);
    }

    /** {@return the segments entered so far, in order} */
    public List<SegmentInfo> segments() {
        return Collections.unmodifiableList(segments);
    }

    /** {@return the torn tails found so far} */
    public List<TornTail> tornTails() {
        return Collections.unmodifiableList(torn);
    }

    @Override
    public void close() {
        closeSegment();
    }

    @Override
    public String toString() {
        return "JournalReader[" + root + (file != null ? " at " + file.getFileName() + ":" + position : "") + ']';
    }
}
