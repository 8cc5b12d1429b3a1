package flox.connector.binance.internal.symbols;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import flox.api.num.FixedPoint;
import flox.api.symbol.InstrumentType;
import flox.api.symbol.SymbolInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binance's {@code GET /api/v3/exchangeInfo} as symbol definitions for the registry (issue 14
 * item 2). Every price and quantity is at Binance's wire scale, {@value #WIRE_SCALE} decimals
 * (real books carry quantities finer than the lot step, so the tick and step do not set the
 * scale). What is taken, per symbol:
 * <ul>
 * <li>PRICE_FILTER {@code tickSize}: the tick; 0 (check disabled) becomes one unit of the wire
 * scale. {@code minPrice} and {@code maxPrice} are not held (the venue enforces them).</li>
 * <li>LOT_SIZE {@code stepSize}, {@code minQty}, {@code maxQty}: lot, minimum and maximum
 * quantity; a step of 0 becomes one unit, a maximum of 0 no maximum.</li>
 * <li>NOTIONAL {@code minNotional}/{@code maxNotional}, else MIN_NOTIONAL {@code minNotional}:
 * the notional range, in quote currency at the wire scale.</li>
 * <li>{@code status}: anything but TRADING makes the symbol not tradable.</li>
 * </ul>
 * Every other filter (PERCENT_PRICE, MARKET_LOT_SIZE, ICEBERG_PARTS, MAX_NUM_ORDERS, ...) is
 * listed per symbol in {@link Symbol#ignoredFilters}: the venue enforces it and a breach comes
 * back as a reject (-1013). A symbol whose values do not fit (more than 8 decimals, a number
 * out of range, a missing LOT_SIZE or PRICE_FILTER) is refused with the field named.
 *
 * <p>Cold path (start and periodic re-reads): allocates. Thread-safe (stateless).
 */
public final class ExchangeInfo {
    public static final int WIRE_SCALE = 8;
    private static final JsonFactory JSON = new JsonFactory();

    /** One symbol of the reply: its definition, or why it was refused. */
    public static final class Symbol {
        public final String name;
        public final String status;
        /** Null when refused. */
        public final SymbolInfo definition;
        /** Why the symbol cannot be registered (field named); null when it can. */
        public final String problem;
        /** Filter types the host does not hold, sorted. */
        public final List<String> ignoredFilters;
        /** Filters present but disabled (a 0 where 0 turns the check off), as "PRICE_FILTER.tickSize". */
        public final List<String> disabledChecks;

        Symbol(String name, String status, SymbolInfo definition, String problem, List<String> ignoredFilters, List<String> disabledChecks) {
            this.name = name;
            this.status = status;
            this.definition = definition;
            this.problem = problem;
            this.ignoredFilters = ignoredFilters;
            this.disabledChecks = disabledChecks;
        }
    }

    private ExchangeInfo() {
    }

    /**
     * The symbols of {@code json} named in {@code wanted} (all when empty), keyed by Binance's
     * name, under {@code exchange}. A wanted symbol absent from the reply is absent from the map.
     *
     * @throws IOException naming the offset when the reply is not JSON or has no symbols array
     */
    public static Map<String, Symbol> parse(byte[] json, String exchange, Collection<String> wanted) throws IOException {
        Map<String, Symbol> out = new LinkedHashMap<>();
        boolean sawSymbols = false;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("exchangeInfo: not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("symbols") && value == JsonToken.START_ARRAY) {
                    sawSymbols = true;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Symbol s = symbol(p, exchange, wanted);
                        if (s != null) out.put(s.name, s);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("exchangeInfo: " + e.getOriginalMessage() + " at byte " + e.getLocation().getByteOffset(), e);
        }
        if (!sawSymbols) throw new IOException("exchangeInfo: no \"symbols\" array");
        return out;
    }

    /**
     * The {@code REQUEST_WEIGHT} limit per minute of the reply's top-level {@code rateLimits}
     * (interval MINUTE, intervalNum 1; the lowest if several), or -1 when it states none or is not
     * readable (the throttle then goes by the WebSocket API's limit, if any).
     */
    public static long requestWeightPerMinute(byte[] json) {
        long limit = -1;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("rateLimits") || value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    Map<String, String> f = scalars(p);
                    if ("REQUEST_WEIGHT".equals(f.get("rateLimitType")) && "MINUTE".equals(f.get("interval")) && "1".equals(f.get("intervalNum"))) {
                        try {
                            long l = Long.parseLong(f.getOrDefault("limit", ""));
                            if (l > 0 && (limit < 0 || l < limit)) limit = l;
                        } catch (NumberFormatException e) {
                            // not a number: not a limit
                        }
                    }
                }
                return limit;
            }
        } catch (IOException e) {
            return limit;
        }
        return limit;
    }

    /** Reads one symbol object (the parser at its START_OBJECT); null when not wanted. */
    private static Symbol symbol(JsonParser p, String exchange, Collection<String> wanted) throws IOException {
        String name = null;
        String status = null;
        Map<String, Map<String, String>> filters = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("symbol") && value == JsonToken.VALUE_STRING) {
                name = p.getText();
            } else if (field.equals("status") && value == JsonToken.VALUE_STRING) {
                status = p.getText();
            } else if (field.equals("filters") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    Map<String, String> f = scalars(p);
                    String type = f.get("filterType");
                    if (type != null) filters.put(type, f);
                }
            } else {
                p.skipChildren();
            }
        }
        if (name == null || (!wanted.isEmpty() && !wanted.contains(name))) return null;
        return define(exchange, name, status, filters);
    }

    static Symbol define(String exchange, String name, String status, Map<String, Map<String, String>> filters) {
        List<String> disabled = new ArrayList<>();
        TreeSet<String> ignored = new TreeSet<>(filters.keySet());
        ignored.removeAll(List.of("PRICE_FILTER", "LOT_SIZE", "NOTIONAL", "MIN_NOTIONAL"));
        List<String> ignoredList = Collections.unmodifiableList(new ArrayList<>(ignored));
        try {
            Map<String, String> price = required(filters, "PRICE_FILTER");
            Map<String, String> lot = required(filters, "LOT_SIZE");
            long tick = wire(price, "PRICE_FILTER", "tickSize");
            if (tick == 0) {
                disabled.add("PRICE_FILTER.tickSize");
                tick = 1;
            }
            long step = wire(lot, "LOT_SIZE", "stepSize");
            if (step == 0) {
                disabled.add("LOT_SIZE.stepSize");
                step = 1;
            }
            long minQty = wire(lot, "LOT_SIZE", "minQty");
            long maxQty = wire(lot, "LOT_SIZE", "maxQty");
            if (maxQty == 0) disabled.add("LOT_SIZE.maxQty");
            long minNotional = 0;
            long maxNotional = 0;
            Map<String, String> notional = filters.get("NOTIONAL");
            if (notional != null) {
                minNotional = wire(notional, "NOTIONAL", "minNotional");
                maxNotional = wire(notional, "NOTIONAL", "maxNotional");
            } else if (filters.get("MIN_NOTIONAL") != null) {
                minNotional = wire(filters.get("MIN_NOTIONAL"), "MIN_NOTIONAL", "minNotional");
            }
            SymbolInfo info = SymbolInfo.builder(exchange, name).instrumentType(InstrumentType.SPOT).priceScale(WIRE_SCALE).quantityScale(WIRE_SCALE)
                    .tickSizeScaled(tick).lotSizeScaled(step).minQuantityScaled(minQty).maxQuantityScaled(maxQty)
                    .minNotionalScaled(minNotional).maxNotionalScaled(maxNotional).tradable("TRADING".equals(status)).build();
            return new Symbol(name, status, info, null, ignoredList, Collections.unmodifiableList(disabled));
        } catch (IllegalArgumentException e) {
            return new Symbol(name, status, null, name + ": " + e.getMessage(), ignoredList, Collections.unmodifiableList(disabled));
        }
    }

    private static Map<String, String> required(Map<String, Map<String, String>> filters, String type) {
        Map<String, String> f = filters.get(type);
        if (f == null) throw new IllegalArgumentException("no " + type + " filter");
        return f;
    }

    /** A decimal field at the wire scale, exactly; refused (field named) when missing, negative, finer or too large. */
    private static long wire(Map<String, String> filter, String type, String field) {
        String text = filter.get(field);
        if (text == null) throw new IllegalArgumentException(type + "." + field + " is missing");
        long v = FixedPoint.parse(text, WIRE_SCALE);
        if (v == FixedPoint.INVALID || v < 0) {
            throw new IllegalArgumentException(type + "." + field + " '" + text + "' is not a decimal >= 0 with at most " + WIRE_SCALE + " decimals that fits");
        }
        return v;
    }

    /** The scalar fields of the object the parser is at the start of, by name (nested values skipped); the parser ends on its END_OBJECT. */
    private static Map<String, String> scalars(JsonParser p) throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if (v.isScalarValue()) f.put(k, p.getText());
            else p.skipChildren();
        }
        return f;
    }
}
