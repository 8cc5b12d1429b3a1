package flox.executor.sim.internal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.EventKind;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.recorder.internal.journal.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flox journal through {@link ReplayMarketDataComponent}: recognised by its magic, its symbols
 * registered as SIM's with their scales (a conflict refused, naming the field), its market data
 * and venue states published as SIM's, its live execution reports kept for the comparison. The
 * journal is written by the recorder itself (flox.recorder's {@link Recorder}).
 */
@Timeout(60)
class JournalReplayTest {
    @TempDir
    Path tmp;
    final List<String> published = new ArrayList<>();
    final CountDownLatch hostStopped = new CountDownLatch(1);
    ReplayMarketDataComponent component;

    final MarketDataBus bus = new MarketDataBus() {
        @Override public synchronized long publishBookUpdate(BookUpdate u) {
            published.add("book " + u.symbolId() + " " + u.type() + " flags=" + u.flags() + " bid=" + (u.bidCount() > 0 ? u.bidPrice(0) + "x" + u.bidQuantity(0) : "-"));
            return published.size();
        }

        @Override public synchronized long publishTrade(TradeEvent t) {
            published.add("trade " + t.symbolId() + " " + t.priceScaled() + "x" + t.quantityScaled() + " " + t.aggressorSide());
            return published.size();
        }

        @Override public synchronized long publishVenueState(VenueStateEvent v) {
            published.add("venue " + v.exchange() + " " + v.symbolId() + " " + v.state() + " " + v.text());
            return published.size();
        }

        @Override public int maxBookLevels() { return 64; }
    };

    @AfterEach
    void tearDown() throws InterruptedException {
        if (component != null) component.stop();
    }

    /** A live session of venue BINANCE (BTCUSDT at 2/8 decimals, id 1 there), recorded by the recorder. */
    private Path journal() throws Exception {
        ConcurrentSymbolRegistry live = new ConcurrentSymbolRegistry();
        live.register(SymbolInfo.builder("BINANCE", "ETHUSDT").priceScale(2).quantityScale(4).tickSizeScaled(1).lotSizeScaled(1).build());
        live.register(btc("BINANCE"));
        Path dir = tmp.resolve("journal");
        Recorder r = new Recorder(dir, 1 << 20, 64 << 20, 1 << 16, new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of()), live,
                ReplayOutcomeReportingTest.CLOCK);
        r.start();
        r.onVenueState(new VenueStateEvent().set("BINANCE", VenueStateEvent.ALL_SYMBOLS, VenueState.LIVE, VenueStateReason.NONE, 0, "live", 1));
        BookUpdate snapshot = new BookUpdate(4).reset(1, BookUpdate.Type.SNAPSHOT).updateIds(1, 1).timestamps(10, 11);
        snapshot.addBid(6_000_000, 50_000_000);
        r.onBookUpdate(snapshot);
        r.onTrade(new TradeEvent().set(1, 7, 6_000_001, 20_000, Side.BUY, 12, 13));
        r.onExecution(new ExecutionEvent().reset(ExecType.ACCEPTED, 1, 1, Side.SELL).order(6_000_100, 20_000).timestamps(14, 15));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.writer().events() < 4 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(4, r.writer().events(), "the recorder wrote the session");
        r.stop(5_000);
        return dir;
    }

    private static SymbolInfo btc(String exchange) {
        return SymbolInfo.builder(exchange, "BTCUSDT").priceScale(2).quantityScale(8).tickSizeScaled(1).lotSizeScaled(1_000).minQuantityScaled(1_000)
                .minNotionalScaled(500).build();
    }

    private ReplayMarketDataComponent replay(ConcurrentSymbolRegistry registry, Path journal) throws Exception {
        component = new ReplayMarketDataComponent(bus, registry, ReplayOutcomeReportingTest.CLOCK,
                Map.of("files", journal.toString(), "pace", "max", "stop.host.when.done", "true"), Files.createDirectories(tmp.resolve("home")),
                hostStopped::countDown);
        component.start();
        assertTrue(hostStopped.await(30, TimeUnit.SECONDS), "the replay ends and stops the host");
        return component;
    }

    @Test
    void shouldPublishTheJournalsMarketAsSimsWithItsSymbolsRegistered() throws Exception {
        Path journal = journal();
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        registry.register(SymbolInfo.builder("SIM", "SOLUSDT").priceScale(2).quantityScale(3).tickSizeScaled(1).lotSizeScaled(1).build()); // id 0
        replay(registry, journal);
        assertTrue(component.outcome().complete(), component.outcome().toString());
        int btc = registry.resolve("SIM", "BTCUSDT");
        assertEquals(btc("SIM").withSymbolId(btc), registry.symbol(btc), "registered with the journal's scales and rules");
        assertTrue(registry.resolve("SIM", "ETHUSDT") >= 0, "every symbol of the journal's header");
        assertEquals(List.of("venue SIM -1 LIVE replaying", "venue SIM -1 LIVE live", "book " + btc + " SNAPSHOT flags=0 bid=6000000x50000000",
                "trade " + btc + " 6000001x20000 BUY", "venue SIM -1 STALE journal ended"), published);
        assertEquals(1, component.comparison().recordedCount(), "the live report kept, not published");
        String comparison = Files.readString(tmp.resolve("home").resolve(JournalComparison.FILE));
        assertTrue(comparison.contains("symbol\tSIM:BTCUSDT\tlive 1 orders 0 fills (1 reports)\treplay 0 orders 0 fills (0 reports)\tthe replay ends first: "
                + "live report #1 is ACCEPTED order 1 SELL 0.00020000@60001.00"), comparison);
        assertTrue(component.summaryTable().contains("journal comparison: differs, live 1 orders 0 fills, replay 0 orders 0 fills"), component.summaryTable());
    }

    @Test
    void shouldRefuseAJournalSymbolThatSymbolsCsvDefinesOtherwiseNamingTheField() throws Exception {
        Path journal = journal();
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1)
                .minNotionalScaled(500).build());
        replay(registry, journal);
        assertFalse(component.outcome().complete());
        String reason = component.outcome().reason();
        assertTrue(reason.contains("the journal's symbol BINANCE:BTCUSDT (id 1) replays as SIM:BTCUSDT, which the symbol registry (etc/symbols.csv) defines otherwise")
                && reason.contains("quantityScale"), reason);
        assertFalse(published.stream().anyMatch(s -> s.startsWith("book") || s.startsWith("trade")), "nothing of the journal published: " + published);
    }

    @Test
    void shouldRecogniseAJournalByItsMagicNotItsName() throws Exception {
        Path journal = journal();
        Path segment;
        try (var s = Files.list(journal)) {
            segment = s.filter(p -> p.getFileName().toString().startsWith("segment-")).findFirst().orElseThrow();
        }
        Path disguised = Files.copy(segment, tmp.resolve("btcusdt_20240808.gz"));
        assertTrue(JournalSource.isJournal(disguised), "a segment named as a recording is a journal");
        assertTrue(JournalSource.isJournal(journal), "a directory is a journal's");
        Path notOne = Files.write(tmp.resolve("segment-0000000001-20261206.journal"), "1723161256000000000 {}\n".getBytes());
        assertFalse(JournalSource.isJournal(notOne), "a file named as a segment without the magic is not");
        replay(new ConcurrentSymbolRegistry(), disguised);
        assertTrue(component.outcome().complete(), component.outcome().toString());
    }
}
