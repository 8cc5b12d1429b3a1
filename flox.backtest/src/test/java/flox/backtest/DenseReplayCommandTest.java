package flox.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dense journal (3 s of the default run: about 50,000 events) replayed at maximum pace, twice,
 * through {@code ./flox}: the same orders and fills field by field, timestamps included. The
 * replay runs on the market's recorded time ({@code flox.clock=market}): on the machine's clock
 * the market maker's cool-down after a refusal and the momentum taker's holding time spanned a
 * share of the journal that depended on the replay's speed, and two runs differed (382 and 419
 * market-maker orders in one trial).
 */
@Timeout(300)
class DenseReplayCommandTest {
    @TempDir
    static Path tmp;

    static BacktestCommandTest.Result flox(String... args) throws Exception {
        return BacktestCommandTest.flox(tmp, args);
    }

    private static final Pattern JOURNAL_LINE = Pattern.compile("journal: (\\d+) events, .*; dropped (\\d+)");

    @Test
    void shouldReplayADenseJournalTheSameRunAfterRunOnTheMarketsTime() throws Exception {
        BacktestCommandTest.Result live = flox("run", "--duration", "3", "--home", tmp.resolve("live").toString(),
                "--status-interval", "0");
        assertEquals(0, live.status(), "the default run failed:\n" + live.stderr() + live.stdout());
        Matcher m = JOURNAL_LINE.matcher(live.stdout());
        assertTrue(m.find() && Long.parseLong(m.group(1)) > 20_000, "a dense journal:\n" + live.stdout()); // what it dropped, it lacks: both replays alike
        Path journal = tmp.resolve("live/journal");
        BacktestCommandTest.Result first = flox("run", "--replay", journal.toString(), "--home",
                tmp.resolve("replay1").toString(), "--status-interval", "0");
        BacktestCommandTest.Result second = flox("run", "--replay", journal.toString(), "--home",
                tmp.resolve("replay2").toString(), "--status-interval", "0");
        assertEquals(0, first.status(), first.stderr() + first.stdout());
        assertEquals(0, second.status(), second.stderr() + second.stdout());
        // the replays' own journals whole, so a difference below is the replay's, not a recorder's drop
        assertEquals(0, JournalReplayCommandTest.journalDropped(first), first.stdout());
        assertEquals(0, JournalReplayCommandTest.journalDropped(second), second.stdout());
        assertTrue(first.stderr().contains("clock: the replayed market's recorded time") || first.stdout().contains("clock: the replayed market's recorded time"),
                "the replay runs on the market's time:\n" + first.stdout());
        List<String> a = JournalReplayCommandTest.executions(tmp.resolve("replay1/journal"));
        List<String> b = JournalReplayCommandTest.executions(tmp.resolve("replay2/journal"));
        assertTrue(a.stream().filter(s -> s.contains(" FILLED ") || s.contains(" PARTIALLY_FILLED ")).count() > 100, "a replay that trades: " + a.size());
        assertEquals(a.size(), b.size(), "as many execution reports");
        // stamped with the data's time (epoch ns of the live run), not 0: the market clock moved with the replay
        long liveStart = java.nio.file.Files.getLastModifiedTime(journal).toMillis() * 1_000_000L - 600_000_000_000L;
        for (String r : a) {
            long receiveNs = Long.parseLong(r.substring(r.indexOf('/') + 1, r.indexOf(' ', r.indexOf('/'))));
            assertTrue(receiveNs > liveStart, "a report stamped with the recorded time: " + r);
        }
        for (int i = 0; i < a.size(); i++) assertEquals(a.get(i), b.get(i), "report #" + (i + 1));
    }
}
