package flox.recorder.internal.journal;

import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.num.FixedPoint;
import flox.api.order.RejectReason;
import flox.api.symbol.SymbolInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./flox journal FILE|DIR [--tail]}: prints each segment's header (number, format, creation
 * time, UTC day, symbols with their scales), the count of events by kind and by symbol, the time
 * span, the first and last events with prices and quantities at their symbols' scales, and any torn
 * tail. {@code --tail} then follows the journal (new records, new segments), one line per record,
 * until Ctrl-C. Exit 0: read to the end; 1: a torn tail was reported; 2: unreadable input or a
 * usage error (the message names the file and offset). Plain Java, no OSGi; cold, allocates.
 */
public final class JournalInspect {
    private final PrintStream out;
    private final JournalReader reader;
    private final BookUpdate book = new BookUpdate(1 << 16);
    private final TradeEvent trade = new TradeEvent();
    private final VenueStateEvent venue = new VenueStateEvent();
    private final ExecutionEvent exec = new ExecutionEvent();
    private final Map<String, Long> byKind = new TreeMap<>();
    private final Map<String, Long> bySymbol = new TreeMap<>();
    private long events;
    private long firstNs;
    private long lastNs;
    private String first;
    private String last;

    JournalInspect(Path path, boolean follow, PrintStream out) {
        this.out = out;
        this.reader = new JournalReader(path, follow).onSegment(this::printSegment).onTorn(t -> out.println("TORN TAIL: " + t));
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path path = null;
        boolean tail = false;
        for (String a : args) {
            if (a.equals("--tail")) tail = true;
            else if (a.startsWith("-")) return usage(err, "unknown option '" + a + "'");
            else if (path != null) return usage(err, "one FILE or DIR only (got " + path + " and " + a + ")");
            else path = Path.of(a);
        }
        if (path == null) return usage(err, "FILE or DIR is required");
        JournalInspect inspect = null;
        try {
            inspect = new JournalInspect(path, tail, out);
            inspect.readAll();
            inspect.printSummary();
            if (tail) inspect.follow();
            return inspect.reader.tornTails().isEmpty() ? 0 : 1;
        } catch (JournalException e) {
            err.println("journal: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // a record whose CRC matches but whose body does not decode: written by another program, not by a torn write
            JournalReader r = inspect == null ? null : inspect.reader;
            err.println("journal: " + (r == null || r.file() == null ? path + " at offset 0" : r.file() + " at offset " + r.offset())
                    + ": cannot decode: " + e);
            return 2;
        }
    }

    private static int usage(PrintStream err, String why) {
        err.println("journal: " + why + "; usage: ./flox journal FILE|DIR [--tail]");
        return 2;
    }

    private void readAll() {
        while (reader.next()) {
            if (reader.type() == JournalFormat.TYPE_SYMBOL) continue;
            String line = describe();
            count();
            if (first == null) {
                first = line;
                firstNs = reader.recordedEpochNs();
            }
            last = line;
            lastNs = reader.recordedEpochNs();
        }
    }

    private void follow() {
        out.println("following (Ctrl-C to stop)...");
        out.flush();
        while (true) {
            boolean any = false;
            while (reader.next()) {
                any = true;
                out.println(describe());
            }
            if (any) out.flush();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void count() {
        events++;
        byKind.merge(JournalFormat.typeName(reader.type()), 1L, Long::sum);
        int id = reader.symbolId();
        bySymbol.merge(id < 0 ? "(venue-wide)" : name(id), 1L, Long::sum);
    }

    private String name(int id) {
        SymbolInfo s = reader.symbol(id);
        return s == null ? "#" + id + " (not in the journal's symbols)" : s.exchange() + ':' + s.symbol();
    }

    private void printSegment(SegmentInfo s) {
        out.println("segment " + s.file() + ": number " + s.number() + ", format " + s.formatVersion() + ", created " + time(s.createdEpochNs())
                + " (UTC day " + s.utcDay() + "), " + s.symbols().size() + " symbols");
        for (SymbolInfo y : s.symbols()) {
            out.println("  symbol " + y.symbolId() + " " + y.exchange() + ':' + y.symbol() + ' ' + y.instrumentType() + " price scale " + y.priceScale()
                    + " quantity scale " + y.quantityScale() + " tick " + FixedPoint.format(y.tickSizeScaled(), y.priceScale()) + " lot "
                    + FixedPoint.format(y.lotSizeScaled(), y.quantityScale()) + (y.isTradable() ? "" : " not tradable"));
        }
    }

    private void printSummary() {
        out.println("segments: " + reader.segments().size() + ", closed with SEGMENT_END: " + reader.segmentsClosed());
        out.println("events: " + events);
        out.println("by kind: " + join(byKind));
        out.println("by symbol: " + join(bySymbol));
        if (first != null) {
            out.println("time span: " + time(firstNs) + " .. " + time(lastNs) + String.format(" (%.3f s)", (lastNs - firstNs) / 1e9));
            out.println("first: " + first);
            out.println("last:  " + last);
        }
        if (!reader.tornTails().isEmpty()) out.println("torn tails: " + reader.tornTails().size() + " (everything before each was read)");
        out.flush();
    }

    private static String join(Map<String, Long> m) {
        if (m.isEmpty()) return "none";
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return sb.toString();
    }

    private static String time(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L)).toString();
    }

    /** One line for the current record: recorded time, kind, symbol and every field, prices and quantities at the symbol's scales. */
    String describe() {
        StringBuilder sb = new StringBuilder(time(reader.recordedEpochNs())).append(' ').append(JournalFormat.typeName(reader.type())).append(' ');
        switch (reader.type()) {
            case JournalFormat.TYPE_BOOK_UPDATE: {
                BookUpdate u = reader.readBookUpdate(book);
                SymbolInfo s = reader.symbol(u.symbolId());
                sb.append(name(u.symbolId())).append(' ').append(u.type());
                if (u.isInvalid()) sb.append(" INVALID");
                if (u.isContinued()) sb.append(" CONTINUED");
                sb.append(" ids ").append(u.firstUpdateId()).append("..").append(u.lastUpdateId());
                sb.append(" bids ").append(u.bidCount());
                if (u.bidCount() > 0) sb.append(" (first ").append(qty(s, u.bidQuantity(0))).append(" @ ").append(px(s, u.bidPrice(0))).append(')');
                sb.append(" asks ").append(u.askCount());
                if (u.askCount() > 0) sb.append(" (first ").append(qty(s, u.askQuantity(0))).append(" @ ").append(px(s, u.askPrice(0))).append(')');
                exchangeTime(sb, u.exchangeTimestampNs());
                break;
            }
            case JournalFormat.TYPE_TRADE: {
                TradeEvent t = reader.readTrade(trade);
                SymbolInfo s = reader.symbol(t.symbolId());
                sb.append(name(t.symbolId())).append(" id ").append(t.tradeId()).append(' ').append(t.aggressorSide() == null ? "side?" : t.aggressorSide())
                        .append(' ').append(qty(s, t.quantityScaled())).append(" @ ").append(px(s, t.priceScaled()));
                exchangeTime(sb, t.exchangeTimestampNs());
                break;
            }
            case JournalFormat.TYPE_VENUE_STATE: {
                VenueStateEvent v = reader.readVenueState(venue);
                sb.append(v.exchange()).append(v.isVenueWide() ? " (all symbols)" : " " + name(v.symbolId())).append(' ').append(v.state()).append(' ')
                        .append(v.reason());
                if (v.retryAtEpochNs() != 0) sb.append(" retry at ").append(time(v.retryAtEpochNs()));
                if (!v.text().isEmpty()) sb.append(" '").append(v.text()).append('\'');
                break;
            }
            case JournalFormat.TYPE_EXECUTION: {
                ExecutionEvent e = reader.readExecution(exec);
                SymbolInfo s = reader.symbol(e.symbolId());
                sb.append(e.execType()).append(' ').append(name(e.symbolId())).append(" order ").append(e.clientOrderId());
                if (e.origClientOrderId() != 0) sb.append(" (orig ").append(e.origClientOrderId()).append(')');
                if (e.exchangeOrderId() != 0) sb.append(" venue id ").append(e.exchangeOrderId());
                if (e.execId() != 0) sb.append(" exec ").append(e.execId());
                sb.append(' ').append(e.side()).append(' ').append(qty(s, e.quantityScaled())).append(" @ ").append(px(s, e.priceScaled()));
                sb.append(" last ").append(qty(s, e.lastQuantityScaled())).append(" @ ").append(px(s, e.lastPriceScaled()));
                sb.append(" cum ").append(qty(s, e.cumulativeQuantityScaled()));
                sb.append(" leaves ").append(e.leavesQuantityScaled() == ExecutionEvent.LEAVES_UNKNOWN ? "?" : qty(s, e.leavesQuantityScaled()));
                if (e.feeScaled() != 0) {
                    sb.append(" fee ").append(FixedPoint.format(e.feeScaled(), Math.min(Math.max(e.feeScale(), 0), FixedPoint.MAX_SCALE)))
                            .append(' ').append(e.feeAsset() == null ? "(quote)" : e.feeAsset());
                }
                sb.append(' ').append(e.liquidity());
                if (e.venueStatus() != null) sb.append(" venue ").append(e.venueStatus());
                if (e.reason() != null && e.reason() != RejectReason.NONE) sb.append(" reason ").append(e.reason());
                if (e.text().length() > 0) sb.append(" '").append(e.text()).append('\'');
                exchangeTime(sb, e.exchangeTimestampNs());
                break;
            }
            case JournalFormat.TYPE_SYMBOL: {
                SymbolInfo s = reader.definedSymbol();
                sb.append(s.symbolId()).append(' ').append(s.exchange()).append(':').append(s.symbol()).append(' ').append(s.instrumentType())
                        .append(" price scale ").append(s.priceScale()).append(" quantity scale ").append(s.quantityScale());
                break;
            }
            default:
                sb.append("(unknown record type)");
        }
        sb.append(" recv ").append(reader.receiveNs());
        return sb.toString();
    }

    private static void exchangeTime(StringBuilder sb, long ns) {
        if (ns != 0) sb.append(" venue time ").append(time(ns));
    }

    private static String px(SymbolInfo s, long v) {
        return s == null ? v + " (raw)" : FixedPoint.format(v, s.priceScale());
    }

    private static String qty(SymbolInfo s, long v) {
        return s == null ? v + " (raw)" : FixedPoint.format(v, s.quantityScale());
    }
}
