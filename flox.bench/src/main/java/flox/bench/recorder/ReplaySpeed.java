package flox.bench.recorder;

import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.EventKind;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;
import flox.bench.BenchRun;
import flox.bench.bus.Probes;
import flox.bus.internal.StandaloneBuses;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.executor.sim.internal.replay.BenchJournalSource;
import flox.executor.sim.internal.synthetic.SyntheticBook;
import flox.recorder.internal.journal.Recorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Replay speed of a journal of the default run's data (issue 17's target: at least 10x faster
 * than real time). Plain harness, no host:
 * <ol>
 *   <li>records {@code --seconds} (60) of the default run's market into a journal with the real
 *       {@link Recorder} (host defaults: 64 MiB segments, 8 MiB ring): the sim's own
 *       {@link SyntheticBook}s with etc/flox.sim.market.cfg's settings (BTCUSDT, ETHUSDT, SOLUSDT
 *       of etc/symbols.csv, rate 20,000 events/s round-robin, depth 20, seed 42, 10 % trades, 15 %
 *       moves, a snapshot of every book each second), stamped by a clock that advances 50 us per
 *       event, so the journal spans exactly the run's seconds (it is written as fast as the
 *       recorder goes; its recorded times are the default run's pace);</li>
 *   <li>replays it {@code --rounds} (3) times as {@code ./flox run --replay JOURNAL --pace max}
 *       reads it: the sim replay's {@code JournalSource} (JournalReader, symbols registered as
 *       SIM's), each event published on a <b>sync</b> market-data bus to one subscriber (the
 *       replay's bus mode). Not included: the host's strategies, risk and the inline venue
 *       reacting to each event (their cost is the strategies', not the journal's), OSGi start.</li>
 * </ol>
 * Prints and writes ({@code --out}, tab-separated): events, journal span (s), journal bytes, the
 * wall time of each round (ms), events/s and ratio to real time of the median round, replay
 * thread bytes per event (median round).
 */
public final class ReplaySpeed {
    private static final long STEP_NS = 50_000; // 20,000 events/s: etc/flox.sim.market.cfg rate
    /** Held: a logger only referenced by getLogger is collected, with its level (the replays call System.gc()). */
    private static final Logger QUIET_BUS = Logger.getLogger("flox.bus");
    private static final Logger QUIET_RECORDER = Logger.getLogger("flox.recorder");

    /** Recorded time: set by the generator per event. */
    private static final class SteppedClock implements NanoClock {
        long now;

        @Override public long nanoTime() { return now; }

        @Override public long epochNanos() { return now; }
    }

