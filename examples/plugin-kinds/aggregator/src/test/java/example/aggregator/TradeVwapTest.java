package example.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The aggregator on its own: trades built by hand, as the bus would deliver them. No OSGi framework needed. */
@Timeout(10)
class TradeVwapTest {
    static final SymbolInfo BTC = SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5)
            .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).build().withSymbolId(0);

    static final SymbolRegistry SYMBOLS = new SymbolRegistry() {
        @Override public int register(SymbolInfo definition) { throw new UnsupportedOperationException(); }
        @Override public int[] registerAll(List<SymbolInfo> definitions) { throw new UnsupportedOperationException(); }
        @Override public SymbolInfo symbol(int id) { return id == 0 ? BTC : null; }
        @Override public int resolve(CharSequence exchange, CharSequence symbol) { return UNKNOWN; }
        @Override public int size() { return 1; }
        @Override public List<SymbolInfo> symbols() { return List.of(BTC); }
    };

    final TradeVwap vwap = new TradeVwap(SYMBOLS, 16);
    final TradeEvent trade = new TradeEvent();

    void trade(long priceScaled, long quantityScaled) {
        vwap.onTrade(trade.set(0, 1, priceScaled, quantityScaled, Side.BUY, 0, 0));
    }

    @Test
    void shouldWeighEachPriceByItsQuantity() {
        trade(6_000_000, 100_000); // 1 BTC at 60,000.00
        trade(6_100_000, 300_000); // 3 BTC at 61,000.00
        assertEquals(6_075_000, vwap.vwapScaled(0), "(60,000 + 3 x 61,000) / 4 = 60,750.00");
        assertEquals(400_000, vwap.volumeScaled(0));
        assertEquals("vwap SIM:BTCUSDT 60750.00 vol 4.00000", vwap.statusFragment());
    }

    @Test
    void shouldShowNothingBeforeTheFirstTradeAndIgnoreSymbolsBeyondItsArrays() {
        assertEquals(-1, vwap.vwapScaled(0));
        assertEquals("", vwap.statusFragment());
        vwap.onTrade(trade.set(99, 1, 1, 1, Side.SELL, 0, 0));
        assertEquals(0, vwap.trades());
    }

    @Test
    void shouldAllocateNothingPerTrade() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(), "this JVM measures allocation");
        long tid = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5 && allocated > 0; round++) { // the first rounds may still compile
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++) trade(6_000_000 + (i & 15), 1 + (i & 7));
            allocated = threads.getThreadAllocatedBytes(tid) - before;
        }
        assertEquals(0, allocated, "bytes for 100,000 trades");
        assertTrue(vwap.vwapScaled(0) >= 6_000_000 && vwap.vwapScaled(0) <= 6_000_015);
    }
}
