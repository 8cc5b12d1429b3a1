package flox.bench.sim;

import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.EventKind;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.bus.internal.StandaloneBuses;
import flox.recorder.internal.journal.Recorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The recorder in the sim rig as the host runs it (flox.recorder's RecorderComponent and
 * RecorderSubscriber, without OSGi): a {@link Recorder} with the host's defaults (segments of 64
 * MiB, retention 1 GiB, ring 8 MiB, every kind and symbol) journaling into a temp directory, fed
 * by one subscriber on both buses, <b>inline and last</b> (each bus's publisher calls it after the
 * other inline subscribers; its encode never waits, a full ring drops). Built and closed by {@link TickToTrade} per segment (not
 * a hot-path object); the subscriber's callbacks allocate nothing.
 */
final class RecordingTap implements MarketDataSubscriber, ExecutionSubscriber {
    private static final Logger QUIET = Logger.getLogger("flox.recorder");

    static {
        QUIET.setLevel(Level.WARNING);
    }

    private final Recorder recorder;
    private final Path dir;
    private final ExecutionBus executionBus;

    RecordingTap(SymbolRegistry registry, NanoClock clock, MarketDataBus marketData, ExecutionBus execution) {
        try {
            dir = Files.createTempDirectory("flox-bench-journal");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recorder = new Recorder(dir, 64L << 20, 1024L << 20, 8 << 20, new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of()),
                registry, clock);
        recorder.start();
        executionBus = execution;
        StandaloneBuses.subscribe(marketData, this, "recorder", "lossless", Integer.MAX_VALUE, -1, "inline");
        StandaloneBuses.subscribe(execution, this, "recorder", "lossless", Integer.MAX_VALUE, -1, "inline");
    }

    /** The recorder's own thread, its writer (the encode runs on the buses' publishers). */
    List<Thread> threads() {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (t.isAlive() && n.equals("flox-recorder")) found.add(t);
        }
        if (found.size() != 1) throw new IllegalStateException("expected the recorder's writer thread, found " + found);
        return found;
    }

    /**
     * Stops the recorder (after both buses stopped) and deletes its journal; returns {events the
     * writer committed, events dropped: its ring full or failed, or by the buses (none inline)}.
     */
    long[] close(MarketDataBus marketData) {
        recorder.stop(10_000);
        long committed = recorder.writer().events();
        long dropped = recorder.droppedRingFull() + recorder.droppedTooLarge() + recorder.droppedFailed();
        for (Object bus : new Object[] {marketData, executionBus}) {
            long[] c = StandaloneBuses.counters(bus, this);
            if (c != null) dropped += c[1];
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new long[] {committed, dropped};
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        recorder.onBookUpdate(update);
    }

    @Override
    public void onTrade(TradeEvent trade) {
        recorder.onTrade(trade);
    }

    @Override
    public void onVenueState(VenueStateEvent state) {
        recorder.onVenueState(state);
    }

    @Override
    public void onExecution(ExecutionEvent event) {
        recorder.onExecution(event);
    }
}
