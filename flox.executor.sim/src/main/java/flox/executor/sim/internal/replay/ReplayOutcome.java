package flox.executor.sim.internal.replay;

import flox.connector.binance.internal.feed.RecordingFormatException;
import flox.connector.binance.internal.feed.RecordingInput;
import flox.connector.binance.internal.feed.ReplayStats;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * How a replay ended: complete (every line read, events published, nothing refused) or
 * incomplete, with why (a failure names the file and line). Shown on the exit summary and
 * written to {@code <home>/state/replay-result}, which {@code ./flox run --replay} reads to exit
 * non-zero (status 3) on an incomplete replay: the framework's own exit status cannot carry it.
 * Immutable.
 */
public final class ReplayOutcome {
    /** The status file, relative to the host home. */
    public static final String STATUS_FILE = "state/replay-result";

    private final boolean complete;
    private final String reason;
    private final long events;

    private ReplayOutcome(boolean complete, String reason, long events) {
        this.complete = complete;
        this.reason = reason;
        this.events = events;
    }

    /**
     * Judges a replay that has ended.
     *
     * @param inputs the recordings
     * @param stats the reader's counters (null when the reader could not be opened)
     * @param published events the bus took
     * @param refused events the bus refused
     * @param stoppedEarly the host stopped the replay before the end of the recording
     * @param failure what ended it, or null
     */
    public static ReplayOutcome of(List<RecordingInput> inputs, ReplayStats stats, long published, long refused,
                                   boolean stoppedEarly, Throwable failure) {
        String files = names(inputs);
        if (failure != null) {
            String why = failure instanceof RecordingFormatException ? failure.getMessage()
                    : failure instanceof IOException ? files + ": " + failure.getMessage() : files + ": " + failure;
            return new ReplayOutcome(false, why + " (after " + published + " events)", published);
        }
        if (stoppedEarly) {
            return new ReplayOutcome(false, "the host stopped before the end of " + files + " (after " + published + " events)", published);
        }
        if (refused > 0) {
            return new ReplayOutcome(false, "the market-data bus refused " + refused + " events of " + files
                    + " (more book levels than its book.levels?)", published);
        }
        if (published == 0) {
            String detail = stats == null || stats.lines == 0 ? "the file is empty"
                    : stats.lines + " lines read, " + stats.unknownSymbolFrames + " of symbols not in the symbol registry (etc/symbols.csv), "
                    + stats.malformedLines + " malformed, " + (stats.skippedAggTrades + stats.skippedKlines + stats.skippedOtherFrames
                    + stats.skippedOtherHttp) + " of other streams, " + stats.depthUpdates + " depth updates without a snapshot to start from";
            return new ReplayOutcome(false, "nothing replayed from " + files + ": " + detail, 0);
        }
        String note = stats != null && stats.malformedLines > 0 ? " (" + stats.malformedLines + " malformed lines skipped)" : "";
        return new ReplayOutcome(true, published + " events from " + files + note, published);
    }

    /**
     * Judges a journal replay that has ended. A torn tail (a record cut by a killed writer) is the
     * end of its segment's data, not a failure: named in the reason of a complete replay. A
     * journal that cannot be read ({@code JournalException}: not a journal, another format version,
     * a damaged header) names the file and offset.
     *
     * @param journal the journal (file or directory)
     * @param torn    the torn tails met
     */
    public static ReplayOutcome ofJournal(Path journal, long published, long refused, boolean stoppedEarly, Throwable failure,
                                          List<flox.recorder.internal.journal.TornTail> torn) {
        if (failure != null) {
            String why = failure instanceof flox.recorder.internal.journal.JournalException ? "unreadable journal: " + failure.getMessage()
                    : failure instanceof IOException ? failure.getMessage() : journal + ": " + failure;
            return new ReplayOutcome(false, why + " (after " + published + " events)", published);
        }
        if (stoppedEarly) {
            return new ReplayOutcome(false, "the host stopped before the end of " + journal + " (after " + published + " events)", published);
        }
        if (refused > 0) {
            return new ReplayOutcome(false, "the market-data bus refused " + refused + " events of " + journal
                    + " (more book levels than its book.levels?)", published);
        }
        if (published == 0) {
            return new ReplayOutcome(false, "nothing replayed from " + journal + ": the journal holds no book update or trade"
                    + (torn.isEmpty() ? "" : " before its torn tail (" + torn.get(0) + ")"), 0);
        }
        String note = torn.isEmpty() ? "" : " (" + torn.size() + " torn tail" + (torn.size() == 1 ? "" : "s") + ", each the end of its segment's data: "
                + torn.get(0) + (torn.size() > 1 ? ", ..." : "") + ")";
        return new ReplayOutcome(true, published + " events from the journal " + journal + note, published);
    }

    /** A replay that could not start: its configuration is wrong ({@code why} names the field). */
    public static ReplayOutcome notStarted(String why) {
        return new ReplayOutcome(false, why, 0);
    }

    public boolean complete() { return complete; }

    /** Why it is incomplete, or what was replayed. */
    public String reason() { return reason; }

    public long events() { return events; }

    /** One line for the exit summary and the log. */
    public String summaryLine() {
        return (complete ? "replay complete: " : "replay incomplete: ") + reason;
    }

    /**
     * Writes {@link #STATUS_FILE} under {@code home} atomically (temporary file, fsync, rename):
     * {@code result=complete|incomplete}, {@code reason=...}, {@code events=N}.
     */
    public void writeStatus(Path home) throws IOException {
        Path file = home.resolve(STATUS_FILE);
        Path dir = file.getParent();
        Files.createDirectories(dir);
        String text = "# how the last replay ended; written by flox.sim.replay, read by ./flox run --replay\n"
                + "result=" + (complete ? "complete" : "incomplete") + "\n"
                + "reason=" + reason.replace('\n', ' ').replace('\r', ' ') + "\n"
                + "events=" + events + "\n";
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String names(List<RecordingInput> inputs) {
        if (inputs.size() == 1) return inputs.get(0).path().toString();
        StringBuilder sb = new StringBuilder();
        for (RecordingInput in : inputs) sb.append(sb.length() == 0 ? "" : ", ").append(in.path());
        return sb.toString();
    }

    @Override
    public String toString() {
        return summaryLine();
    }
}
