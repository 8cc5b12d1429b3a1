package flox.recorder.internal.journal;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.Liquidity;
import flox.api.event.VenueState;
import flox.api.event.VenueStateReason;
import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.symbol.InstrumentType;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The journal's layout (docs/JOURNAL.md): segment header, record header and record types, the
 * segment file names. Constants and pure functions; thread-safe.
 */
public final class JournalFormat {
    /** "FLOXJRNL" in the first 8 bytes of every segment. */
    public static final byte[] MAGIC = {'F', 'L', 'O', 'X', 'J', 'R', 'N', 'L'};
    /** The layout of the segment and record headers; a reader refuses a segment of another version. */
    public static final int FORMAT_VERSION = 1;
    /** All multi-byte fields, header and SBE bodies alike. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    // segment header: fixed part, then the SBE SegmentHeader message, padded to ALIGNMENT
    public static final int SEG_MAGIC = 0;
    public static final int SEG_VERSION = 8;
    public static final int SEG_HEADER_LENGTH = 12;
    public static final int SEG_NUMBER = 16;
    public static final int SEG_CREATED_EPOCH_NS = 24;
    public static final int SEG_UTC_DAY = 32;
    public static final int SEG_HEADER_CRC = 36;
    public static final int SEG_FIXED_LENGTH = 40;

    // record header
    public static final int REC_LENGTH = 0;
    public static final int REC_CRC = 4;
    public static final int REC_TYPE = 8;
    public static final int REC_RESERVED = 10;
    public static final int REC_SEQUENCE = 16;
    public static final int REC_RECORDED_EPOCH_NS = 24;
    public static final int REC_RECEIVE_NS = 32;
    public static final int REC_HEADER_LENGTH = 40;
    /** Records start on this boundary; the padding is zero. */
    public static final int ALIGNMENT = 8;

    /** Record types: the SBE template id of the body. */
    public static final int TYPE_SYMBOL = 2;
    public static final int TYPE_SEGMENT_END = 3;
    public static final int TYPE_BOOK_UPDATE = 10;
    public static final int TYPE_TRADE = 11;
    public static final int TYPE_VENUE_STATE = 12;
    public static final int TYPE_EXECUTION = 13;

    /** A null enum in a body. */
    public static final short NULL_ENUM = 255;

    /** The longest record a reader accepts (and the writer writes): 16 MiB. */
    public static final int MAX_RECORD_LENGTH = 16 << 20;

    /** The enums whose ordinals the bodies hold; their names go into every segment header, in this order. */
    public static final List<Class<? extends Enum<?>>> ENUMS = List.of(Side.class, ExecType.class, RejectReason.class, OrderStatus.class,
            Liquidity.class, VenueState.class, VenueStateReason.class, InstrumentType.class, BookUpdate.Type.class);

    private static final long NS_PER_DAY = 86_400_000_000_000L;

    private JournalFormat() {
    }

    public static int align(int length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Days since 1970-01-01 (UTC) of an epoch-nanosecond time. No allocation. */
    public static long epochDay(long epochNs) {
        return Math.floorDiv(epochNs, NS_PER_DAY);
    }

    /** yyyymmdd of an epoch day. Allocates (cold: once per segment). */
    public static int yyyymmdd(long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        return d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    /** The file of segment {@code number} created on {@code utcDay} (yyyymmdd). */
    public static String fileName(long number, int utcDay) {
        return String.format("segment-%010d-%08d.journal", number, utcDay);
    }

    /** The segment number in a segment file's name; -1 when the name is not a segment's. */
    public static long segmentNumber(Path file) {
        String n = file.getFileName().toString();
        if (!n.startsWith("segment-") || !n.endsWith(".journal") || n.length() < 8 + 10) return -1;
        try {
            return Long.parseLong(n.substring(8, 18));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@return whether {@code type} is one this format defines} */
    public static boolean isKnownType(int type) {
        return type == TYPE_SYMBOL || type == TYPE_SEGMENT_END || type == TYPE_BOOK_UPDATE || type == TYPE_TRADE || type == TYPE_VENUE_STATE
                || type == TYPE_EXECUTION;
    }

    /** The record type's name for people. */
    public static String typeName(int type) {
        switch (type) {
            case TYPE_SYMBOL: return "SYMBOL";
            case TYPE_SEGMENT_END: return "SEGMENT_END";
            case TYPE_BOOK_UPDATE: return "BOOK_UPDATE";
            case TYPE_TRADE: return "TRADE";
            case TYPE_VENUE_STATE: return "VENUE_STATE";
            case TYPE_EXECUTION: return "EXECUTION";
            default: return "type " + type;
        }
    }
}
