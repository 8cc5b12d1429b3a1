package flox.bus.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.TradeEvent;
import flox.api.metrics.PluginFaults;
import flox.api.order.Side;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A throwing subscriber is reported to the host's {@link PluginFaults} with its bundle, rate-limited. */
@Timeout(60)
class SubscriberFaultReportTest {
    static final int ALL_MD = (1 << MarketDataSlot.BOOK) | (1 << MarketDataSlot.TRADE);
    static final System.Logger LOG = System.getLogger("flox.bus.test");

    /** Records every report. */
    static final class Book implements PluginFaults {
        final List<String> reports = new CopyOnWriteArrayList<>();

        @Override
        public void report(long bundleId, String source, String fault) {
            reports.add(bundleId + "|" + source + "|" + fault);
        }
    }

    static Subscription throwingSubscription(long bundleId) {
        return new Subscription(new TradeRecorder("thrower"), "example.strategy#17", 0, 0, 17, bundleId, ALL_MD, null, false, true);
    }

    @Test
    void shouldReportTheFirstErrorAndThenAtMostOnceASecond() {
        Book book = new Book();
        Subscription s = throwingSubscription(42);
        IllegalStateException boom = new IllegalStateException("boom");
        long t0 = 1_000_000_000_000L;
        s.onError(boom, "market-data", LOG, book, t0);
        assertEquals(List.of("42|market-data bus subscriber example.strategy#17|threw 1 time; last: java.lang.IllegalStateException: boom"),
                book.reports);
        s.onError(boom, "market-data", LOG, book, t0 + 400_000_000L);
        s.onError(boom, "market-data", LOG, book, t0 + 999_999_999L);
        assertEquals(1, book.reports.size(), "nothing more within the second");
        s.onError(new IllegalArgumentException("bang"), "market-data", LOG, book, t0 + 1_000_000_000L);
        assertEquals(2, book.reports.size());
        assertEquals("42|market-data bus subscriber example.strategy#17|threw 4 times; last: java.lang.IllegalArgumentException: bang",
                book.reports.get(1));
        assertEquals(4, s.errors(), "every error counted, reported or not");
    }

    @Test
    void shouldNotReportWithoutABundleOrWithoutAFaultBook() {
        Book book = new Book();
        Subscription standalone = throwingSubscription(-1);
        standalone.onError(new IllegalStateException("boom"), "market-data", LOG, book, 0);
        assertTrue(book.reports.isEmpty(), "a subscriber without a bundle (standalone bus) is not reported");
        Subscription s = throwingSubscription(42);
        s.onError(new IllegalStateException("boom"), "market-data", LOG, null, 0); // no PluginFaults service: count and log only
        assertEquals(1, s.errors());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldReportAThrowingSubscriberThroughTheBusAndKeepDelivering(boolean sync) {
        MarketDataFanOut bus = new MarketDataFanOut("market-data", SyncDeliveryTest.settings(sync ? BusSettings.Mode.SYNC : BusSettings.Mode.ASYNC), null);
        Book book = new Book();
        bus.faults(book);
        bus.open(false);
        TradeRecorder thrower = new TradeRecorder("thrower");
        thrower.throwEvery = 1;
        TradeRecorder healthy = new TradeRecorder("healthy");
        Subscription st = new Subscription(thrower, "faulty#5", 0, 0, 5, 42, ALL_MD, null, false, true);
        bus.subscribe(st);
        bus.subscribe(new Subscription(healthy, "healthy#6", 0, 0, 6, 7, ALL_MD, null, false, true));
        long startNs = System.nanoTime();
        TradeEvent t = new TradeEvent();
        int n = 20_000;
        for (long i = 0; i < n; i++) BusTestSupport.publishRetrying(bus, t, 0, i);
        BusTestSupport.await("every event delivered", 30_000, () -> healthy.count == n && st.errors() == n,
                () -> healthy.count + " healthy, " + st.errors() + " errors");
        long elapsedS = (System.nanoTime() - startNs) / 1_000_000_000L;
        bus.stop();
        assertEquals(0, healthy.gaps);
        assertTrue(!book.reports.isEmpty(), "reported");
        assertTrue(book.reports.size() <= 2 + elapsedS, book.reports.size() + " reports in about " + elapsedS + " s: rate-limited");
        assertTrue(book.reports.get(0).startsWith("42|market-data bus subscriber faulty#5|threw 1 time; last: "), book.reports.get(0));
        for (String r : book.reports) assertTrue(r.startsWith("42|"), "only the thrower's bundle: " + r);
    }

    @Test
    void shouldKeepDeliveringWhenTheFaultBookItselfThrows() {
        MarketDataFanOut bus = new MarketDataFanOut("market-data", SyncDeliveryTest.settings(BusSettings.Mode.SYNC), null);
        bus.faults((bundleId, source, fault) -> {
            throw new IllegalStateException("fault book broken");
        });
        bus.open(false);
        TradeRecorder thrower = new TradeRecorder("thrower");
        thrower.throwEvery = 1;
        TradeRecorder healthy = new TradeRecorder("healthy");
        Subscription st = new Subscription(thrower, "faulty#5", 0, 0, 5, 42, ALL_MD, null, false, true);
        bus.subscribe(st);
        bus.subscribe(new Subscription(healthy, "healthy#6", 1, 0, 6, 7, ALL_MD, null, false, true));
        TradeEvent t = new TradeEvent();
        for (long i = 0; i < 100; i++) BusTestSupport.publishRetrying(bus, t, 0, i);
        assertEquals(100, healthy.count);
        assertEquals(100, st.errors());
        bus.stop();
    }

    /** An exception of the plugin's whose toString, getMessage and stack trace all throw. */
    static final class Hostile extends RuntimeException {
        Hostile() {
            super(null, null, false, false);
        }

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage of a plugin's exception");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString of a plugin's exception");
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            throw new IllegalStateException("getStackTrace of a plugin's exception");
        }

        @Override
        public void printStackTrace(java.io.PrintStream s) {
            throw new IllegalStateException("printStackTrace of a plugin's exception");
        }

        @Override
        public void printStackTrace(java.io.PrintWriter s) {
            throw new IllegalStateException("printStackTrace of a plugin's exception");
        }
    }