    public static void main(String[] args) throws Exception {
        QUIET_BUS.setLevel(Level.WARNING);
        QUIET_RECORDER.setLevel(Level.WARNING);
        BenchRun.underJmhLock(() -> {
            try {
                run(BenchRun.options(args));
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
    }

    private static void run(Map<String, String> opt) throws Exception {
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "60"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        Path dir = Files.createTempDirectory("flox-replay-bench");
        try {
            long[] written = record(dir, seconds * 20_000L);
            long events = written[0];
            double spanS = (double) (events - 1) * STEP_NS / 1e9;
            long[] wall = new long[rounds];
            double[] bytes = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long[] out = replay(dir);
                if (out[0] != events) throw new IllegalStateException("replayed " + out[0] + " events of " + events + " recorded");
                wall[r] = out[1];
                bytes[r] = (double) out[2] / out[0];
                System.out.printf(Locale.ROOT, "replay round %d: %,d events in %,d ms (%,.0f events/s, %.1fx real time), %.3f B/event on the replay thread%n",
                        r + 1, out[0], out[1] / 1_000_000, out[0] * 1e9 / out[1], spanS * 1e9 / out[1], bytes[r]);
            }
            long[] sorted = wall.clone();
            Arrays.sort(sorted);
            long median = sorted[rounds / 2];
            int mi = 0;
            while (wall[mi] != median) mi++;
            double rate = events * 1e9 / median;
            double ratio = spanS * 1e9 / median;
            StringBuilder walls = new StringBuilder();
            for (long w : wall) walls.append(walls.length() == 0 ? "" : ",").append(w / 1_000_000);
            String line = String.join("\t", Long.toString(events), String.format(Locale.ROOT, "%.3f", spanS), Long.toString(written[1]),
                    walls.toString(), String.format(Locale.ROOT, "%.0f", rate), String.format(Locale.ROOT, "%.1f", ratio),
                    String.format(Locale.ROOT, "%.4f", bytes[mi]));
            System.out.printf(Locale.ROOT, "journal of %d s of the default run's market: %,d events, %,d bytes; replay (median of %d): %,.0f events/s, %.1fx real time%n",
                    seconds, events, written[1], rounds, rate, ratio);
            String out = opt.get("out");
            if (out != null) Files.writeString(Path.of(out), line + "\n", StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
            }
        }
    }

    /** Records {@code n} events of the synthetic market; returns {events committed, journal bytes}. */
    private static long[] record(Path dir, long n) throws Exception {
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        String[] names = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
        int[] qtyScales = {5, 4, 3};
        long[] starts = {6_000_000L, 300_000L, 15_000L}; // 60000, 3000, 150 at price scale 2
        SyntheticBook[] books = new SyntheticBook[names.length];
        for (int i = 0; i < names.length; i++) {
            int id = registry.register(SymbolInfo.builder("SIM", names[i]).priceScale(2).quantityScale(qtyScales[i]).tickSizeScaled(1)
                    .lotSizeScaled(1).minQuantityScaled(1).build());
            books[i] = new SyntheticBook(id, starts[i], 1, 1, 20, 50, 10, 15, 42L * 31 + i);
        }
        SteppedClock clock = new SteppedClock();
        clock.now = Instant.parse("2026-01-15T12:00:00Z").getEpochSecond() * 1_000_000_000L;
        Recorder recorder = new Recorder(dir, 64L << 20, 4L << 30, 8 << 20, new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of()),
                registry, clock);
        recorder.start();
        BookUpdate book = new BookUpdate(32);
        TradeEvent trade = new TradeEvent();
        for (long i = 0; i < n; i++) {
            if (i > 0 && i % 20_000 == 0) {
                for (SyntheticBook b : books) b.requestSnapshot(); // snapshot.interval.ms=1000
            }
            while (recorder.ringBacklog() > (1 << 20)) Thread.yield(); // the recorder is lossy: wait for the writer instead
            SyntheticBook b = books[(int) (i % books.length)];
            int kind = b.next(book, trade, clock.now);
            if (kind == SyntheticBook.TRADE) recorder.onTrade(trade);
            else recorder.onBookUpdate(book);
            clock.now += STEP_NS;
        }
        recorder.stop(30_000);
        long dropped = recorder.droppedRingFull() + recorder.droppedTooLarge() + recorder.droppedFailed();
        if (dropped != 0 || recorder.writer().events() != n) {
            throw new IllegalStateException("recorded " + recorder.writer().events() + " of " + n + " events, " + dropped + " dropped");
        }
        return new long[] {recorder.writer().events(), recorder.writer().bytes()};
    }

    /** One replay of the journal; returns {events, wall ns, bytes allocated by this thread}. */
    private static long[] replay(Path dir) throws IOException {
        System.gc();
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        MarketDataBus bus = StandaloneBuses.marketData(new StandaloneBuses.Options().sync(true).bookLevels(32)
                .publishTimeoutMs(10_000).stallTimeoutMs(10_000), registry);
        long[] received = new long[1];
        MarketDataSubscriber counter = new MarketDataSubscriber() {
            @Override public void onBookUpdate(BookUpdate u) { received[0]++; }
            @Override public void onTrade(TradeEvent t) { received[0]++; }
            @Override public void onVenueState(VenueStateEvent s) { received[0]++; }
        };
        StandaloneBuses.subscribe(bus, counter, "strategy", "lossless", 0);
        BenchJournalSource.Sink sink = new BenchJournalSource.Sink() {
            @Override public void onBookUpdate(BookUpdate u) { check(bus.publishBookUpdate(u)); }
            @Override public void onTrade(TradeEvent t) { check(bus.publishTrade(t)); }
            @Override public void onVenueState(VenueStateEvent s) { check(bus.publishVenueState(s)); }
            @Override public void onRecordedExecution(ExecutionEvent e, int id) { }
        };
        List<Thread> me = List.of(Thread.currentThread());
        long bytes0 = Probes.allocatedBytes(me, false);
        long start = System.nanoTime();
        try (BenchJournalSource source = new BenchJournalSource(dir, registry, "SIM", 32)) {
            while (!source.isDone()) source.poll(sink, 1024);
        }
        long wall = System.nanoTime() - start;
        long bytes = Probes.allocatedBytes(me, false) - bytes0;
        StandaloneBuses.stop(bus);
        return new long[] {received[0], wall, bytes};
    }

    private static void check(long r) {
        if (r < 0) throw new IllegalStateException("replay publish refused: " + BusResult.describe(r));
    }
}
