package flox.recorder.internal.journal;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.recorder.internal.sbe.MessageHeaderEncoder;
import flox.recorder.internal.sbe.SegmentHeaderEncoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One segment file mapped read-write, with its header written. Created by {@link JournalWriter}'s
 * segment thread ahead of need (or by the writer when none is ready), written by the writer, and
 * handed back to be closed: one owner at a time, passed through a lock or a queue. Creating and
 * closing allocate (cold: once per segment); nothing else does.
 */
final class Segment {
    private static final int PAGE = 4096;
    /** The name a segment is made under by the segment thread; not a segment's name, so readers and numbering ignore it. */
    static final String PREPARING = "next-segment.preparing";

    /** Where it is: its final name, or {@link #PREPARING} until {@link #moveToFinalName}; changed under the writer's files lock. */
    Path file;
    final long number;
    /** UTC day (days since the epoch) the segment is for; its records are of that day. */
    final long day;
    final MappedByteBuffer mapped;
    final UnsafeBuffer buffer;
    /** A view of {@link #mapped} for CRC32C (the writer's only). */
    final ByteBuffer crcView;
    /** Where records start (after the header). */
    final int recordsStart;
    /** Symbols the header lists: ids below are defined. */
    final int knownSymbols;
    /** Where the writer stopped (after SEGMENT_END); set before it hands the segment back. */
    int end;

    private Segment(Path file, long number, long day, MappedByteBuffer mapped, int recordsStart, int knownSymbols) {
        this.file = file;
        this.number = number;
        this.day = day;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.crcView = mapped.duplicate();
        this.recordsStart = recordsStart;
        this.knownSymbols = knownSymbols;
    }

    /**
     * Creates segment {@code number} of the UTC day of {@code createdEpochNs} in {@code dir}: a
     * file of {@code size} bytes (sparse), mapped, its header written (the registry's symbols).
     * {@code ahead}: made by the segment thread, under the name {@link #PREPARING} (moved to its
     * final name by {@link #moveToFinalName} when the writer is to take it), and with a zero
     * written into every page after the header, so the kernel allocates them here and not as the
     * writer reaches them. A failure leaves no file and no mapping behind.
     */
    static Segment create(Path dir, long number, long createdEpochNs, long size, SymbolRegistry symbols, boolean ahead) throws IOException {
        long day = JournalFormat.epochDay(createdEpochNs);
        int utcDay = JournalFormat.yyyymmdd(day);
        Path f = dir.resolve(ahead ? PREPARING : JournalFormat.fileName(number, utcDay));
        MappedByteBuffer mapped = null;
        try {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(size); // sparse: pages are allocated as they are first written
                mapped = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, size);
            }
            UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            List<SymbolInfo> all = symbols.symbols();
            int recordsStart = writeHeader(buffer, mapped.duplicate(), number, createdEpochNs, utcDay, all);
            if (ahead) {
                for (int p = (recordsStart + PAGE - 1) & -PAGE; p < size; p += PAGE) buffer.putByte(p, (byte) 0);
            }
            return new Segment(f, number, day, mapped, recordsStart, all.size());
        } catch (IOException | RuntimeException | InternalError e) { // InternalError: a page the disk could not back (SIGBUS)
            if (mapped != null) IoUtil.unmap(mapped);
            try {
                Files.deleteIfExists(f);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A segment made ahead gets its final name (the writer's files lock held); the mapping stays valid. */
    void moveToFinalName(Path dir) throws IOException {
        Path target = dir.resolve(JournalFormat.fileName(number, JournalFormat.yyyymmdd(day)));
        Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        file = target;
    }

    /** Fixed part, then the SBE SegmentHeader (symbols and enum names), its CRC32C; returns where records start. */
    private static int writeHeader(UnsafeBuffer buffer, ByteBuffer crcView, long segmentNumber, long createdEpochNs, int utcDay, List<SymbolInfo> all) {
        buffer.putBytes(JournalFormat.SEG_MAGIC, JournalFormat.MAGIC);
        buffer.putInt(JournalFormat.SEG_VERSION, JournalFormat.FORMAT_VERSION, JournalFormat.ORDER);
        buffer.putLong(JournalFormat.SEG_NUMBER, segmentNumber, JournalFormat.ORDER);
        buffer.putLong(JournalFormat.SEG_CREATED_EPOCH_NS, createdEpochNs, JournalFormat.ORDER);
        buffer.putInt(JournalFormat.SEG_UTC_DAY, utcDay, JournalFormat.ORDER);
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
            ee.next().enumName(JournalWriter.enumName(c)).constants(names.toString());
        }
        int sbeEnd = JournalFormat.SEG_FIXED_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + h.encodedLength();
        int headerLength = JournalFormat.align(sbeEnd);
        buffer.putInt(JournalFormat.SEG_HEADER_LENGTH, headerLength, JournalFormat.ORDER);
        crcView.clear();
        crcView.position(JournalFormat.SEG_FIXED_LENGTH);
        crcView.limit(headerLength); // the padding after the SBE message is zero and covered too
        CRC32C crc = new CRC32C();
        crc.update(crcView);
        buffer.putIntRelease(JournalFormat.SEG_HEADER_CRC, (int) crc.getValue());
        return headerLength;
    }

    /** After the writer's SEGMENT_END: msync when {@code sync}, unmap, truncate the file to {@link #end}. */
    void close(boolean sync) throws IOException {
        if (sync) mapped.force();
        IoUtil.unmap(mapped);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(end);
        }
    }

    /** A prepared segment never written to: unmapped and deleted. */
    void discard() throws IOException {
        IoUtil.unmap(mapped);
        Files.deleteIfExists(file);
    }
}
