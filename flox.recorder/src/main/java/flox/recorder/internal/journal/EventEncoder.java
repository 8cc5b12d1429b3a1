package flox.recorder.internal.journal;

import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.recorder.internal.sbe.BookUpdateBodyEncoder;
import flox.recorder.internal.sbe.ExecutionBodyEncoder;
import flox.recorder.internal.sbe.MessageHeaderEncoder;
import flox.recorder.internal.sbe.TradeBodyEncoder;
import flox.recorder.internal.sbe.VenueStateBodyEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes a bus event as a journal entry: {@code [recorded ns: 8][event receive ns: 8][SBE
 * message header and body]}; the recorded time is what the caller passes (the recorder: its
 * monotonic clock, turned into epoch ns by the writer, see {@link JournalWriter#append}) (the {@link JournalWriter} wraps it in a record header). Used by the
 * recorder's subscriber threads to write straight into its ring; one instance per thread (the
 * SBE flyweights are state). No allocation: strings go in as UTF-8 written char by char.
 */
public final class EventEncoder {
    /** Offset of the recorded time in an entry (epoch ns once the writer's offset is added). */
    public static final int ENTRY_RECORDED = 0;
    /** Offset of the event's receive time (host monotonic ns). */
    public static final int ENTRY_RECEIVE = 8;
    /** Offset of the SBE message (header, then body). */
    public static final int ENTRY_BODY = 16;
    private static final int VAR_HEADER = 4;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BookUpdateBodyEncoder book = new BookUpdateBodyEncoder();
    private final TradeBodyEncoder trade = new TradeBodyEncoder();
    private final VenueStateBodyEncoder venue = new VenueStateBodyEncoder();
    private final ExecutionBodyEncoder exec = new ExecutionBodyEncoder();

    /** {@return the entry length of {@code u}} */
    public static int length(BookUpdate u) {
        return ENTRY_BODY + MessageHeaderEncoder.ENCODED_LENGTH + BookUpdateBodyEncoder.BLOCK_LENGTH
                + BookUpdateBodyEncoder.BidsEncoder.sbeHeaderSize() + u.bidCount() * BookUpdateBodyEncoder.BidsEncoder.sbeBlockLength()
                + BookUpdateBodyEncoder.AsksEncoder.sbeHeaderSize() + u.askCount() * BookUpdateBodyEncoder.AsksEncoder.sbeBlockLength();
    }

    /** {@return the entry length of a trade} */
    public static int tradeLength() {
        return ENTRY_BODY + MessageHeaderEncoder.ENCODED_LENGTH + TradeBodyEncoder.BLOCK_LENGTH;
    }

    /** {@return the entry length of {@code s}} */
    public static int length(VenueStateEvent s) {
        return ENTRY_BODY + MessageHeaderEncoder.ENCODED_LENGTH + VenueStateBodyEncoder.BLOCK_LENGTH
                + VAR_HEADER + Utf8.length(s.exchange()) + VAR_HEADER + Utf8.length(s.text());
    }

    /** {@return the entry length of {@code e}} */
    public static int length(ExecutionEvent e) {
        return ENTRY_BODY + MessageHeaderEncoder.ENCODED_LENGTH + ExecutionBodyEncoder.BLOCK_LENGTH
                + VAR_HEADER + Utf8.length(e.feeAsset()) + VAR_HEADER + Utf8.length(e.text());
    }

    /** Writes {@code u} at {@code index} ({@link #length(BookUpdate)} bytes). */
    public void encode(BookUpdate u, long recordedEpochNs, MutableDirectBuffer b, int index) {
        b.putLong(index + ENTRY_RECORDED, recordedEpochNs, JournalFormat.ORDER);
        b.putLong(index + ENTRY_RECEIVE, u.receiveTimestampNs(), JournalFormat.ORDER);
        book.wrapAndApplyHeader(b, index + ENTRY_BODY, header)
                .symbolId(u.symbolId())
                .bookType((short) u.type().ordinal())
                .flags((short) u.flags())
                .firstUpdateId(u.firstUpdateId())
                .lastUpdateId(u.lastUpdateId())
                .exchangeTimestampNs(u.exchangeTimestampNs())
                .receiveTimestampNs(u.receiveTimestampNs());
        BookUpdateBodyEncoder.BidsEncoder bids = book.bidsCount(u.bidCount());
        for (int i = 0; i < u.bidCount(); i++) bids.next().price(u.bidPrice(i)).quantity(u.bidQuantity(i));
        BookUpdateBodyEncoder.AsksEncoder asks = book.asksCount(u.askCount());
        for (int i = 0; i < u.askCount(); i++) asks.next().price(u.askPrice(i)).quantity(u.askQuantity(i));
    }

    /** Writes {@code t} at {@code index} ({@link #tradeLength()} bytes). */
    public void encode(TradeEvent t, long recordedEpochNs, MutableDirectBuffer b, int index) {
        b.putLong(index + ENTRY_RECORDED, recordedEpochNs, JournalFormat.ORDER);
        b.putLong(index + ENTRY_RECEIVE, t.receiveTimestampNs(), JournalFormat.ORDER);
        trade.wrapAndApplyHeader(b, index + ENTRY_BODY, header)
                .symbolId(t.symbolId())
                .aggressorSide(ordinal(t.aggressorSide()))
                .tradeId(t.tradeId())
                .price(t.priceScaled())
                .quantity(t.quantityScaled())
                .exchangeTimestampNs(t.exchangeTimestampNs())
                .receiveTimestampNs(t.receiveTimestampNs());
    }

    /** Writes {@code s} at {@code index} ({@link #length(VenueStateEvent)} bytes). */
    public void encode(VenueStateEvent s, long recordedEpochNs, MutableDirectBuffer b, int index) {
        b.putLong(index + ENTRY_RECORDED, recordedEpochNs, JournalFormat.ORDER);
        b.putLong(index + ENTRY_RECEIVE, s.receiveTimestampNs(), JournalFormat.ORDER);
        venue.wrapAndApplyHeader(b, index + ENTRY_BODY, header)
                .symbolId(s.symbolId())
                .state(ordinal(s.state()))
                .reason(ordinal(s.reason()))
                .retryAtEpochNs(s.retryAtEpochNs())
                .receiveTimestampNs(s.receiveTimestampNs());
        venue.limit(putVar(venue.limit(), s.exchange(), b));
        venue.limit(putVar(venue.limit(), s.text(), b));
    }

    /** Writes {@code e} at {@code index} ({@link #length(ExecutionEvent)} bytes). */
    public void encode(ExecutionEvent e, long recordedEpochNs, MutableDirectBuffer b, int index) {
        b.putLong(index + ENTRY_RECORDED, recordedEpochNs, JournalFormat.ORDER);
        b.putLong(index + ENTRY_RECEIVE, e.receiveTimestampNs(), JournalFormat.ORDER);
        exec.wrapAndApplyHeader(b, index + ENTRY_BODY, header)
                .execType(ordinal(e.execType()))
                .side(ordinal(e.side()))
                .liquidity(ordinal(e.liquidity()))
                .venueStatus(ordinal(e.venueStatus()))
                .reason(e.reason() == null ? 0xFFFF : e.reason().ordinal())
                .feeAssetPresent((short) (e.feeAsset() == null ? 0 : 1))
                .symbolId(e.symbolId())
                .feeScale(e.feeScale())
                .clientOrderId(e.clientOrderId())
                .origClientOrderId(e.origClientOrderId())
                .exchangeOrderId(e.exchangeOrderId())
                .execId(e.execId())
                .price(e.priceScaled())
                .quantity(e.quantityScaled())
                .lastPrice(e.lastPriceScaled())
                .lastQuantity(e.lastQuantityScaled())
                .cumulativeQuantity(e.cumulativeQuantityScaled())
                .leavesQuantity(e.leavesQuantityScaled())
                .fee(e.feeScaled())
                .exchangeTimestampNs(e.exchangeTimestampNs())
                .receiveTimestampNs(e.receiveTimestampNs());
        exec.limit(putVar(exec.limit(), e.feeAsset(), b));
        exec.limit(putVar(exec.limit(), e.text(), b));
    }

    /** An SBE varUtf8 field (uint32 length, then the bytes) written in place: the generated String setter would allocate. */
    private static int putVar(int limit, CharSequence s, MutableDirectBuffer b) {
        int n = Utf8.encode(s, b, limit + VAR_HEADER);
        b.putInt(limit, n, JournalFormat.ORDER);
        return limit + VAR_HEADER + n;
    }

    private static short ordinal(Enum<?> e) {
        return e == null ? JournalFormat.NULL_ENUM : (short) e.ordinal();
    }
}
