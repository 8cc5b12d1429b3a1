package flox.core.symbol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reproductions of suspected defects in {@link ConcurrentSymbolRegistry}. These tests FAIL
 * against the current production code on purpose; they are kept apart from
 * {@link ConcurrentSymbolRegistryTest} so the decision (fix or drop) can be taken separately.
 */
class ConcurrentSymbolRegistryBugReproductionTest {

    private static SymbolInfo spot(String exchange, String symbol, long tick) {
        return SymbolInfo.builder(exchange, symbol).priceScale(2).quantityScale(0)
                .tickSizeScaled(tick).lotSizeScaled(1).build();
    }

    /**
     * ConcurrentSymbolRegistry.java:78: a conflict between two definitions of the same symbol
     * inside one batch is reported as "SIM:AAA is already registered (id 0) ...", although
     * SIM:AAA was never registered and id 0 will later be handed to whatever registers next.
     * An operator reading the log would look for a registration that does not exist.
     */
    @Test
    void bugShouldNotClaimThatASymbolRepeatedWithinTheBatchIsAlreadyRegistered() {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class,
                () -> r.registerAll(List.of(spot("SIM", "AAA", 1), spot("SIM", "AAA", 2))));
        assertEquals(0, r.size());
        assertFalse(e.getMessage().contains("already registered"), e.getMessage());
    }

    /**
     * ConcurrentSymbolRegistry.java:68-73: every new definition of a batch is checked against
     * all earlier new definitions of the same batch by a linear scan, so registerAll is
     * quadratic in the batch size. SymbolRegistryComponent registers a whole symbols file as one
     * batch, holding the write lock: measured on a 2-core box, 20,000 symbols take ~1 s, 50,000
     * ~5 s (a hash lookup would make it a few tens of ms). The bound below is ~20x what a
     * linear implementation needs, and the test thread is abandoned at the timeout.
     */
    @Test
    @Timeout(value = 1500, unit = TimeUnit.MILLISECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bugShouldRegisterALargeBatchInLinearTime() throws Exception {
        List<SymbolInfo> batch = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) batch.add(spot("SIM", "S" + i, 1));
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.registerAll(batch);
        assertEquals(40_000, r.size());
    }
}
