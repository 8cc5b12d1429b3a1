package flox.recorder.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.recorder.internal.journal.GatedClock;
import flox.recorder.internal.journal.JournalFormat;
import flox.recorder.internal.journal.Recorder;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * What the recorder drops is shown where the issue says: {@code flox:recorder} (the component's
 * command text), the status line's {@code dropped D} and the exit summary's journal line
 * ({@code dropped N}); and it carries over when a configuration change replaces the recorder.
 * The component runs without a framework: a stand-in {@link BundleContext} gives the home and
 * takes the subscriber's registration; events go in through that registered subscriber, as a
 * bus would deliver them.
 */
@Timeout(60)
class RecorderComponentDropsTest {
    private static final String NL = System.lineSeparator();
    private static final int TRADES = 2_000; // more than the 64 KiB ring holds (about 800)

    @TempDir
    Path home;

    private final GatedClock clock = new GatedClock();
    private final List<Object> registered = new ArrayList<>();
    private RecorderComponent component;

    @AfterEach
    void stop() {
        clock.release();
        if (component != null) component.deactivate();
    }

    private BundleContext context() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "unregister" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "registration";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "flox.home".equals(args[0]) ? home.toString() : null;
                    case "registerService" -> {
                        registered.add(args[1]);
                        yield registration;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "test bundle context";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Map<String, Object> config(int ringKb) {
        Map<String, Object> p = new HashMap<>();
        p.put("felix.fileinstall.filename", "file:" + home.resolve("etc/flox.recorder.cfg"));
        p.put("segment.size.mb", 1);
        p.put("retention.mb", 64);
        p.put("ring.size.kb", ringKb);
        p.put("sync.on.roll", false);
        return p;
    }

    private static ConcurrentSymbolRegistry registry() throws Exception {
        ConcurrentSymbolRegistry r = new ConcurrentSymbolRegistry();
        r.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        return r;
    }

    /** The subscriber the component registered on the buses (the last registration). */
    private MarketDataSubscriber bus() {
        return (MarketDataSubscriber) registered.get(registered.size() - 1);
    }

    @Test
    void shouldShowEveryDropInFloxRecorderTheStatusLineAndTheExitSummaryAndKeepThemAcrossAConfigurationChange() throws Exception {
        component = new RecorderComponent(registry(), clock, context(), config(64)); // the smallest ring: takes entries up to 8 KiB
        Recorder r = component.current();
        assertTrue(component.recorder().contains("  dropped: 0 (recorder ring full)" + NL), component.recorder());
        assertTrue(component.recorder().contains("  policy: never makes a publisher wait"), component.recorder());
        assertFalse(component.statusFragment().contains("dropped"), component.statusFragment());
        assertTrue(component.summaryTable().endsWith("; dropped 0" + NL), component.summaryTable());

        clock.hold(); // the writer drains nothing: the ring fills
        clock.awaitWriterHeld();
        BookUpdate huge = new BookUpdate(300).reset(0, BookUpdate.Type.SNAPSHOT).updateIds(1, 2).timestamps(3, 4);
        for (int i = 0; i < 300; i++) { // about 9.7 KB
            huge.addBid(6_000_000 - i, 1 + i);
            huge.addAsk(6_000_001 + i, 1 + i);
        }
        MarketDataSubscriber bus = bus();
        Thread publisher = new Thread(() -> {
            for (int i = 1; i <= TRADES; i++) bus.onTrade(new TradeEvent().set(0, i, 6_000_000 + i, 100, Side.BUY, 1_000L * i, 2_000L * i));
            bus.onBookUpdate(huge);
        }, "test-market-data-publisher");
        publisher.setDaemon(true);
        publisher.start();
        publisher.join(10_000);
        assertFalse(publisher.isAlive(), "a publish blocked while the recorder's writer was held");
        clock.release();
        await(() -> r.ringBacklog() == 0 && r.writer().events() + r.droppedRingFull() == TRADES, "each trade written or dropped");

        long written = r.writer().written(JournalFormat.TYPE_TRADE);
        long ringFull = TRADES - written; // from what reached the journal, not from the counter
        assertTrue(ringFull > TRADES / 2, "the ring held fewer than half the trades: " + written + " written");
        assertEquals(ringFull, r.droppedRingFull());
        assertEquals(1, r.droppedTooLarge());
        assertShown(written, ringFull);

        component.modified(config(128)); // a new recorder, the counters carried over
        Recorder next = component.current();
        assertNotSame(r, next, "a configuration change starts a new recorder");
        assertEquals(0, next.droppedRingFull() + next.droppedTooLarge());
        assertShown(written, ringFull);
    }

    @Test
    void shouldShowAnEventLargerThanASegmentAsDroppedAndKeepItAcrossAConfigurationChange() throws Exception {
        component = new RecorderComponent(registry(), clock, context(), config(16_384)); // the ring takes entries up to 2 MiB; segments of 1 MiB
        Recorder r = component.current();
        BookUpdate huge = new BookUpdate(40_000).reset(0, BookUpdate.Type.SNAPSHOT).updateIds(1, 2).timestamps(3, 4);
        for (int i = 0; i < 40_000; i++) { // about 1.3 MB
            huge.addBid(6_000_000 - i, 1 + i);
            huge.addAsk(6_100_000 + i, 1 + i);
        }
        bus().onBookUpdate(huge);
        bus().onTrade(new TradeEvent().set(0, 1, 6_000_000, 100, Side.BUY, 1_000L, 2_000L));
        await(() -> r.ringBacklog() == 0 && r.writer().tooLarge() == 1 && r.writer().written(JournalFormat.TYPE_TRADE) == 1, "the book refused, the trade written");
        assertEquals(0, r.droppedTooLarge(), "the ring took it: the writer refused it");
        assertSegmentDropShown();

        component.modified(config(32_768));
        assertNotSame(r, component.current(), "a configuration change starts a new recorder");
        assertSegmentDropShown();
    }

    private void assertSegmentDropShown() {
        String text = component.recorder();
        assertTrue(text.contains("  dropped: 0 (recorder ring full), 1 (larger than a segment holds: raise segment.size.mb)" + NL), text);
        String status = component.statusFragment();
        assertTrue(status.endsWith(" MB dropped 1"), status);
        String summary = component.summaryTable();
        assertTrue(summary.endsWith("; dropped 1 (see flox:recorder)" + NL), summary);
    }

    private void assertShown(long written, long ringFull) {
        String text = component.recorder();
        assertTrue(text.contains("  written: BOOK_UPDATE 0 TRADE " + written + " EXECUTION 0 VENUE_STATE 0, SYMBOL 0" + NL), text);
        assertTrue(text.contains("  dropped: " + ringFull + " (recorder ring full), 1 (larger than an eighth of the ring: raise ring.size.kb)" + NL), text);
        String status = component.statusFragment();
        assertTrue(status.startsWith("rec " + written + " ev ") && status.endsWith(" MB dropped " + (ringFull + 1)), status);
        String summary = component.summaryTable();
        assertTrue(summary.startsWith("journal: " + written + " events, "), summary);
        assertTrue(summary.endsWith("; dropped " + (ringFull + 1) + " (see flox:recorder)" + NL), summary);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s: " + what);
            Thread.sleep(1);
        }
    }
}
