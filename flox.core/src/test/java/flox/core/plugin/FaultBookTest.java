package flox.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FaultBookTest {
    static FaultBook.Observation shown(long bundle, String key, String text) {
        return new FaultBook.Observation(bundle, key, text, true, 1);
    }

    @Test
    void shouldLogAReportedFaultOnceAndShowItsLatestText() {
        FaultBook book = new FaultBook();
        book.report(5, "market-data bus subscriber x#12", "threw 1 time; last: java.lang.IllegalStateException: boom");
        List<FaultBook.NewFault> logged = book.check(List.of());
        assertEquals(1, logged.size());
        assertEquals("market-data bus subscriber x#12: threw 1 time; last: java.lang.IllegalStateException: boom", logged.get(0).text);
        book.report(5, "market-data bus subscriber x#12", "threw 900 times; last: java.lang.IllegalStateException: boom");
        assertTrue(book.check(List.of()).isEmpty(), "logged once, not per report");
        assertEquals(List.of("market-data bus subscriber x#12: threw 900 times; last: java.lang.IllegalStateException: boom"), book.faults(5));
        assertEquals(Set.of(5L), book.bundles());
    }

    @Test
    void shouldForgetReportedFaultsWhenTheBundleStartsAgain() {
        FaultBook book = new FaultBook();
        book.report(5, "s", "threw 1 time");
        book.check(List.of());
        book.forget(5);
        assertTrue(book.faults(5).isEmpty());
        book.report(5, "s", "threw 1 time");
        assertEquals(1, book.check(List.of()).size(), "a new life, a new fault: logged again");
    }

    @Test
    void shouldIgnoreReportsForABundleThatNoLongerExists() {
        java.util.Set<Long> installed = new java.util.concurrent.ConcurrentSkipListSet<>(List.of(5L));
        FaultBook book = new FaultBook(installed::contains);
        book.report(5, "s", "threw 1 time");
        installed.remove(5L); // uninstalled: its UNINSTALLED event forgets it
        book.forget(5);
        book.report(5, "s", "threw 2 times"); // a late report from a delivery thread
        assertTrue(book.faults(5).isEmpty(), "not shown as a fault of an uninstalled bundle for ever");
        assertTrue(book.bundles().isEmpty());
        assertTrue(book.check(List.of()).isEmpty(), "nor logged");
    }

    @Test
    void shouldDropAReportThatRacedWithTheUninstallation() {
        // installed when the report starts, uninstalled (and forgotten) before its entry is made
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        FaultBook book = new FaultBook(id -> asked.incrementAndGet() == 1);
        book.report(5, "s", "threw 1 time");
        assertTrue(book.faults(5).isEmpty());
        assertTrue(book.bundles().isEmpty());
    }

    @Test
    void shouldLogAnObservedFaultOnceWhileItLastsAndShowOnlyWhatIsThere() {
        FaultBook book = new FaultBook();
        assertEquals(1, book.check(List.of(shown(7, "blocked:1", "blocked in activate for 5 s"))).size());
        assertTrue(book.check(List.of(shown(7, "blocked:1", "blocked in activate for 6 s"))).isEmpty(), "same fault, new text: not logged again");
        assertEquals(List.of("blocked in activate for 6 s"), book.faults(7));
        assertTrue(book.check(List.of()).isEmpty());
        assertTrue(book.faults(7).isEmpty(), "gone when no longer observed");
        assertEquals(1, book.check(List.of(shown(7, "blocked:1", "blocked in activate for 5 s"))).size(), "back again: a new fault");
    }

    @Test
    void shouldLogAPossiblyTransientProblemOnlyOnceConfirmed() {
        FaultBook book = new FaultBook();
        FaultBook.Observation unresolved = new FaultBook.Observation(9, "host:unresolved", "unresolved: missing osgi.wiring.package (x)", false, 2);
        assertTrue(book.check(List.of(unresolved)).isEmpty(), "seen once: maybe still being resolved");
        List<FaultBook.NewFault> logged = book.check(List.of(unresolved));
        assertEquals(1, logged.size());
        assertEquals(9, logged.get(0).bundleId);
        for (int i = 0; i < 10; i++) assertTrue(book.check(List.of(unresolved)).isEmpty(), "once");
        assertTrue(book.faults(9).isEmpty(), "not shown: flox:plugins has it from PluginHost already");
    }

    @Test
    void shouldKeepABoundedNumberOfSourcesPerBundle() {
        FaultBook book = new FaultBook();
        for (int i = 0; i < 100; i++) book.report(3, "subscriber " + i, "threw");
        assertEquals(FaultBook.MAX_SOURCES, book.faults(3).size());
    }
}