    /** A logger that fails whenever it is given a throwable to print (a backend formatting it). */
    static final System.Logger THROWING_LOGGER = new System.Logger() {
        @Override
        public String getName() {
            return "throwing";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
            String.valueOf(thrown); // what a formatting backend does first
            throw new IllegalStateException("logging backend failed");
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
        }
    };

    @Test
    void shouldNotThrowWhenTheSubscribersExceptionThrowsFromToStringOrGetMessage() {
        Book book = new Book();
        Subscription s = throwingSubscription(42);
        long t0 = 1_000_000_000_000L;
        s.onError(new Hostile(), "market-data", LOG, book, t0);
        s.onError(new Hostile(), "market-data", THROWING_LOGGER, book, t0 + 2_000_000_000L);
        s.onError(new Hostile(), "market-data", THROWING_LOGGER, book, t0 + 4_000_000_000L);
        assertEquals(3, s.errors());
        String described = Hostile.class.getName() + " (its toString threw java.lang.IllegalStateException)";
        assertEquals(described, s.lastError);
        assertEquals(3, book.reports.size(), "still reported, rate-limited as usual");
        assertEquals("42|market-data bus subscriber example.strategy#17|threw 1 time; last: " + described, book.reports.get(0));
    }

    @Test
    void shouldNotThrowWhenTheFaultBookThrowsAnError() {
        Subscription s = throwingSubscription(42);
        PluginFaults broken = (bundleId, source, fault) -> {
            throw new AssertionError("not an exception: an error");
        };
        s.onError(new IllegalStateException("boom"), "market-data", LOG, broken, 0);
        s.onError(new Hostile(), "market-data", THROWING_LOGGER, broken, 2_000_000_000L);
        assertEquals(2, s.errors());
    }

    /** Through the bus: neither a hostile exception nor a fault book throwing an Error escapes delivery. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldKeepDeliveringWhenTheExceptionAndTheFaultBookThrow(boolean sync) {
        MarketDataFanOut bus = new MarketDataFanOut("market-data", SyncDeliveryTest.settings(sync ? BusSettings.Mode.SYNC : BusSettings.Mode.ASYNC), null);
        bus.faults((bundleId, source, fault) -> {
            throw new LinkageError("fault book broken");
        });
        bus.open(false);
        TradeRecorder thrower = new TradeRecorder("thrower");
        thrower.toThrow = new Hostile();
        thrower.throwEvery = 1;
        TradeRecorder healthy = new TradeRecorder("healthy");
        Subscription st = new Subscription(thrower, "faulty#5", 0, 0, 5, 42, ALL_MD, null, false, true);
        bus.subscribe(st);
        bus.subscribe(new Subscription(healthy, "healthy#6", 1, 0, 6, 7, ALL_MD, null, false, true));
        TradeEvent t = new TradeEvent();
        for (long i = 0; i < 100; i++) BusTestSupport.publishRetrying(bus, t, 0, i);
        BusTestSupport.await("every event delivered", 30_000, () -> healthy.count == 100 && st.errors() == 100,
                () -> healthy.count + " healthy, " + st.errors() + " errors");
        assertEquals(0, healthy.gaps);
        bus.stop();
    }

    /** With a fault book bound, the non-throwing path still allocates nothing (the book is read only when one threw). */
    @Test
    void shouldNotAllocateOnTheDeliveryPathWithAFaultBookBound() {
        MarketDataFanOut bus = new MarketDataFanOut("t", SyncDeliveryTest.settings(BusSettings.Mode.SYNC), null);
        bus.faults(new Book());
        bus.open(false);
        TradeRecorder a = new TradeRecorder("a");
        bus.subscribe(new Subscription(a, "a", 0, 0, 1, 42, ALL_MD, null, false, true));
        TradeEvent t = new TradeEvent();
        int rounds = BusTestSupport.roundsUntilNoAllocation("200,000 events", () -> {
            for (long i = 0; i < 200_000; i++) {
                t.set(0, i, 1, 1, Side.BUY, 0, 0);
                bus.publishTrade(t);
            }
        });
        assertEquals(rounds * 200_000L, a.count, "every trade delivered");
        bus.stop();
    }
}
