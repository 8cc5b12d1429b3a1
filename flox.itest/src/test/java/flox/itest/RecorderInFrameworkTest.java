package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.BusResult;
import flox.api.bus.ExecutionBus;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.metrics.StatusContributor;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Issue 17 item 1: the recorder bundle, as the build makes it, installed into the real framework:
 * it resolves, subscribes to both buses, journals events published on the host's buses under the
 * configured directory, and flox:recorder shows the counts.
 */
@Timeout(60)
class RecorderInFrameworkTest {
    static final String EXCHANGE = "RECTEST";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    SymbolRegistry registry;

    @InjectService(timeout = 10_000)
    MarketDataBus marketData;

    @InjectService(timeout = 10_000)
    ExecutionBus executions;

    Bundle recorder;
    Path journal;

    @BeforeEach
    void setUp() throws Exception {
        journal = Files.createTempDirectory("flox-itest-journal");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("directory", journal.toString());
        props.put("symbols", EXCHANGE + ":BTCUSDT"); // the framework's other events stay out of the counts
        configAdmin.getConfiguration("flox.recorder", "?").update(props);
        Path jar = Paths.get(context.getProperty("flox.itest.recorder")).resolve("flox.recorder-0.1.0-SNAPSHOT.jar");
        recorder = context.installBundle(jar.toUri().toString());
        recorder.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (recorder != null) recorder.uninstall();
        configAdmin.getConfiguration("flox.recorder", "?").delete();
    }

