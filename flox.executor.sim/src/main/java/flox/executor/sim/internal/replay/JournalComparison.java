package flox.executor.sim.internal.replay;

import flox.api.bus.ExecutionSubscriber;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.num.FixedPoint;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A journal replay's execution reports beside those the journal recorded live, per symbol (a
 * report carries no strategy id, and the journal none either; the sample strategies trade one
 * symbol each; the replay's side names its strategies, from the order tracker): orders (ACCEPTED and REJECTED reports) and fills (PARTIALLY_FILLED and FILLED) on
 * each side, and the first report where the two sequences differ in client order id, exec type,
 * side, price, quantity, last price or last quantity (venue ids and times are left out: the
 * live venue's ids and clocks are its own). Written to {@value #FILE} of the home when the journal
 * ends. Live fills depended on the live venue and on when the live strategies started; the
 * comparison says where the replay first did something else, not why.
 *
 * <p>Recorded reports come from the replay thread; the replay's from the execution bus (the same
 * thread with sync buses). Synchronized: uncontended there. Each report is kept as 8 longs in an
 * array grown by doubling (no allocation per report once grown), up to {@value #MAX_REPORTS} per
 * side; more are counted, not compared.
 */
final class JournalComparison implements ExecutionSubscriber {
    static final String FILE = "state/journal-comparison";
    static final int MAX_REPORTS = 1 << 20;
    private static final int STRIDE = 9; // the 9th: the replay's strategy id (-1 unknown), not compared

    /** The strategy of a replayed order (the tracker's), -1 when unknown; null: none known. */
    private final java.util.function.LongToIntFunction strategyOf;
    private final Reports live = new Reports();
    private final Reports replay = new Reports();

    /** One side's reports: symbol, client order id, exec type, side, price, quantity, last price, last quantity. */
    private static final class Reports {
        long[] reports = new long[1024 * STRIDE];
        int count;
        long beyond;

        void add(ExecutionEvent e, int symbolId, int strategyId) {
            if (count == MAX_REPORTS) {
                beyond++;
                return;
            }
            int at = count * STRIDE;
            if (at + STRIDE > reports.length) reports = Arrays.copyOf(reports, reports.length * 2);
            reports[at] = symbolId;
            reports[at + 1] = e.clientOrderId();
            reports[at + 2] = e.execType() == null ? -1 : e.execType().ordinal();
            reports[at + 3] = e.side() == null ? -1 : e.side().ordinal();
            reports[at + 4] = e.priceScaled();
            reports[at + 5] = e.quantityScaled();
            reports[at + 6] = e.lastPriceScaled();
            reports[at + 7] = e.lastQuantityScaled();
            reports[at + 8] = strategyId;
            count++;
        }

        /** Indices of {@code symbolId}'s reports, in order. Cold. */
        int[] of(int symbolId) {
            int n = 0;
            int[] idx = new int[count];
            for (int i = 0; i < count; i++) if (reports[i * STRIDE] == symbolId) idx[n++] = i;
            return Arrays.copyOf(idx, n);
        }

        long orders(int[] idx) {
            long n = 0;
            for (int i : idx) {
                long t = reports[i * STRIDE + 2];
                if (t == ExecType.ACCEPTED.ordinal() || t == ExecType.REJECTED.ordinal()) n++;
            }
            return n;
        }

        long fills(int[] idx) {
            long n = 0;
            for (int i : idx) {
                long t = reports[i * STRIDE + 2];
                if (t == ExecType.FILLED.ordinal() || t == ExecType.PARTIALLY_FILLED.ordinal()) n++;
            }
            return n;
        }
    }

    /** @param strategyOf the replayed order's strategy id (-1 unknown), e.g. from the order tracker; null: not known */
    JournalComparison(java.util.function.LongToIntFunction strategyOf) {
        this.strategyOf = strategyOf;
    }

    /** A report the journal recorded (the live venue's), for the registry's {@code symbolId}. */
    synchronized void recorded(ExecutionEvent e, int symbolId) {
        live.add(e, symbolId, -1);
    }

    /** A report of the replay, from the execution bus. */
    @Override
    public synchronized void onExecution(ExecutionEvent e) {
        replay.add(e, e.symbolId(), strategyOf == null ? -1 : strategyOf.applyAsInt(e.clientOrderId()));
    }

    synchronized int recordedCount() {
        return live.count;
    }

    synchronized int replayCount() {
        return replay.count;
    }

    /**
     * Compares the two sides and writes {@value #FILE} under {@code home} (atomically).
     *
     * @return the summary line (for the exit summary and the log)
     */
    synchronized String write(Path home, SymbolRegistry symbols, Path journal) throws IOException {
        Map<Integer, String> rows = new TreeMap<>();
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        for (int i = 0; i < live.count; i++) ids.add((int) live.reports[i * STRIDE]);
        for (int i = 0; i < replay.count; i++) ids.add((int) replay.reports[i * STRIDE]);
        String firstDivergence = null;
        long liveOrders = 0;
        long liveFills = 0;
        long replayOrders = 0;
        long replayFills = 0;
        for (int id : ids) {
            SymbolInfo s = symbols.symbol(id);
            String name = s == null ? "symbol " + id : s.exchange() + ":" + s.symbol();
            int[] a = live.of(id);
            int[] b = replay.of(id);
            long lo = live.orders(a);
            long lf = live.fills(a);
            long ro = replay.orders(b);
            long rf = replay.fills(b);
            liveOrders += lo;
            liveFills += lf;
            replayOrders += ro;
            replayFills += rf;
            String diff = null;
            int n = Math.min(a.length, b.length);
            for (int k = 0; k < n && diff == null; k++) {
                if (!same(live.reports, a[k], replay.reports, b[k])) {
                    diff = "first divergence at report #" + (k + 1) + ": live " + describe(live.reports, a[k], s) + " | replay " + describe(replay.reports, b[k], s);
                }
            }
            if (diff == null && a.length != b.length) {
                diff = a.length > b.length ? "the replay ends first: live report #" + (n + 1) + " is " + describe(live.reports, a[n], s)
                        : "live ends first: replay report #" + (n + 1) + " is " + describe(replay.reports, b[n], s);
            }
            if (diff != null && firstDivergence == null) firstDivergence = name + ", " + diff;
            rows.put(id, name + "\tlive " + lo + " orders " + lf + " fills (" + a.length + " reports)\treplay " + ro + " orders " + rf + " fills ("
                    + b.length + " reports" + strategies(b) + ")\t" + (diff == null ? "identical" : diff));
        }
        String totals = "live " + liveOrders + " orders " + liveFills + " fills, replay " + replayOrders + " orders " + replayFills + " fills";
        String capped = live.beyond + replay.beyond > 0 ? " (only the first " + MAX_REPORTS + " reports of each side compared: "
                + live.beyond + " live and " + replay.beyond + " replayed reports beyond)" : "";
        String summary = "journal comparison: " + (ids.isEmpty() ? "no execution reports, live or in the replay"
                : firstDivergence == null ? "identical, " + totals : "differs, " + totals + "; " + firstDivergence) + capped + " (" + FILE + ")";
        StringBuilder text = new StringBuilder();
        text.append("# the execution reports the journal recorded live beside the replay's, per symbol; written by flox.sim.replay\n")
                .append("# compared: client order id, exec type, side, price, quantity, last price, last quantity, in order per symbol.\n")
                .append("# Live fills depended on the live venue and on when the live strategies started: a divergence says where, not why.\n")
                .append("journal\t").append(journal).append('\n')
                .append("summary\t").append(summary).append('\n');
        for (String row : rows.values()) text.append("symbol\t").append(row).append('\n');
        Path file = home.resolve(FILE);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return summary;
    }

    /** The replay's strategies of these reports, with their orders and fills: ", strategy 1: 46 orders 53 fills"; empty when unknown. */
    private String strategies(int[] idx) {
        Map<Integer, long[]> by = new TreeMap<>();
        for (int i : idx) {
            int st = (int) replay.reports[i * STRIDE + 8];
            if (st < 0) continue;
            long t = replay.reports[i * STRIDE + 2];
            long[] c = by.computeIfAbsent(st, k -> new long[2]);
            if (t == ExecType.ACCEPTED.ordinal() || t == ExecType.REJECTED.ordinal()) c[0]++;
            if (t == ExecType.FILLED.ordinal() || t == ExecType.PARTIALLY_FILLED.ordinal()) c[1]++;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Integer, long[]> e : by.entrySet()) {
            sb.append(", strategy ").append(e.getKey()).append(": ").append(e.getValue()[0]).append(" orders ").append(e.getValue()[1]).append(" fills");
        }
        return sb.toString();
    }

    private static boolean same(long[] a, int i, long[] b, int j) {
        for (int f = 1; f < 8; f++) if (a[i * STRIDE + f] != b[j * STRIDE + f]) return false;
        return true;
    }

    private static String describe(long[] r, int i, SymbolInfo s) {
        int at = i * STRIDE;
        int type = (int) r[at + 2];
        int sd = (int) r[at + 3];
        int ps = s == null ? 0 : s.priceScale();
        int qs = s == null ? 0 : s.quantityScale();
        String text = (type < 0 ? "?" : ExecType.values()[type].name()) + " order " + r[at + 1] + " " + (sd < 0 ? "-" : flox.api.order.Side.values()[sd].name())
                + " " + FixedPoint.format(r[at + 5], qs) + "@" + FixedPoint.format(r[at + 4], ps);
        if (r[at + 7] != 0) text += " last " + FixedPoint.format(r[at + 7], qs) + "@" + FixedPoint.format(r[at + 6], ps);
        return text;
    }
}
