package flox.connector.binance.internal.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ids of adopted venue orders: negative, per (symbol, venue order id), read back, never a gateway id or NOT_OURS. */
class AdoptedIdsTest {
    @Test
    void shouldMakeANegativeIdPerSymbolAndOrderAndReadTheOrderBack() {
        long a = BinanceClientIds.adoptedId(3, 4_293_153L);
        assertTrue(a < 0 && BinanceClientIds.isAdopted(a));
        assertEquals(4_293_153L, BinanceClientIds.venueOrderIdOf(a));
        assertNotEquals(a, BinanceClientIds.adoptedId(4, 4_293_153L), "the same order id on another symbol is another order");
        assertFalse(BinanceClientIds.isAdopted(1_800_000_000_000_000L), "a gateway id");
        assertFalse(BinanceClientIds.isAdopted(BinanceClientIds.NOT_OURS));
    }

    @Test
    void shouldRefuseWhatDoesNotFit() {
        assertEquals(BinanceClientIds.NOT_OURS, BinanceClientIds.adoptedId(4096, 1));
        assertEquals(BinanceClientIds.NOT_OURS, BinanceClientIds.adoptedId(-1, 1));
        assertEquals(BinanceClientIds.NOT_OURS, BinanceClientIds.adoptedId(0, 0));
        assertEquals(BinanceClientIds.NOT_OURS, BinanceClientIds.adoptedId(0, 1L << 51));
        long edge = BinanceClientIds.adoptedId(4095, (1L << 51) - 1);
        assertTrue(BinanceClientIds.isAdopted(edge) && edge != Long.MIN_VALUE);
        assertEquals((1L << 51) - 1, BinanceClientIds.venueOrderIdOf(edge));
    }

    @Test
    void shouldNeverCollideAcrossRandomSymbolsAndOrders() {
        SplittableRandom r = new SplittableRandom(42);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            int symbol = r.nextInt(4096);
            long order = 1 + r.nextLong((1L << 51) - 1);
            long a = BinanceClientIds.adoptedId(symbol, order);
            assertEquals(order, BinanceClientIds.venueOrderIdOf(a));
            assertEquals(symbol, (int) (-a & 0xFFF));
            seen.add(a);
        }
        assertTrue(seen.size() > 99_990, "distinct pairs give distinct ids");
    }
}