    @Test
    void shouldJournalEventsPublishedOnTheHostsBusesAndCountThemInFloxRecorder() throws Exception {
        assertEquals(Bundle.ACTIVE, recorder.getState(), "the recorder bundle resolves and starts");
        Await.until("flox:recorder RECORDING to the configured directory", 10_000,
                () -> commandOrEmpty().contains("recorder: RECORDING") && commandOrEmpty().contains(journal.toString()), this::commandOrEmpty);
        Await.until("the recorder subscribed to both buses", 10_000, () -> HostCalls.command(context, "buses").chars().filter(c -> c == '\n').count() > 0
                && countOf(HostCalls.command(context, "buses"), "RecorderSubscriber#") == 2, () -> HostCalls.command(context, "buses"));
        int id = registry.resolve(EXCHANGE, "BTCUSDT");
        if (id < 0) {
            id = registry.register(SymbolInfo.builder(EXCHANGE, "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        }
        VenueStateEvent live = new VenueStateEvent().set(EXCHANGE, id, VenueState.LIVE, VenueStateReason.NONE, 0, "recorder itest", System.nanoTime());
        assertTrue(marketData.publishVenueState(live) >= 0);
        BookUpdate book = new BookUpdate(4).reset(id, BookUpdate.Type.SNAPSHOT);
        book.addBid(6_000_000, 100);
        book.addAsk(6_000_100, 200);
        book.timestamps(0, System.nanoTime());
        assertTrue(BusResult.isPublished(marketData.publishBookUpdate(book)));
        TradeEvent trade = new TradeEvent();
        for (int i = 1; i <= 3; i++) {
            assertTrue(BusResult.isPublished(marketData.publishTrade(trade.set(id, i, 6_000_000 + i, 10, Side.BUY, 0, System.nanoTime()))));
        }
        ExecutionEvent ack = new ExecutionEvent().reset(ExecType.ACCEPTED, 9_999_001, id, Side.BUY).order(6_000_000, 10)
                .timestamps(0, System.nanoTime());
        assertTrue(BusResult.isPublished(executions.publishExecution(ack)));

        Await.until("flox:recorder counts the events", 10_000, () -> {
            String s = commandOrEmpty();
            // venue-wide states of other venues pass every symbol filter: at least ours
            return s.contains("written: BOOK_UPDATE 1 TRADE 3 EXECUTION 1 VENUE_STATE ") && !s.contains("VENUE_STATE 0,");
        }, this::commandOrEmpty);
        String status = HostCalls.command(context, "recorder");
        assertTrue(status.contains("dropped: 0 (recorder ring full)" + System.lineSeparator()), status);
        String buses = HostCalls.command(context, "buses");
        assertEquals(2, buses.lines().filter(l -> l.contains("RecorderSubscriber#") && l.matches(".*\\sinline\\s.*")).count(),
                "the recorder is delivered inline on both buses (its encode never waits; a bus never drops for it): " + buses);
        assertTrue(status.contains("segments kept: 1"), status);
        List<Path> files;
        try (Stream<Path> s = Files.list(journal)) {
            files = s.filter(p -> p.getFileName().toString().matches("segment-0000000000-\\d{8}\\.journal")).toList();
        }
        assertEquals(1, files.size(), "one segment in " + journal);
        assertTrue(status.contains("current segment: " + files.get(0)), status);
        ByteBuffer magic = ByteBuffer.allocate(8);
        try (FileChannel ch = FileChannel.open(files.get(0))) {
            ch.read(magic, 0);
        }
        assertEquals("FLOXJRNL", new String(magic.array(), StandardCharsets.US_ASCII));

        ServiceReference<?>[] contributors = context.getServiceReferences(StatusContributor.class.getName(),
                "(component.name=flox.recorder.internal.component.RecorderComponent)");
        assertTrue(contributors != null && contributors.length == 1, "the recorder's status contributor");
        String summary = ((StatusContributor) context.getService(contributors[0])).summaryTable();
        context.ungetService(contributors[0]);
        assertTrue(summary.startsWith("journal: ") && summary.contains(" events, ") && summary.contains("in " + journal) && summary.contains("dropped 0"),
                "the exit summary's journal line: " + summary);

        recorder.stop(); // closes the segment: SEGMENT_END, truncated to what was written
        assertTrue(Files.size(files.get(0)) < 1 << 20, "truncated at close: " + Files.size(files.get(0)));
    }

    @Test
    void shouldOpenANewSegmentOnAChangeAndSubscribeNothingWhenDisabled() throws Exception {
        Await.until("flox:recorder RECORDING", 10_000, () -> commandOrEmpty().contains("recorder: RECORDING"), this::commandOrEmpty);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("directory", journal.toString());
        props.put("symbols", EXCHANGE + ":BTCUSDT");
        props.put("kinds", "TRADE");
        configAdmin.getConfiguration("flox.recorder", "?").update(props);
        Await.until("the new settings in force, in segment 1", 10_000, () -> commandOrEmpty().contains("kinds [TRADE]")
                && commandOrEmpty().contains(journal.resolve("segment-0000000001-").toString()), this::commandOrEmpty);
        Await.until("the recorder subscribed again", 10_000, () -> countOf(HostCalls.command(context, "buses"), "RecorderSubscriber#") == 2,
                () -> HostCalls.command(context, "buses"));
        int id = registry.resolve(EXCHANGE, "BTCUSDT");
        if (id < 0) {
            id = registry.register(SymbolInfo.builder(EXCHANGE, "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        }
        BookUpdate book = new BookUpdate(4).reset(id, BookUpdate.Type.SNAPSHOT);
        book.addBid(6_000_000, 100);
        assertTrue(BusResult.isPublished(marketData.publishBookUpdate(book)));
        assertTrue(BusResult.isPublished(marketData.publishTrade(new TradeEvent().set(id, 1, 6_000_000, 10, Side.SELL, 0, System.nanoTime()))));
        Await.until("the trade recorded, the book update not", 10_000, () -> commandOrEmpty().contains("written: BOOK_UPDATE 0 TRADE 1 ")
                && commandOrEmpty().contains("not recorded (kinds/symbols filter): BOOK_UPDATE 1 "), this::commandOrEmpty);

        props.put("enabled", "false");
        configAdmin.getConfiguration("flox.recorder", "?").update(props);
        Await.until("flox:recorder DISABLED", 10_000, () -> commandOrEmpty().contains("recorder: DISABLED"), this::commandOrEmpty);
        Await.until("no recorder subscription left", 10_000, () -> countOf(HostCalls.command(context, "buses"), "RecorderSubscriber#") == 0,
                () -> HostCalls.command(context, "buses"));
        assertTrue(commandOrEmpty().contains("TRADE 1 "), "the counts carry over: " + commandOrEmpty());
    }

    private String commandOrEmpty() {
        try {
            return HostCalls.command(context, "recorder");
        } catch (AssertionError notYet) {
            return "";
        }
    }

    private static long countOf(String text, String what) {
        long n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
