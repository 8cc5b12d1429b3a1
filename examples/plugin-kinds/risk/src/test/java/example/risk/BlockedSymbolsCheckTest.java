package example.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The check on its own: orders built by hand, a registry of two symbols. No OSGi framework needed. */
@Timeout(10)
class BlockedSymbolsCheckTest {
    static final SymbolInfo BTC = SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5)
            .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).build().withSymbolId(0);
    static final SymbolInfo SOL = SymbolInfo.builder("SIM", "SOLUSDT").priceScale(2).quantityScale(3)
            .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).build().withSymbolId(1);

    static final SymbolRegistry SYMBOLS = new SymbolRegistry() {
        @Override public int register(SymbolInfo definition) { throw new UnsupportedOperationException(); }
        @Override public int[] registerAll(List<SymbolInfo> definitions) { throw new UnsupportedOperationException(); }
        @Override public SymbolInfo symbol(int id) { return id == 0 ? BTC : id == 1 ? SOL : null; }
        @Override public int resolve(CharSequence exchange, CharSequence symbol) { return UNKNOWN; }
        @Override public int size() { return 2; }
        @Override public List<SymbolInfo> symbols() { return List.of(BTC, SOL); }
    };

    final OrderRequest order = new OrderRequest();
    final BlockedSymbolsCheck check = new BlockedSymbolsCheck(SYMBOLS, BlockedSymbolsCheck.Settings.of("SIM:SOLUSDT", "0.5"));

    OrderRequest buy(int symbolId, long quantityScaled) {
        return order.clear().limit(1, symbolId, Side.BUY, 6_000_000, quantityScaled, TimeInForce.GTC).strategyId(1);
    }

    @Test
    void shouldRefuseOrdersOnABlockedSymbol() {
        assertEquals(RejectReason.RISK_LIMIT, check.check(buy(1, 1)));
        assertEquals(RejectReason.NONE, check.check(buy(0, 1)));
        assertEquals(1, check.refused());
    }

    @Test
    void shouldRefuseAQuantityAboveTheCapAtTheSymbolsScale() {
        assertEquals(RejectReason.NONE, check.check(buy(0, 50_000)), "0.5 BTC: at the cap");
        assertEquals(RejectReason.RISK_LIMIT, check.check(buy(0, 50_001)), "0.50001 BTC: above it");
    }

    @Test
    void shouldLetEverythingThroughWithoutACapOrBlockedSymbols() {
        BlockedSymbolsCheck open = new BlockedSymbolsCheck(SYMBOLS, BlockedSymbolsCheck.Settings.of("", "0"));
        assertEquals(RejectReason.NONE, open.check(buy(1, 1_000_000)));
    }

    @Test
    void shouldRefuseBadSettingsNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlockedSymbolsCheck.Settings.of("SOLUSDT", "0")).getMessage()
                .startsWith("blocked.symbols"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlockedSymbolsCheck.Settings.of("", "-1")).getMessage()
                .startsWith("max.quantity"));
    }

    @Test
    void shouldAllocateNothingPerCheck() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(), "this JVM measures allocation");
        long tid = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5 && allocated > 0; round++) { // the first rounds may still compile
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++) check.check(buy(i & 1, 1 + (i & 7)));
            allocated = threads.getThreadAllocatedBytes(tid) - before;
        }
        assertEquals(0, allocated, "bytes for 100,000 checks");
    }
}
