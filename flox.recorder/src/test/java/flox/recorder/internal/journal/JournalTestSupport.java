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
import flox.api.time.NanoClock;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;

/** Registry, clock, events and a direct writer path for the journal tests. */
final class JournalTestSupport {
    /** 2026-12-06T00:00:00Z in epoch ns. */
    static final long DAY_START = 1_796_515_200_000_000_000L;

    private JournalTestSupport() {
    }

    static ConcurrentSymbolRegistry registry() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1)
                .minNotionalScaled(500).build());
        r.register(SymbolInfo.builder("SIM", "ETHUSDT").instrumentType(InstrumentType.FUTURE).priceScale(2).quantityScale(4).tickSizeScaled(1)
                .lotSizeScaled(10).minQuantityScaled(10).minNotionalScaled(100).maxQuantityScaled(1_000_000).maxNotionalScaled(9_999_999).tradable(false)
                .build());
        return r;
    }

    /** A clock the test sets; epochNanos advances 1 us per call (so records are ordered), nanoTime likewise. */
    static final class TestClock implements NanoClock {
        volatile long epoch = DAY_START + 3_600_000_000_000L;
        volatile long nano = 1_000_000;

        @Override
        public long nanoTime() {
            return nano += 1_000;
        }

        @Override
        public long epochNanos() {
            return epoch += 1_000;
        }
    }

    static BookUpdate book(int levels, int symbolId, long seed) {
        BookUpdate u = new BookUpdate(Math.max(levels, 1));
        u.reset(symbolId, seed % 2 == 0 ? BookUpdate.Type.SNAPSHOT : BookUpdate.Type.DELTA).updateIds(seed * 10, seed * 10 + 9)
                .timestamps(DAY_START + seed, 5_000 + seed);
        for (int i = 0; i < levels; i++) {
            u.addBid(6_000_000 - i - seed, 100 + i);
            u.addAsk(6_000_001 + i + seed, 200 + i);
        }
        return u;
    }

    static TradeEvent trade(int symbolId, long id) {
        return new TradeEvent().set(symbolId, id, 6_000_000 + id, 1_000 + id, id % 3 == 0 ? null : id % 3 == 1 ? Side.BUY : Side.SELL,
                DAY_START + id * 7, 9_000 + id);
    }

    static ExecutionEvent execution(long id) {
        return new ExecutionEvent().reset(ExecType.PARTIALLY_FILLED, 1_000 + id, 1, Side.SELL).origClientOrderId(999).exchangeOrderId(77_000 + id)
                .execId(55 + id).order(300_012, 5_000).fill(300_010, 1_000, 2_000).reason(RejectReason.PRICE_BAND, "prix refusé ✓ 𝄞")
                .timestamps(DAY_START + 11, 123_456 + id).leaves(3_000).fee(42, 8, "BNB").liquidity(Liquidity.MAKER)
                .venueStatus(OrderStatus.PARTIALLY_FILLED);
    }

    static VenueStateEvent venue(int symbolId) {
        return new VenueStateEvent().set("SIM", symbolId, VenueState.RATE_LIMITED, VenueStateReason.RATE_LIMIT, DAY_START + 99, "429: slow down",
                777);
    }

    /** Encodes and appends straight to a writer (no ring, no thread): exact control for torn and roll tests. */
    static final class DirectWriter {
        final JournalWriter writer;
        final EventEncoder encoder = new EventEncoder();
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20));

        DirectWriter(JournalWriter writer) {
            this.writer = writer;
        }

        void trade(TradeEvent t, long recordedEpochNs) {
            encoder.encode(t, recordedEpochNs, scratch, 0);
            writer.append(JournalFormat.TYPE_TRADE, scratch, 0, EventEncoder.tradeLength());
        }

        void book(BookUpdate u, long recordedEpochNs) {
            encoder.encode(u, recordedEpochNs, scratch, 0);
            writer.append(JournalFormat.TYPE_BOOK_UPDATE, scratch, 0, EventEncoder.length(u));
        }
    }

    /** Every record of a journal: type, file, offset; trades' ids. */
    record Row(int type, Path file, long offset, long tradeId) {
    }

    static List<Row> readAll(JournalReader r) {
        List<Row> rows = new ArrayList<>();
        TradeEvent t = new TradeEvent();
        while (r.next()) {
            rows.add(new Row(r.type(), r.file(), r.offset(), r.type() == JournalFormat.TYPE_TRADE ? r.readTrade(t).tradeId() : -1));
        }
        return rows;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s: " + what);
            Thread.sleep(1);
        }
    }
}
