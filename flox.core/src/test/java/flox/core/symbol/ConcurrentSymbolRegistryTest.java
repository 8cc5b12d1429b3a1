package flox.core.symbol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import flox.api.symbol.InstrumentType;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import flox.api.symbol.SymbolRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ConcurrentSymbolRegistryTest {

    /** BTCUSDT-like spot definition: tick 0.01 (scale 2), lot 0.00001 (scale 5). */
    private static SymbolInfo spot(String exchange, String symbol) {
        return SymbolInfo.builder(exchange, symbol).instrumentType(InstrumentType.SPOT)
                .priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).minNotionalScaled(500).build();
    }

    private static SymbolInfo modified(SymbolInfo base, UnaryOperator<SymbolInfo.Builder> change) {
        return change.apply(base.toBuilder()).build();
    }

    private static String name(int i) {
        return "SYM" + i;
    }

    // ---------------------------------------------------------------- registration and ids

    @Test
    void shouldStartEmpty() {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        assertEquals(0, r.size());
        assertTrue(r.symbols().isEmpty());
        assertNull(r.symbol(0));
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "BTCUSDT"));
    }

    @Test
    void shouldAssignDenseIdsInRegistrationOrder() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        for (int i = 0; i < 100; i++) {
            assertEquals(i, r.register(spot("SIM", name(i))));
            assertEquals(i + 1, r.size());
        }
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int id = r.resolve("SIM", name(i));
            assertEquals(i, id);
            assertTrue(ids.add(id));
        }
    }

    @Test
    void shouldReturnTheDefinitionWithItsAssignedIdWhenResolvingById() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolInfo btc = spot("SIM", "BTCUSDT");
        SymbolInfo eth = spot("SIM", "ETHUSDT");
        r.register(btc);
        int id = r.register(eth);

        SymbolInfo got = r.symbol(id);
        assertNotNull(got);
        assertEquals(1, got.symbolId());
        assertEquals("SIM", got.exchange());
        assertEquals("ETHUSDT", got.symbol());
        assertNull(eth.differenceFrom(got), "registered copy must carry identical metadata");
        assertEquals(SymbolRegistry.UNKNOWN, eth.symbolId(), "the caller's definition is not mutated");
    }

    @Test
    void shouldReturnNullForIdsOutsideTheRegisteredRange() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.register(spot("SIM", "BTCUSDT"));
        assertNull(r.symbol(-1));
        assertNull(r.symbol(SymbolRegistry.UNKNOWN));
        assertNull(r.symbol(1));
        assertNull(r.symbol(Integer.MAX_VALUE));
        assertNull(r.symbol(Integer.MIN_VALUE));
    }

    @Test
    void shouldResolveFromCharSequencesThatAreNotStrings() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.register(spot("SIM", "BTCUSDT"));
        int eth = r.register(spot("BINANCE", "ETHUSDT"));

        StringBuilder exchange = new StringBuilder("BINANCE");
        StringBuilder symbol = new StringBuilder("ETHUSDT");
        assertEquals(eth, r.resolve(exchange, symbol));

        // the same mutable buffers reused for another lookup, as a hot path would
        exchange.setLength(0);
        exchange.append("SIM");
        symbol.setLength(0);
        symbol.append("BTCUSDT");
        assertEquals(0, r.resolve(exchange, symbol));

        CharSequence slice = "xxBTCUSDTyy".subSequence(2, 9);
        assertEquals(0, r.resolve(java.nio.CharBuffer.wrap("SIM"), slice));
    }

    @Test
    void shouldReturnUnknownForUnregisteredSymbols() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.register(spot("SIM", "BTCUSDT"));
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "ETHUSDT"));
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("BINANCE", "BTCUSDT"), "same symbol on another exchange");
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "BTCUSD"), "prefix");
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "BTCUSDTX"), "longer");
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("sim", "btcusdt"), "case-sensitive");
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("", ""));
        assertEquals(-1, SymbolRegistry.UNKNOWN);
    }

    @Test
    void shouldNotConfuseExchangeAndSymbolBoundaries() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        int a = r.register(spot("AB", "C"));
        int b = r.register(spot("A", "BC"));
        // identifiers may contain ':' (the hash separator); still distinct pairs
        int c = r.register(spot("X:Y", "Z"));
        int d = r.register(spot("X", "Y:Z"));
        assertEquals(4, new HashSet<>(Arrays.asList(a, b, c, d)).size());
        assertEquals(a, r.resolve("AB", "C"));
        assertEquals(b, r.resolve("A", "BC"));
        assertEquals(c, r.resolve("X:Y", "Z"));
        assertEquals(d, r.resolve("X", "Y:Z"));
    }

    @Test
    void shouldKeepPairsWithTheSameColonSpellingApartWithinOneBatch() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolInfo xy = spot("SIM", "X:Y");
        SymbolInfo x = modified(spot("SIM:X", "Y"), b -> b.tickSizeScaled(2)); // different metadata: no conflict either
        int[] ids = r.registerAll(List.of(xy, x, xy, x));
        assertArrayEquals(new int[] {0, 1, 0, 1}, ids);
        assertEquals(0, r.resolve("SIM", "X:Y"));
        assertEquals(1, r.resolve("SIM:X", "Y"));
        assertEquals(2, r.symbol(1).tickSizeScaled());
    }

    @Test
    void shouldResolveEverySymbolOfALargeRegistry() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        List<SymbolInfo> batch = new ArrayList<>();
        for (int i = 0; i < 5000; i++) batch.add(spot(i % 2 == 0 ? "SIM" : "BINANCE", name(i)));
        int[] ids = r.registerAll(batch);
        assertEquals(5000, r.size());
        for (int i = 0; i < 5000; i++) {
            assertEquals(i, ids[i]);
            assertEquals(i, r.resolve(i % 2 == 0 ? "SIM" : "BINANCE", name(i)));
            assertEquals(SymbolRegistry.UNKNOWN, r.resolve(i % 2 == 0 ? "BINANCE" : "SIM", name(i)));
            assertEquals(name(i), r.symbol(i).symbol());
        }
    }

    // ---------------------------------------------------------------- re-registration and conflicts

    @Test
    void shouldReturnTheExistingIdWhenReRegisteringAnIdenticalDefinition() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.register(spot("SIM", "AAA"));
        int id = r.register(spot("SIM", "BTCUSDT"));
        SymbolInfo before = r.symbol(id);

        assertEquals(id, r.register(spot("SIM", "BTCUSDT")));
        // a definition already carrying an id (e.g. taken from another registry) is still identical
        assertEquals(id, r.register(spot("SIM", "BTCUSDT").withSymbolId(42)));
        assertEquals(2, r.size());
        assertEquals(before, r.symbol(id));
    }

    @Test
    void shouldRefuseConflictingRedefinition() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolInfo btc = spot("SIM", "BTCUSDT");
        int id = r.register(btc);
        SymbolInfo registered = r.symbol(id);

        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class,
                () -> r.register(modified(btc, b -> b.tickSizeScaled(5))));
        String msg = e.getMessage();
        assertTrue(msg.contains("SIM:BTCUSDT"), msg);
        assertTrue(msg.contains("tickSize"), msg);
        assertTrue(msg.contains("0.01") && msg.contains("0.05"), "shows old and new value: " + msg);

        assertEquals(1, r.size());
        assertEquals(registered, r.symbol(id));
        assertEquals(1, r.symbol(id).tickSizeScaled());
    }

    @Test
    void shouldNameEachDifferingFieldInTheConflictMessage() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolInfo base = spot("SIM", "BTCUSDT");
        r.register(base);

        List<Object[]> cases = List.of(
                new Object[] {"type", modified(base, b -> b.instrumentType(InstrumentType.FUTURE))},
                new Object[] {"priceScale", modified(base, b -> b.priceScale(3))},
                new Object[] {"quantityScale", modified(base, b -> b.quantityScale(6))},
                new Object[] {"tickSize", modified(base, b -> b.tickSizeScaled(2))},
                new Object[] {"lotSize", modified(base, b -> b.lotSizeScaled(10))},
                new Object[] {"minQuantity", modified(base, b -> b.minQuantityScaled(7))},
                new Object[] {"minNotional", modified(base, b -> b.minNotionalScaled(1000))});
        for (Object[] c : cases) {
            String field = (String) c[0];
            SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class,
                    () -> r.register((SymbolInfo) c[1]), field);
            assertTrue(e.getMessage().contains("SIM:BTCUSDT"), e.getMessage());
            assertTrue(e.getMessage().contains(field + " is "), field + ": " + e.getMessage());
        }
        assertEquals(1, r.size());
        assertNull(base.differenceFrom(r.symbol(0)));
    }

    @Test
    void shouldRegisterNothingFromABatchWithOneConflict() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolInfo btc = spot("SIM", "BTCUSDT");
        r.register(btc);

        List<SymbolInfo> batch = List.of(
                spot("SIM", "ETHUSDT"),
                spot("SIM", "SOLUSDT"),
                modified(btc, b -> b.lotSizeScaled(100)), // conflict, in the middle
                spot("SIM", "XRPUSDT"));
        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class, () -> r.registerAll(batch));
        assertTrue(e.getMessage().contains("SIM:BTCUSDT"), e.getMessage());
        assertTrue(e.getMessage().contains("lotSize"), e.getMessage());

        assertEquals(1, r.size());
        assertEquals(1, r.symbols().size());
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "ETHUSDT"));
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "SOLUSDT"));
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "XRPUSDT"));
        assertNull(r.symbol(1));

        // the failed batch did not consume ids: the next registration gets id 1
        assertEquals(1, r.register(spot("SIM", "XRPUSDT")));
    }

    @Test
    void shouldNameTheFirstOffendingDefinitionOfABatch() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolInfo a = spot("SIM", "AAA");
        SymbolInfo b = spot("SIM", "BBB");
        r.registerAll(List.of(a, b));
        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class, () -> r.registerAll(List.of(
                spot("SIM", "NEW"),
                modified(b, x -> x.minNotionalScaled(1)),
                modified(a, x -> x.minNotionalScaled(1)))));
        assertTrue(e.getMessage().contains("SIM:BBB"), e.getMessage());
        assertTrue(e.getMessage().contains("minNotional"), e.getMessage());
        assertEquals(2, r.size());
    }

    @Test
    void shouldAcceptABatchMixingNewAndIdenticalExistingSymbols() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.registerAll(List.of(spot("SIM", "AAA"), spot("SIM", "BBB")));
        int[] ids = r.registerAll(List.of(spot("SIM", "CCC"), spot("SIM", "BBB"), spot("SIM", "DDD"), spot("SIM", "AAA")));
        assertArrayEquals(new int[] {2, 1, 3, 0}, ids);
        assertEquals(4, r.size());
    }

    @Test
    void shouldReturnIdsInBatchOrder() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        int[] ids = r.registerAll(List.of(spot("SIM", "CCC"), spot("SIM", "AAA"), spot("SIM", "BBB")));
        assertArrayEquals(new int[] {0, 1, 2}, ids);
        assertEquals("CCC", r.symbol(0).symbol());
        assertEquals("AAA", r.symbol(1).symbol());
        assertEquals("BBB", r.symbol(2).symbol());
    }

    @Test
    void shouldGiveIdenticalDuplicatesWithinABatchOneId() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        int[] ids = r.registerAll(List.of(spot("SIM", "AAA"), spot("SIM", "BBB"), spot("SIM", "AAA"), spot("SIM", "AAA")));
        assertArrayEquals(new int[] {0, 1, 0, 0}, ids);
        assertEquals(2, r.size());
        assertEquals(List.of("AAA", "BBB"), List.of(r.symbol(0).symbol(), r.symbol(1).symbol()));
    }

    @Test
    void shouldRefuseConflictingDuplicatesWithinABatchAndRegisterNone() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolInfo aaa = spot("SIM", "AAA");
        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class, () -> r.registerAll(List.of(
                aaa, spot("SIM", "BBB"), modified(aaa, b -> b.instrumentType(InstrumentType.OPTION)))));
        assertTrue(e.getMessage().contains("SIM:AAA"), e.getMessage());
        assertTrue(e.getMessage().contains("type"), e.getMessage());
        assertEquals(0, r.size());
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "AAA"));
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "BBB"));
    }

    /** SIM:AAA was never registered: the message must not send the operator looking for it. */
    @Test
    void shouldReportAConflictWithinTheBatchAsSuchAndNotAsAnEarlierRegistration() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolInfo aaa = spot("SIM", "AAA");
        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class, () -> r.registerAll(List.of(
                aaa, spot("SIM", "BBB"), modified(aaa, b -> b.tickSizeScaled(2)))));
        String msg = e.getMessage();
        assertFalse(msg.contains("already registered"), msg);
        assertFalse(msg.contains("id 0"), msg);
        assertTrue(msg.startsWith("SIM:AAA is defined twice in this batch with different tickSize"), msg);
        assertTrue(msg.contains("#1") && msg.contains("#3"), "names both positions: " + msg);
        assertTrue(msg.contains("0.01") && msg.contains("0.02"), "shows both values: " + msg);
        assertTrue(msg.endsWith("nothing was registered"), msg);
        assertEquals(0, r.size());
    }

    @Test
    void shouldStillReportAConflictWithARegisteredSymbolAsAlreadyRegistered() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.register(spot("SIM", "OTHER"));
        SymbolInfo aaa = spot("SIM", "AAA");
        r.register(aaa);
        // the batch repeats AAA identically to itself but differently from the registry
        SymbolInfo changed = modified(aaa, b -> b.lotSizeScaled(2));
        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class,
                () -> r.registerAll(List.of(changed, changed)));
        assertTrue(e.getMessage().startsWith("SIM:AAA is already registered (id 1) and its lotSize"), e.getMessage());
        assertEquals(2, r.size());
    }

    @Test
    void shouldRefuseANullDefinition() {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class, () -> r.register(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertEquals(0, r.size());
    }

    @Test
    void shouldRefuseANullListWithACheckedException() {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class, () -> r.registerAll(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertEquals(0, r.size());
    }

    @Test
    void shouldRefuseABatchContainingANullAndRegisterNone() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        List<SymbolInfo> batch = Arrays.asList(spot("SIM", "AAA"), spot("SIM", "BBB"), null, spot("SIM", "CCC"));
        SymbolRegistrationException e = assertThrows(SymbolRegistrationException.class, () -> r.registerAll(batch));
        assertTrue(e.getMessage().contains("#3"), "names the position of the null: " + e.getMessage());
        assertEquals(0, r.size());
        assertEquals(SymbolRegistry.UNKNOWN, r.resolve("SIM", "AAA"));
        assertEquals(0, r.register(spot("SIM", "CCC")));
    }

    @Test
    void shouldAcceptAnEmptyBatch() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        assertArrayEquals(new int[0], r.registerAll(List.of()));
        assertEquals(0, r.size());
    }

    @Test
    void shouldKeepWorkingAfterARefusedRegistration() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        SymbolInfo a = spot("SIM", "AAA");
        r.register(a);
        assertThrows(SymbolRegistrationException.class, () -> r.register(modified(a, b -> b.tickSizeScaled(3))));
        assertEquals(1, r.register(spot("SIM", "BBB")));
        assertEquals(0, r.register(a));
        assertEquals(1, r.resolve("SIM", "BBB"));
    }

    /**
     * A whole symbols file is registered as one batch under the write lock, so registerAll must
     * be linear in the batch size. Not a timing measurement: the batch is large enough that a
     * quadratic implementation needs minutes (checking each new definition against the earlier
     * ones of the batch took ~3 s for 40,000 symbols on a 2-core box, and this is 25 times the
     * work), while a linear one needs well under a second; the 10 s bound leaves a wide margin for
     * a slow or busy machine. The batch repeats every symbol once, and is then registered again,
     * so the within-batch and the already-registered paths are both covered.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRegisterALargeBatchInLinearTime() throws Exception {
        int distinct = 100_000;
        List<SymbolInfo> batch = new ArrayList<>(2 * distinct);
        for (int i = 0; i < distinct; i++) batch.add(spot("SIM", name(i)));
        for (int i = 0; i < distinct; i++) batch.add(spot("SIM", name(i)));
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();

        int[] ids = r.registerAll(batch);
        assertEquals(distinct, r.size());
        for (int i = 0; i < distinct; i++) {
            assertEquals(i, ids[i]);
            assertEquals(i, ids[distinct + i]);
        }

        assertArrayEquals(ids, r.registerAll(batch));
        assertEquals(distinct, r.size());
    }

    // ---------------------------------------------------------------- snapshots

    @Test
    void shouldReturnAnUnmodifiableSnapshotOrderedById() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.registerAll(List.of(spot("SIM", "CCC"), spot("SIM", "AAA")));
        List<SymbolInfo> snapshot = r.symbols();
        assertEquals(2, snapshot.size());
        assertEquals(0, snapshot.get(0).symbolId());
        assertEquals("CCC", snapshot.get(0).symbol());
        assertEquals(1, snapshot.get(1).symbolId());

        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(spot("SIM", "X")));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.set(0, spot("SIM", "X")));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.remove(0));
        assertThrows(UnsupportedOperationException.class, snapshot::clear);
        assertThrows(UnsupportedOperationException.class, () -> Collections.sort(snapshot,
                (x, y) -> x.symbol().compareTo(y.symbol())));

        r.register(spot("SIM", "DDD"));
        assertEquals(2, snapshot.size(), "a snapshot does not follow later registrations");
        assertEquals(3, r.symbols().size());
        assertNotSame(snapshot, r.symbols());
        assertEquals("CCC", r.symbol(0).symbol());
    }

    // ---------------------------------------------------------------- concurrency

    /**
     * One writer registers 20,000 symbols in small batches while readers keep resolving every
     * symbol registered so far. A reader must never see: a size going backwards, a null or wrong
     * symbol for an id below a size it observed, or a wrong id for a name (only UNKNOWN or the
     * right id while it is being registered).
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldStayConsistentForReadersWhileAWriterRegisters() throws Exception {
        final int total = 20_000;
        final int readers = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors() - 1));
        final String[] exchanges = {"SIM", "BINANCE", "FIX"};
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        // deterministic definitions, built up front so the writer measures only registration
        List<SymbolInfo> all = new ArrayList<>(total);
        for (int i = 0; i < total; i++) all.add(spot(exchanges[i % 3], name(i)));

        CyclicBarrier start = new CyclicBarrier(readers + 1);
        CountDownLatch readersDone = new CountDownLatch(readers);
        AtomicBoolean writerDone = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long[] passes = new long[readers];

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < readers; t++) {
            final int reader = t;
            Thread th = new Thread(() -> {
                StringBuilder ex = new StringBuilder();
                StringBuilder sym = new StringBuilder();
                try {
                    start.await();
                    int lastSize = 0;
                    boolean finalPass = false;
                    while (failures.isEmpty()) {
                        // read the flag before the size, so a pass that starts after the writer
                        // finished is guaranteed to see (and check) every symbol
                        boolean done = writerDone.get();
                        int size = r.size();
                        if (size < lastSize) {
                            failures.add("size went from " + lastSize + " back to " + size);
                            return;
                        }
                        lastSize = size;
                        for (int id = 0; id < size; id++) {
                            ex.setLength(0);
                            ex.append(exchanges[id % 3]);
                            sym.setLength(0);
                            sym.append("SYM").append(id);
                            SymbolInfo s = r.symbol(id);
                            if (s == null) {
                                failures.add("symbol(" + id + ") is null after size " + size + " was observed");
                                return;
                            }
                            if (s.symbolId() != id || !s.symbol().contentEquals(sym) || !s.exchange().contentEquals(ex)) {
                                failures.add("symbol(" + id + ") is " + s);
                                return;
                            }
                            int got = r.resolve(ex, sym);
                            if (got != id) {
                                failures.add("resolve(" + ex + ", " + sym + ") = " + got + ", expected " + id);
                                return;
                            }
                        }
                        // a few names just beyond the observed size: unknown, or the right id if registered meanwhile
                        for (int id = size; id < Math.min(total, size + 8); id++) {
                            ex.setLength(0);
                            ex.append(exchanges[id % 3]);
                            sym.setLength(0);
                            sym.append("SYM").append(id);
                            int got = r.resolve(ex, sym);
                            if (got != SymbolRegistry.UNKNOWN && got != id) {
                                failures.add("resolve of not-yet-seen " + sym + " = " + got + ", expected " + id + " or UNKNOWN");
                                return;
                            }
                        }
                        passes[reader]++;
                        if (finalPass) break;
                        if (done) finalPass = true; // one more full pass after the writer finished
                    }
                    if (failures.isEmpty() && lastSize != total) {
                        failures.add("reader finished having seen only " + lastSize + " symbols");
                    }
                } catch (Throwable e) {
                    failures.add("reader " + reader + " threw " + e);
                } finally {
                    readersDone.countDown();
                }
            }, "registry-reader-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }

        start.await(10, TimeUnit.SECONDS);
        try {
            int next = 0;
            int batch = 1;
            while (next < total && failures.isEmpty()) {
                int end = Math.min(total, next + batch);
                int[] ids = r.registerAll(all.subList(next, end));
                for (int k = 0; k < ids.length; k++) assertEquals(next + k, ids[k]);
                next = end;
                batch = batch % 32 + 1; // batches of 1..32 symbols
            }
        } finally {
            writerDone.set(true); // lets the readers finish even if the writer failed
        }

        assertTrue(readersDone.await(20, TimeUnit.SECONDS), "readers did not finish");
        for (Thread th : threads) th.join(1000);
        if (!failures.isEmpty()) fail(String.join("\n", failures));
        assertEquals(total, r.size());
        for (int t = 0; t < readers; t++) assertTrue(passes[t] > 0, "reader " + t + " made no pass");
    }

    /**
     * Several writers register overlapping sets at once: every name ends up with exactly one id,
     * every writer is told that same id, and ids stay dense.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldAgreeOnOneIdPerSymbolWhenWritersRace() throws Exception {
        final int writers = 4;
        final int perWriter = 2_000;
        final int overlap = perWriter / 2; // writer w registers names [w*overlap, w*overlap + perWriter)
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        CyclicBarrier start = new CyclicBarrier(writers);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int[][] seen = new int[writers][];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            final int writer = w;
            Thread th = new Thread(() -> {
                try {
                    int from = writer * overlap;
                    int[] ids = new int[perWriter];
                    start.await();
                    for (int i = 0; i < perWriter; i += 5) {
                        List<SymbolInfo> batch = new ArrayList<>();
                        for (int k = i; k < i + 5; k++) batch.add(spot("SIM", name(from + k)));
                        System.arraycopy(r.registerAll(batch), 0, ids, i, 5);
                    }
                    seen[writer] = ids;
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "registry-writer-" + w);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join();
        if (!failures.isEmpty()) fail("writer failed", failures.peek());

        int distinct = (writers - 1) * overlap + perWriter;
        assertEquals(distinct, r.size());
        Set<Integer> ids = new HashSet<>();
        for (int n = 0; n < distinct; n++) {
            int id = r.resolve("SIM", name(n));
            assertTrue(id >= 0 && id < distinct, "dense id for " + name(n) + ": " + id);
            assertTrue(ids.add(id), "id " + id + " given twice");
            assertEquals(name(n), r.symbol(id).symbol());
        }
        for (int w = 0; w < writers; w++) {
            for (int k = 0; k < perWriter; k++) {
                assertEquals(r.resolve("SIM", name(w * overlap + k)), seen[w][k], "writer " + w + " was told another id");
            }
        }
    }
}
