package flox.executor.sim.internal.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LongIntHashMapTest {

    @Test
    void shouldPutGetOverwriteAndRemove() {
        LongIntHashMap m = new LongIntHashMap(4);
        assertEquals(LongIntHashMap.MISSING, m.get(1));
        assertTrue(m.put(1, 10));
        assertTrue(m.put(0, 0));
        assertTrue(m.put(-5, 3));
        assertTrue(m.put(1, 11));
        assertEquals(11, m.get(1));
        assertEquals(0, m.get(0));
        assertEquals(3, m.get(-5));
        assertEquals(3, m.size());
        assertEquals(11, m.remove(1));
        assertEquals(LongIntHashMap.MISSING, m.remove(1));
        assertEquals(2, m.size());
    }

    @Test
    void shouldRefuseANewKeyWhenFull() {
        LongIntHashMap m = new LongIntHashMap(2);
        assertTrue(m.put(1, 1));
        assertTrue(m.put(2, 2));
        assertFalse(m.put(3, 3));
        assertTrue(m.put(2, 5), "overwriting is fine");
    }

    @Test
    void shouldAgreeWithHashMapUnderChurn() {
        LongIntHashMap m = new LongIntHashMap(64);
        Map<Long, Integer> ref = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) {
            long key = rnd.nextInt(200); // many collisions and clusters
            if (rnd.nextBoolean() && ref.size() < 64) {
                int v = rnd.nextInt(1_000);
                assertTrue(m.put(key, v));
                ref.put(key, v);
            } else {
                Integer old = ref.remove(key);
                assertEquals(old == null ? LongIntHashMap.MISSING : old, m.remove(key));
            }
            long probe = rnd.nextInt(200);
            Integer expected = ref.get(probe);
            assertEquals(expected == null ? LongIntHashMap.MISSING : expected, m.get(probe));
        }
        assertEquals(ref.size(), m.size());
    }
}
