package flox.recorder.internal.journal;

import static flox.recorder.internal.journal.JournalTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.EventKind;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class JournalRoundTripTest {
    @TempDir
    Path dir;

    private Recorder recorder(ConcurrentSymbolRegistry registry, Recorder.Filter filter) {
        Recorder r = new Recorder(dir, 1 << 20, 64 << 20, 1 << 16, filter, registry, new JournalTestSupport.TestClock());
        r.start();
        return r;
    }

    private static Recorder.Filter all() {
        return new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of());
    }

    @Test
    void shouldReadBackEveryFieldOfEveryEventKind() throws Exception {
        ConcurrentSymbolRegistry registry = JournalTestSupport.registry();
        Recorder r = recorder(registry, all());
        BookUpdate snapshot = JournalTestSupport.book(3, 0, 2);
        BookUpdate invalid = new BookUpdate(4).resetInvalid(1).updateIds(5, 6).timestamps(7, 8);
        BookUpdate continued = JournalTestSupport.book(2, 1, 3).flags(BookUpdate.CONTINUED);
        BookUpdate empty = JournalTestSupport.book(0, 0, 4);
        TradeEvent buy = JournalTestSupport.trade(0, 1);
        TradeEvent noSide = JournalTestSupport.trade(1, 3);
        ExecutionEvent fill = JournalTestSupport.execution(1);
        ExecutionEvent reject = new ExecutionEvent().reset(ExecType.REJECTED, 5, 0, Side.BUY); // null fee asset, no text, unknown leaves
        VenueStateEvent wide = JournalTestSupport.venue(VenueStateEvent.ALL_SYMBOLS);
        VenueStateEvent one = JournalTestSupport.venue(1).set("SIM", 1, flox.api.event.VenueState.LIVE, flox.api.event.VenueStateReason.NONE, 0, "", 9);
        r.onBookUpdate(snapshot);
        r.onBookUpdate(invalid);
        r.onBookUpdate(continued);
        r.onBookUpdate(empty);
        r.onTrade(buy);
        r.onTrade(noSide);
        r.onExecution(fill);
        r.onExecution(reject);
        r.onVenueState(wide);
        r.onVenueState(one);
        await(() -> r.writer().events() == 10, "10 events written");
        r.stop(5_000);

        try (JournalReader reader = new JournalReader(dir, false)) {
            BookUpdate b = new BookUpdate(8);
            TradeEvent t = new TradeEvent();
            ExecutionEvent e = new ExecutionEvent();
            VenueStateEvent v = new VenueStateEvent();
            assertBook(snapshot, next(reader, JournalFormat.TYPE_BOOK_UPDATE).readBookUpdate(b));
            assertBook(invalid, next(reader, JournalFormat.TYPE_BOOK_UPDATE).readBookUpdate(b));
            assertTrue(b.isInvalid());
            assertBook(continued, next(reader, JournalFormat.TYPE_BOOK_UPDATE).readBookUpdate(b));
            assertTrue(b.isContinued());
            assertBook(empty, next(reader, JournalFormat.TYPE_BOOK_UPDATE).readBookUpdate(b));
            assertTrade(buy, next(reader, JournalFormat.TYPE_TRADE).readTrade(t));
            assertEquals(buy.receiveTimestampNs(), reader.receiveNs(), "record header's receive time");
            assertTrade(noSide, next(reader, JournalFormat.TYPE_TRADE).readTrade(t));
            assertNull(t.aggressorSide());
            assertExecution(fill, next(reader, JournalFormat.TYPE_EXECUTION).readExecution(e));
            assertExecution(reject, next(reader, JournalFormat.TYPE_EXECUTION).readExecution(e));
            assertNull(e.feeAsset());
            assertEquals(ExecutionEvent.LEAVES_UNKNOWN, e.leavesQuantityScaled());
            assertVenue(wide, next(reader, JournalFormat.TYPE_VENUE_STATE).readVenueState(v));
            assertEquals(-1, reader.symbolId());
            assertVenue(one, next(reader, JournalFormat.TYPE_VENUE_STATE).readVenueState(v));
            assertTrue(!reader.next(), "nothing more");
            assertTrue(reader.segmentClosed(), "closed with SEGMENT_END");
            assertEquals(List.of(), reader.tornTails());
        }
    }

    @Test
    void shouldListEverySymbolWithItsScalesInTheSegmentHeader() throws Exception {
        ConcurrentSymbolRegistry registry = JournalTestSupport.registry();
        Recorder r = recorder(registry, all());
        r.stop(5_000);
        try (JournalReader reader = new JournalReader(dir, false)) {
            assertTrue(!reader.next());
            List<SymbolInfo> header = reader.segments().get(0).symbols();
            assertEquals(registry.symbols(), header, "every field of every symbol (SymbolInfo.equals compares them all)");
            assertEquals(5, header.get(0).quantityScale());
            assertEquals(0, reader.segments().get(0).number());
            assertEquals(20261206, reader.segments().get(0).utcDay());
        }
    }

    @Test
    void shouldWriteASymbolRecordForASymbolRegisteredAfterTheHeader() throws Exception {
        ConcurrentSymbolRegistry registry = JournalTestSupport.registry();
        Recorder r = recorder(registry, all());
        r.onTrade(JournalTestSupport.trade(0, 1));
        await(() -> r.writer().events() == 1, "first trade");
        int sol = registry.register(SymbolInfo.builder("BINANCE", "SOLUSDT").priceScale(3).quantityScale(2).tickSizeScaled(1).lotSizeScaled(1)
                .build());
        r.onTrade(JournalTestSupport.trade(sol, 2));
        await(() -> r.writer().events() == 2, "second trade");
        r.stop(5_000);
        try (JournalReader reader = new JournalReader(dir, false)) {
            List<JournalTestSupport.Row> rows = JournalTestSupport.readAll(reader);
            assertEquals(List.of(JournalFormat.TYPE_TRADE, JournalFormat.TYPE_SYMBOL, JournalFormat.TYPE_TRADE), rows.stream().map(JournalTestSupport.Row::type).toList());
            assertEquals(registry.symbol(sol), reader.symbol(sol), "the SYMBOL record defines it before its first event");
            assertEquals(3, reader.symbol(sol).priceScale());
        }
    }

    @Test
    void shouldRecordOnlyTheConfiguredKindsAndSymbols() throws Exception {
        ConcurrentSymbolRegistry registry = JournalTestSupport.registry();
        Recorder r = recorder(registry, new Recorder.Filter(EnumSet.of(EventKind.TRADE, EventKind.VENUE_STATE), List.of("SIM:ETHUSDT")));
        r.onTrade(JournalTestSupport.trade(0, 1));       // BTC: not recorded
        r.onTrade(JournalTestSupport.trade(1, 2));       // ETH
        r.onBookUpdate(JournalTestSupport.book(2, 1, 1)); // kind not recorded
        r.onVenueState(JournalTestSupport.venue(VenueStateEvent.ALL_SYMBOLS)); // venue-wide: always
        r.onExecution(JournalTestSupport.execution(1));   // kind not recorded
        await(() -> r.writer().events() == 2, "two events");
        r.stop(5_000);
        assertEquals(1, r.filtered(EventKind.TRADE));
        assertEquals(1, r.filtered(EventKind.BOOK_UPDATE));
        assertEquals(1, r.filtered(EventKind.EXECUTION));
        try (JournalReader reader = new JournalReader(dir, false)) {
            List<JournalTestSupport.Row> rows = JournalTestSupport.readAll(reader);
            assertEquals(List.of(JournalFormat.TYPE_TRADE, JournalFormat.TYPE_VENUE_STATE), rows.stream().map(JournalTestSupport.Row::type).toList());
            assertEquals(2, rows.get(0).tradeId());
        }
    }

    private static JournalReader next(JournalReader r, int type) {
        assertTrue(r.next(), "another record");
        assertEquals(JournalFormat.typeName(type), JournalFormat.typeName(r.type()));
        return r;
    }

    static void assertBook(BookUpdate want, BookUpdate got) {
        assertEquals(want.symbolId(), got.symbolId());
        assertEquals(want.type(), got.type());
        assertEquals(want.flags(), got.flags());
        assertEquals(want.firstUpdateId(), got.firstUpdateId());
        assertEquals(want.lastUpdateId(), got.lastUpdateId());
        assertEquals(want.exchangeTimestampNs(), got.exchangeTimestampNs());
        assertEquals(want.receiveTimestampNs(), got.receiveTimestampNs());
        assertEquals(want.bidCount(), got.bidCount());
        assertEquals(want.askCount(), got.askCount());
        for (int i = 0; i < want.bidCount(); i++) {
            assertEquals(want.bidPrice(i), got.bidPrice(i));
            assertEquals(want.bidQuantity(i), got.bidQuantity(i));
        }
        for (int i = 0; i < want.askCount(); i++) {
            assertEquals(want.askPrice(i), got.askPrice(i));
            assertEquals(want.askQuantity(i), got.askQuantity(i));
        }
    }

    static void assertTrade(TradeEvent want, TradeEvent got) {
        assertEquals(want.symbolId(), got.symbolId());
        assertEquals(want.tradeId(), got.tradeId());
        assertEquals(want.priceScaled(), got.priceScaled());
        assertEquals(want.quantityScaled(), got.quantityScaled());
        assertEquals(want.aggressorSide(), got.aggressorSide());
        assertEquals(want.exchangeTimestampNs(), got.exchangeTimestampNs());
        assertEquals(want.receiveTimestampNs(), got.receiveTimestampNs());
    }

    static void assertExecution(ExecutionEvent want, ExecutionEvent got) {
        assertEquals(want.execType(), got.execType());
        assertEquals(want.clientOrderId(), got.clientOrderId());
        assertEquals(want.origClientOrderId(), got.origClientOrderId());
        assertEquals(want.exchangeOrderId(), got.exchangeOrderId());
        assertEquals(want.execId(), got.execId());
        assertEquals(want.symbolId(), got.symbolId());
        assertEquals(want.side(), got.side());
        assertEquals(want.priceScaled(), got.priceScaled());
        assertEquals(want.quantityScaled(), got.quantityScaled());
        assertEquals(want.lastPriceScaled(), got.lastPriceScaled());
        assertEquals(want.lastQuantityScaled(), got.lastQuantityScaled());
        assertEquals(want.cumulativeQuantityScaled(), got.cumulativeQuantityScaled());
        assertEquals(want.reason(), got.reason());
        assertEquals(want.text().toString(), got.text().toString());
        assertEquals(want.exchangeTimestampNs(), got.exchangeTimestampNs());
        assertEquals(want.receiveTimestampNs(), got.receiveTimestampNs());
        assertEquals(want.leavesQuantityScaled(), got.leavesQuantityScaled());
        assertEquals(want.feeScaled(), got.feeScaled());
        assertEquals(want.feeScale(), got.feeScale());
        assertEquals(want.feeAsset(), got.feeAsset());
        assertEquals(want.liquidity(), got.liquidity());
        assertEquals(want.venueStatus(), got.venueStatus());
    }

    static void assertVenue(VenueStateEvent want, VenueStateEvent got) {
        assertEquals(want.exchange(), got.exchange());
        assertEquals(want.symbolId(), got.symbolId());
        assertEquals(want.state(), got.state());
        assertEquals(want.reason(), got.reason());
        assertEquals(want.retryAtEpochNs(), got.retryAtEpochNs());
        assertEquals(want.text(), got.text());
        assertEquals(want.receiveTimestampNs(), got.receiveTimestampNs());
    }
}
