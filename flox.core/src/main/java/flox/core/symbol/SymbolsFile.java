package flox.core.symbol;

import flox.api.num.FixedPoint;
import flox.api.symbol.InstrumentType;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a symbols file: comma-separated values with a header line naming the columns.
 *
 * <pre>
 * # comment
 * exchange,symbol,type,tickSize,lotSize,minQuantity,minNotional
 * SIM,BTCUSDT,SPOT,0.01,0.00001,0.00001,5
 * </pre>
 *
 * Required columns: exchange, symbol, type, tickSize, lotSize. Optional: minQuantity (default:
 * lotSize), minNotional (default 0), priceScale and quantityScale (default: the decimals of
 * tickSize and lotSize, trailing zeros ignored), maxQuantity and maxNotional (the venue's
 * largest order; default 0, no limit) and tradable (true or false; default true). Decimal values are written as the venue
 * publishes them. A UTF-8 byte-order mark at the start of the file is ignored. Parsing is all
 * or nothing: the first bad line stops it with an error naming file, line and field. A line
 * repeating an (exchange, symbol) pair identically is ignored; differently, it is an error.
 * Cold path; allocates freely.
 */
public final class SymbolsFile {
    static final String[] REQUIRED = {"exchange", "symbol", "type", "tickSize", "lotSize"};
    static final String[] OPTIONAL = {"minQuantity", "minNotional", "priceScale", "quantityScale", "maxQuantity", "maxNotional", "tradable"};
    /** U+FEFF as the first character of a file: a UTF-8 byte-order mark, written by some editors; ignored. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    /** What {@link FixedPoint#parse} reads: optional sign, digits, at most one '.'. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)");

    private SymbolsFile() {
    }

    public static List<SymbolInfo> read(Path file) throws SymbolsFileException {
        return read(file, null);
    }

    /**
     * As {@link #read(Path)}, and a line redefining a symbol of {@code registered} with other
     * rules is an error naming that line (a registered symbol keeps its rules until restart).
     */
    public static List<SymbolInfo> read(Path file, SymbolRegistry registered) throws SymbolsFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SymbolsFileException(file + ": cannot read: " + e, e);
        } catch (RuntimeException e) { // MalformedInputException is an IOException; this catches the rest
            throw new SymbolsFileException(file + ": cannot read: " + e, e);
        }
        return parse(file.toString(), lines, registered);
    }

    /**
     * Parses the lines of a symbols file; {@code fileName} is only used in messages. A UTF-8
     * byte-order mark at the start of the first line is ignored.
     *
     * @throws SymbolsFileException for the first problem found, naming file, line and, where
     *         there is one, field; never an unchecked exception
     */
    public static List<SymbolInfo> parse(String fileName, List<String> lines) throws SymbolsFileException {
        return parse(fileName, lines, null);
    }

    /** As {@link #parse(String, List)}, checking each symbol against {@code registered} (may be null) like {@link #read(Path, SymbolRegistry)}. */
    public static List<SymbolInfo> parse(String fileName, List<String> lines, SymbolRegistry registered) throws SymbolsFileException {
        if (lines == null) throw new SymbolsFileException(fileName + ": no content (the list of lines is null)");
        Parser parser = new Parser(fileName, registered);
        int lineNo = 0;
        try {
            Iterator<String> it = lines.iterator(); // iterated, not indexed: linear whatever the List
            while (it.hasNext()) {
                lineNo++; // before next(): a List failing to produce a line is reported at that line
                parser.line(lineNo, it.next());
            }
        } catch (RuntimeException e) { // a defect, or a List that fails: still report it as a file problem
            throw new SymbolsFileException(fileName + (lineNo > 0 ? " line " + lineNo : "") + ": unexpected error: " + e, e);
        }
        return parser.finish();
    }

    /** Parsing state for one file. */
    private static final class Parser {
        /** Where a symbol was first defined: its index in {@code out} and its line. */
        private record Seen(int index, int lineNo) {
        }

        private final String fileName;
        private final SymbolRegistry registered;
        private final List<SymbolInfo> out = new ArrayList<>();
        private final Map<SymbolKey, Seen> seen = new HashMap<>();
        private Map<String, Integer> columns;

        Parser(String fileName, SymbolRegistry registered) {
            this.fileName = fileName;
            this.registered = registered;
        }

        void line(int lineNo, String raw) throws SymbolsFileException {
            if (raw == null) throw error(fileName, lineNo, null, "line is null");
            if (lineNo == 1 && raw.startsWith(BYTE_ORDER_MARK)) raw = raw.substring(BYTE_ORDER_MARK.length());
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) return;
            String[] cells = line.split(",", -1);
            if (columns == null) {
                columns = header(fileName, lineNo, cells);
                return;
            }
            if (cells.length != columns.size()) {
                throw error(fileName, lineNo, null, "has " + cells.length + " fields but the header names " + columns.size());
            }
            SymbolInfo s = symbol(fileName, lineNo, columns, cells);
            SymbolKey key = new SymbolKey(s.exchange(), s.symbol());
            Seen earlier = seen.putIfAbsent(key, new Seen(out.size(), lineNo));
            if (earlier == null) {
                checkRegistered(lineNo, key, s);
                out.add(s);
                return;
            }
            String diff = out.get(earlier.index()).differenceFrom(s);
            if (diff != null) {
                throw error(fileName, lineNo, null, key + " is also defined on line " + earlier.lineNo() + " and its " + diff);
            }
        }

        private void checkRegistered(int lineNo, SymbolKey key, SymbolInfo s) throws SymbolsFileException {
            if (registered == null) return;
            int id = registered.resolve(s.exchange(), s.symbol());
            SymbolInfo existing = id == SymbolRegistry.UNKNOWN ? null : registered.symbol(id);
            String diff = existing == null ? null : existing.differenceFrom(s);
            if (diff != null) {
                throw error(fileName, lineNo, diff.substring(0, diff.indexOf(' ')), key + " is already registered (id " + id + ") and its " + diff
                        + "; a registered symbol keeps its rules until the host restarts");
            }
        }

        List<SymbolInfo> finish() throws SymbolsFileException {
            if (columns == null) {
                throw new SymbolsFileException(fileName + ": no header line (expected columns " + String.join(",", REQUIRED) + ",...)");
            }
            return out;
        }
    }

    private static Map<String, Integer> header(String file, int lineNo, String[] cells) throws SymbolsFileException {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < cells.length; i++) {
            String text = cells[i].strip();
            if (text.isEmpty()) {
                throw error(file, lineNo, null, "empty column name in column " + (i + 1) + " of " + cells.length
                        + (i == cells.length - 1 ? " (a trailing comma?)" : ""));
            }
            String name = canonical(text);
            if (name == null) {
                throw error(file, lineNo, text, "unknown column; known columns are "
                        + String.join(",", REQUIRED) + "," + String.join(",", OPTIONAL));
            }
            if (columns.put(name, i) != null) throw error(file, lineNo, name, "column appears twice");
        }
        for (String r : REQUIRED) {
            if (!columns.containsKey(r)) throw error(file, lineNo, r, "required column is missing from the header");
        }
        return columns;
    }

    private static String canonical(String name) {
        for (String r : REQUIRED) if (r.equalsIgnoreCase(name)) return r;
        for (String o : OPTIONAL) if (o.equalsIgnoreCase(name)) return o;
        return null;
    }

    private static SymbolInfo symbol(String file, int lineNo, Map<String, Integer> cols, String[] cells) throws SymbolsFileException {
        String exchange = cell(cells, cols, "exchange");
        String symbol = cell(cells, cols, "symbol");
        String typeText = cell(cells, cols, "type");
        InstrumentType type;
        try {
            type = InstrumentType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(file, lineNo, "type", "'" + typeText + "' is not one of SPOT, FUTURE, INVERSE, OPTION");
        }
        String tick = cell(cells, cols, "tickSize");
        String lot = cell(cells, cols, "lotSize");
        int priceScale = scale(file, lineNo, cells, cols, "priceScale", tick, "tickSize");
        int quantityScale = scale(file, lineNo, cells, cols, "quantityScale", lot, "lotSize");
        long tickScaled = decimal(file, lineNo, "tickSize", tick, priceScale);
        long lotScaled = decimal(file, lineNo, "lotSize", lot, quantityScale);
        String minQty = cell(cells, cols, "minQuantity");
        long minQtyScaled = minQty == null || minQty.isEmpty() ? lotScaled : decimal(file, lineNo, "minQuantity", minQty, quantityScale);
        String minNotional = cell(cells, cols, "minNotional");
        long minNotionalScaled = minNotional == null || minNotional.isEmpty() ? 0 : decimal(file, lineNo, "minNotional", minNotional, priceScale);
        String maxQty = cell(cells, cols, "maxQuantity");
        long maxQtyScaled = maxQty == null || maxQty.isEmpty() ? 0 : decimal(file, lineNo, "maxQuantity", maxQty, quantityScale);
        String maxNotional = cell(cells, cols, "maxNotional");
        long maxNotionalScaled = maxNotional == null || maxNotional.isEmpty() ? 0 : decimal(file, lineNo, "maxNotional", maxNotional, priceScale);
        String tradableText = cell(cells, cols, "tradable");
        boolean tradable = true;
        if (tradableText != null && !tradableText.isEmpty()) {
            if (tradableText.equalsIgnoreCase("false")) tradable = false;
            else if (!tradableText.equalsIgnoreCase("true")) throw error(file, lineNo, "tradable", "'" + tradableText + "' is not true or false");
        }
        try {
            return SymbolInfo.builder(exchange, symbol).instrumentType(type).priceScale(priceScale).quantityScale(quantityScale)
                    .tickSizeScaled(tickScaled).lotSizeScaled(lotScaled).minQuantityScaled(minQtyScaled)
                    .minNotionalScaled(minNotionalScaled).maxQuantityScaled(maxQtyScaled).maxNotionalScaled(maxNotionalScaled)
                    .tradable(tradable).build();
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            String field = msg.contains(" ") ? msg.substring(0, msg.indexOf(' ')) : null;
            throw error(file, lineNo, field, msg);
        }
    }

    private static String cell(String[] cells, Map<String, Integer> cols, String name) {
        Integer i = cols.get(name);
        return i == null ? null : cells[i].strip();
    }

    private static int scale(String file, int lineNo, String[] cells, Map<String, Integer> cols, String column,
                             String decimalText, String decimalColumn) throws SymbolsFileException {
        String explicit = cell(cells, cols, column);
        if (explicit != null && !explicit.isEmpty()) {
            try {
                int s = Integer.parseInt(explicit);
                if (s >= 0 && s <= FixedPoint.MAX_SCALE) return s;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw error(file, lineNo, column, "'" + explicit + "' is not an integer in [0, " + FixedPoint.MAX_SCALE + "]");
        }
        int dot = decimalText.indexOf('.');
        if (dot < 0) return 0;
        int end = decimalText.length();
        while (end > dot + 1 && decimalText.charAt(end - 1) == '0') end--;
        int s = end - dot - 1;
        if (s > FixedPoint.MAX_SCALE) throw error(file, lineNo, decimalColumn, "'" + decimalText + "' has more than " + FixedPoint.MAX_SCALE + " decimals");
        return s;
    }

    private static long decimal(String file, int lineNo, String column, String text, int scale) throws SymbolsFileException {
        long v = FixedPoint.parse(text, scale);
        if (v == FixedPoint.INVALID) {
            if (!DECIMAL.matcher(text).matches()) {
                throw error(file, lineNo, column, "'" + text + "' is not a decimal number (write it as the venue publishes it, such as 0.01)");
            }
            int dot = text.indexOf('.');
            int ownScale = dot < 0 ? 0 : Math.min(text.length() - dot - 1, FixedPoint.MAX_SCALE);
            if (FixedPoint.parse(text, ownScale) == FixedPoint.INVALID) {
                throw error(file, lineNo, column, "'" + text + "' has too many digits: out of range (at most 18 digits)");
            }
            throw error(file, lineNo, column, "'" + text + "' is not a decimal number representable with " + scale + " decimals");
        }
        return v;
    }

    private static SymbolsFileException error(String file, int lineNo, String field, String what) {
        return new SymbolsFileException(file + " line " + lineNo + (field != null ? ", field " + field : "") + ": " + what);
    }
}
