package flox.recorder.internal.journal;

import flox.api.num.FixedPoint;
import flox.api.symbol.SymbolInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbols.csv of a journal replay's home ({@code ./flox run --replay JOURNAL}): every symbol the
 * journal defines (segment headers and SYMBOL records) as a symbol of EXCHANGE with the same name,
 * scales and rules, then the rows of DEFAULTS (the default symbols.csv) whose symbol the journal
 * does not define (the risk file names them). Two definitions of one name that differ (a journal
 * of two venues, or of a home whose symbols.csv changed) are refused, naming the field.
 *
 * <p>{@code java ... JournalSymbolsCsv JOURNAL EXCHANGE DEFAULTS}: the file on stdout; exit 2 with
 * the message on stderr for a conflict, 3 for an unreadable journal (file and offset). Cold; plain Java.
 */
public final class JournalSymbolsCsv {
    private JournalSymbolsCsv() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: JournalSymbolsCsv JOURNAL EXCHANGE DEFAULTS_CSV");
            System.exit(2);
        }
        try {
            System.out.print(csv(Path.of(args[0]), args[1], Path.of(args[2])));
            System.out.flush();
        } catch (JournalException e) {
            System.err.println("unreadable journal: " + e.getMessage());
            System.exit(3);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** The whole file's text. */
    static String csv(Path journal, String exchange, Path defaults) throws IOException {
        Map<String, SymbolInfo> byName = new LinkedHashMap<>();
        Map<String, SymbolInfo> source = new LinkedHashMap<>();
        try (JournalReader r = new JournalReader(journal, false)) {
            r.onSegment(s -> {
                for (SymbolInfo i : s.symbols()) add(journal, exchange, i, byName, source);
            });
            while (r.next()) {
                if (r.type() == JournalFormat.TYPE_SYMBOL) add(journal, exchange, r.definedSymbol(), byName, source);
            }
        }
        StringBuilder out = new StringBuilder("# made by ./flox run --replay from the symbols of the journal " + journal + ", as " + exchange + " symbols\n");
        out.append("exchange,symbol,type,tickSize,lotSize,minQuantity,minNotional,priceScale,quantityScale,maxQuantity,maxNotional,tradable\n");
        for (SymbolInfo s : byName.values()) {
            out.append(exchange).append(',').append(s.symbol()).append(',').append(s.instrumentType().name()).append(',')
                    .append(FixedPoint.format(s.tickSizeScaled(), s.priceScale())).append(',')
                    .append(FixedPoint.format(s.lotSizeScaled(), s.quantityScale())).append(',')
                    .append(FixedPoint.format(s.minQuantityScaled(), s.quantityScale())).append(',')
                    .append(FixedPoint.format(s.minNotionalScaled(), s.priceScale())).append(',')
                    .append(s.priceScale()).append(',').append(s.quantityScale()).append(',')
                    .append(s.maxQuantityScaled() == 0 ? "" : FixedPoint.format(s.maxQuantityScaled(), s.quantityScale())).append(',')
                    .append(s.maxNotionalScaled() == 0 ? "" : FixedPoint.format(s.maxNotionalScaled(), s.priceScale())).append(',')
                    .append(s.isTradable()).append('\n');
        }
        // the defaults' symbols of EXCHANGE the journal lacks, in this file's columns
        List<String> lines = Files.readAllLines(defaults, StandardCharsets.UTF_8);
        String[] header = null;
        StringBuilder rest = new StringBuilder();
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] cells = t.split(",", -1);
            if (header == null) {
                header = cells;
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) row.put(header[i].strip(), cells[i].strip());
            if (!exchange.equals(row.get("exchange")) || byName.containsKey(row.get("symbol"))) continue;
            rest.append(row.get("exchange")).append(',').append(row.get("symbol")).append(',').append(row.getOrDefault("type", "SPOT")).append(',')
                    .append(row.getOrDefault("tickSize", "")).append(',').append(row.getOrDefault("lotSize", "")).append(',')
                    .append(row.getOrDefault("minQuantity", "")).append(',').append(row.getOrDefault("minNotional", "")).append(',')
                    .append(row.getOrDefault("priceScale", "")).append(',').append(row.getOrDefault("quantityScale", "")).append(',')
                    .append(row.getOrDefault("maxQuantity", "")).append(',').append(row.getOrDefault("maxNotional", "")).append(',')
                    .append(row.getOrDefault("tradable", "")).append('\n');
        }
        return out.append(rest).toString();
    }

    private static void add(Path journal, String exchange, SymbolInfo s, Map<String, SymbolInfo> byName, Map<String, SymbolInfo> source) {
        SymbolInfo def = SymbolInfo.builder(exchange, s.symbol()).instrumentType(s.instrumentType()).priceScale(s.priceScale())
                .quantityScale(s.quantityScale()).tickSizeScaled(s.tickSizeScaled()).lotSizeScaled(s.lotSizeScaled())
                .minQuantityScaled(s.minQuantityScaled()).minNotionalScaled(s.minNotionalScaled()).maxQuantityScaled(s.maxQuantityScaled())
                .maxNotionalScaled(s.maxNotionalScaled()).tradable(s.isTradable()).build();
        SymbolInfo earlier = byName.putIfAbsent(s.symbol(), def);
        if (earlier == null) {
            source.put(s.symbol(), s);
            return;
        }
        String diff = earlier.differenceFrom(def);
        if (diff != null) {
            SymbolInfo first = source.get(s.symbol());
            throw new IllegalArgumentException(journal + ": the journal defines " + s.symbol() + " twice, differently (" + first.exchange() + ":"
                    + first.symbol() + " and " + s.exchange() + ":" + s.symbol() + "): " + diff + "; both would replay as " + exchange + ":"
                    + s.symbol() + ". Replay the segments of one definition (a segment file, or a directory holding only those)");
        }
    }
}
