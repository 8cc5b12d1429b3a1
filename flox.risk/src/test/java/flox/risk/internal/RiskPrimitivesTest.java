package flox.risk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The building blocks: 128-bit products, the fills table against a HashMap model, the positions table. */
class RiskPrimitivesTest {
    @Test
    void shouldCompareProductsExactlyAgainstBigIntegers() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long a = value(random);
            long b = value(random);
            long c = value(random);
            long d = value(random);
            int expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).compareTo(BigInteger.valueOf(c).multiply(BigInteger.valueOf(d)));
            assertEquals(expected, Integer.signum(Products.compare(a, b, c, d)), a + "*" + b + " vs " + c + "*" + d);
        }
        assertEquals(0, Products.compare(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
        assertTrue(Products.compare(Long.MAX_VALUE, 2, Long.MAX_VALUE, 1) > 0);
    }

    private static long value(Random r) {
        switch (r.nextInt(4)) {
            case 0: return r.nextInt(1000);
            case 1: return r.nextLong() & Long.MAX_VALUE;
            case 2: return (r.nextLong() & Long.MAX_VALUE) >>> r.nextInt(63);
            default: return Long.MAX_VALUE - r.nextInt(3);
        }
    }

    @Test
    void shouldSaturateAdditionAndSubtraction() {
        assertEquals(Long.MAX_VALUE, Products.addSaturated(Long.MAX_VALUE, 1));
        assertEquals(Long.MIN_VALUE, Products.addSaturated(Long.MIN_VALUE, -1));
        assertEquals(Long.MAX_VALUE, Products.subtractSaturated(Long.MAX_VALUE, -5));
        assertEquals(Long.MIN_VALUE, Products.subtractSaturated(Long.MIN_VALUE, 5));
        assertEquals(7, Products.subtractSaturated(10, 3));
        assertEquals(-2, Products.addSaturated(3, -5));
    }

    @Test
    void shouldBehaveLikeAMapUnderRandomPutsAndRemoves() {
        FillTable table = new FillTable(64, 1);
        Map<Long, Long> model = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 500_000; i++) {
            long id = random.nextInt(200) * 1_000_003L; // clusters of colliding homes
            if (random.nextInt(3) == 0) {
                assertEquals(model.containsKey(id) ? model.remove(id) : 0L, table.remove(id));
            } else if (model.size() < 64 || model.containsKey(id)) {
                long v = random.nextInt(1000) + 1;
                assertTrue(table.put(id, v));
                model.put(id, v);
            } else {
                assertFalse(table.put(id, 1), "full");
            }
            assertEquals(model.size(), table.size());
        }
        for (Map.Entry<Long, Long> e : model.entrySet()) assertEquals((long) e.getValue(), table.get(e.getKey()));
    }

    @Test
    void shouldForgetRetiredOrdersOldestFirst() {
        FillTable table = new FillTable(16, 2);
        for (long id = 1; id <= 3; id++) {
            table.put(id, id * 10);
            table.retire(id);
        }
        assertFalse(table.contains(1), "the oldest retired is forgotten");
        assertEquals(20, table.get(2));
        assertEquals(30, table.get(3));
        table.retire(99); // never recorded: ignored
        assertEquals(20, table.get(2));
    }

    @Test
    void shouldKeepPositionsPerStrategyAndSymbolUpToItsCapacity() {
        PositionTable positions = new PositionTable(16);
        for (int s = 0; s < 16; s++) assertTrue(positions.add(s, s % 3, s + 1));
        assertTrue(positions.isFull());
        assertFalse(positions.add(100, 0, 1), "a new pair is refused when full");
        assertTrue(positions.add(4, 1, -10), "an existing pair still moves");
        assertEquals(-5, positions.position(4, 1));
        assertEquals(0, positions.position(4, 2));
        assertEquals(-1, positions.slotOf(100, 0));
        assertTrue(positions.add(-3, 0, 0) || positions.isFull());
        PositionTable negatives = new PositionTable(16);
        assertTrue(negatives.add(-1, 0, 5), "negative strategy ids are keys like any other");
        assertEquals(5, negatives.position(-1, 0));
        assertEquals(0, negatives.position(0, 0));
    }
}
