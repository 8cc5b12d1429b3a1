package flox.executor.sim.internal.replay;

import flox.connector.binance.internal.feed.RecordingInput;
import flox.api.event.VenueStateEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the replay component reports its end (issue 11 item 9): a truncated .gz, a malformed line
 * under malformed=fail, an empty file and a file that replays nothing end as "replay
 * incomplete", naming file and line, in the exit summary and in state/replay-result (which the
 * launcher turns into a non-zero exit status); a recording not named
 * {@code <symbol>_<yyyymmdd>.gz} replays with symbol= and otherwise says to pass --symbol.
 */
@Timeout(60)
class ReplayOutcomeReportingTest {
    @TempDir
    Path tmp;
    Path home;
    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final AtomicLong published = new AtomicLong();
    final CountDownLatch hostStopped = new CountDownLatch(1);
    ReplayMarketDataComponent component;

    static final flox.api.time.NanoClock CLOCK = new flox.api.time.NanoClock() {
        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public long epochNanos() { return System.currentTimeMillis() * 1_000_000L; }
    };

    final MarketDataBus bus = new MarketDataBus() {
        @Override public long publishBookUpdate(BookUpdate update) { return published.getAndIncrement(); }
        @Override public long publishTrade(TradeEvent trade) { return published.getAndIncrement(); }
        @Override public long publishVenueState(VenueStateEvent v) { return 0; }
        @Override public int maxBookLevels() { return 5000; }
    };

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(8).tickSizeScaled(1)
                .lotSizeScaled(1_000).minQuantityScaled(1_000).minNotionalScaled(500).build());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (component != null) component.stop();
    }

    @Test
    void shouldReportTruncatedGzipAsIncompleteNamingFileAndLine() throws Exception {
        Path whole = SharedData.file("binance/recordings/hftbacktest/btcusdt_20240808.gz");
        Path cut = tmp.resolve("btcusdt_20240808.gz");
        try (InputStream in = Files.newInputStream(whole); OutputStream out = Files.newOutputStream(cut)) {
            out.write(in.readNBytes((int) (Files.size(whole) / 2)));
        }
        ReplayOutcome o = replay(config(cut, "fail", ""));
        assertFalse(o.complete(), o.toString());
        assertTrue(o.summaryLine().startsWith("replay incomplete: " + cut + ":"), o.summaryLine());
        assertTrue(o.reason().contains("cannot be read past line"), o.reason());
        assertTrue(o.events() > 0, "it replayed what it could read first: " + o);
        assertStatusFile("incomplete", cut.toString());
    }

    @Test
    void shouldReportMalformedLineUnderFailAsIncompleteNamingFileAndLine() throws Exception {
        Path f = write("btcusdt_20240808.txt", "1 " + Frames.TRADE, "this is not a recording line",
                "3 " + Frames.TRADE);
        ReplayOutcome o = replay(config(f, "fail", ""));
        assertFalse(o.complete(), o.toString());
        assertTrue(o.reason().startsWith(f + ":2: expected a receive time"), o.reason());
        assertStatusFile("incomplete", f + ":2:");
    }

    @Test
    void shouldSkipMalformedLineAndCompleteUnderSkip() throws Exception {
        Path f = write("btcusdt_20240808.txt", "1 " + Frames.TRADE, "this is not a recording line",
                "3 " + Frames.TRADE);
        ReplayOutcome o = replay(config(f, "skip", ""));
        assertTrue(o.complete(), o.toString());
        assertEquals(2, o.events());
        assertTrue(o.reason().contains("1 malformed lines skipped"), o.reason());
        assertStatusFile("complete", "2 events");
    }

    @Test
    void shouldReportEmptyFileAsIncomplete() throws Exception {
        Path f = write("btcusdt_20240808.txt");
        Files.write(f, new byte[0]);
        ReplayOutcome o = replay(config(f, "fail", ""));
        assertFalse(o.complete(), o.toString());
        assertEquals("nothing replayed from " + f + ": the file is empty", o.reason());
        assertTrue(component.summaryTable().startsWith("replay incomplete: nothing replayed"), component.summaryTable());
        assertStatusFile("incomplete", "the file is empty");
    }

    @Test
    void shouldReportFileThatReplaysNothingAsIncomplete() throws Exception {
        String eth = Frames.TRADE.replace("btcusdt", "ethusdt").replace("BTCUSDT", "ETHUSDT");
        Path f = write("ethusdt_20240808.txt", "1 " + eth, "2 " + eth);
        ReplayOutcome o = replay(config(f, "fail", ""));
        assertFalse(o.complete(), o.toString());
        assertTrue(o.reason().startsWith("nothing replayed from " + f + ": 2 lines read, 2 of symbols not in the symbol registry"), o.reason());
    }

    @Test
    void shouldReplayFileNotNamedForItsSymbolWhenSymbolGiven() throws Exception {
        Path f = write("my-recording.txt", "1 " + Frames.SNAPSHOT, "2 " + Frames.TRADE);
        ReplayOutcome o = replay(config(f, "fail", "btcusdt"));
        assertTrue(o.complete(), o.toString());
        assertEquals(2, o.events());
        assertTrue(component.summaryTable().startsWith("replay complete: 2 events from " + f), component.summaryTable());
        assertStatusFile("complete", "2 events");
    }

    @Test
    void shouldSayToPassSymbolForSnapshotInFileNotNamedForItsSymbol() throws Exception {
        Path f = write("my-recording.txt", "1 " + Frames.SNAPSHOT, "2 " + Frames.TRADE);
        ReplayOutcome o = replay(config(f, "fail", ""));
        assertFalse(o.complete(), o.toString());
        assertTrue(o.reason().startsWith(f + ":1: depth snapshot without a symbol"), o.reason());
        assertTrue(o.reason().contains("pass --symbol SYMBOL"), o.reason());
        assertFalse(o.reason().contains("RecordingInput"), "no internal Java names: " + o.reason());
    }

    @Test
    void shouldRefuseUnknownMalformedPolicyAndStopTheHost() throws Exception {
        Path f = write("btcusdt_20240808.txt", "1 " + Frames.TRADE);
        java.util.Map<String, Object> config = new java.util.HashMap<>(config(f, "ignore", ""));
        config.put("felix.fileinstall.filename", "file:/home/etc/flox.sim.replay.cfg");
        component = new ReplayMarketDataComponent(bus, registry, CLOCK, config, home, hostStopped::countDown);
        IOException e = assertThrows(IOException.class, component::start);
        assertEquals("/home/etc/flox.sim.replay.cfg, field malformed: 'ignore' is not one of fail, skip (keeping fail);"
                + " not replaying with other settings than those written", e.getMessage());
        assertTrue(hostStopped.await(10, TimeUnit.SECONDS), "the host is stopped: there is nothing to replay");
        assertStatusFile("incomplete", "field malformed");
    }

    // ------------------------------------------------------------------ helpers

    private ReplayOutcome replay(java.util.Map<String, Object> config) throws Exception {
        component = new ReplayMarketDataComponent(bus, registry, CLOCK, config, home, hostStopped::countDown);
        component.start();
        assertTrue(hostStopped.await(30, TimeUnit.SECONDS), "the replay stops the host when done");
        ReplayOutcome o = component.outcome();
        assertNotNull(o, "the outcome is recorded before the host is stopped");
        return o;
    }

    private void assertStatusFile(String result, String reasonPart) throws IOException {
        String text = Files.readString(home.resolve(ReplayOutcome.STATUS_FILE), StandardCharsets.UTF_8);
        assertTrue(text.contains("\nresult=" + result + "\n"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("reason=") && l.contains(reasonPart)), text);
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    private static java.util.Map<String, Object> config(Path file, String malformed, String symbol) {
        return java.util.Map.of("files", file.toString(), "pace", "max", "speed", "1.0", "malformed", malformed, "symbol", symbol,
                "stop.host.when.done", "true", "snapshot.interval.ms", "1000");
    }
}
