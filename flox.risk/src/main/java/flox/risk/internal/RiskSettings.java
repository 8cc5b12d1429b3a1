package flox.risk.internal;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The risk configuration (pid {@value RiskComponent#PID}), read from Configuration Admin
 * properties against {@link RiskConfig}'s generated metatype: defaults and ranges are written
 * only there. A key that is absent takes its default at start, and keeps its last good value on
 * a running host (never loosened by a deleted line); a key with a bad value is reported naming
 * the file and the field, and keeps its last good value, while the other fields apply. What the
 * metatype cannot say (decimal limits, per-symbol lists) is checked here. Immutable and
 * thread-safe; cold path.
 */
final class RiskSettings {
    /** The bundle's own generated file; missing only in a broken build (then the class fails to load, loudly). */
    private static final Metatype SCHEMA = Metatype.of(RiskConfig.class);
    private static final RiskSettings DEFAULTS = fromSchema();

    /** Base units of the symbol, per order. */
    final DecimalLimit maxOrderQuantity;
    /** Quote-currency units, price x quantity, per order. */
    final DecimalLimit maxOrderNotional;
    /** Base units, absolute, per strategy and symbol. */
    final DecimalLimit maxPosition;
    /** Overrides by "EXCHANGE:SYMBOL". */
    final Map<String, DecimalLimit> maxOrderQuantityBySymbol;
    final Map<String, DecimalLimit> maxOrderNotionalBySymbol;
    final Map<String, DecimalLimit> maxPositionBySymbol;
    /** Limit price within this many basis points of the mid; 0 = off. */
    final long priceBandBps;
    /** Market (and stop) orders without a reference price: refuse (true) or let through, counted (false). */
    final boolean refuseMarketWithoutReference;
    /** Orders per second per strategy; 0 = off. */
    final long orderRatePerSecond;
    /** Orders a strategy may send at once after being idle. */
    final long orderRateBurst;
    /** Engaged at start, and engaged/released when the configured value changes. */
    final boolean killSwitch;
    final int killCancelRounds;
    final long killCancelIntervalMs;
    /** (strategy, symbol) pairs whose position is kept; preallocated; applies at the next start. */
    final int positionsCapacity;
    /** Levels per side of the reference books; preallocated; applies at the next start. */
    final int bookLevels;

    RiskSettings(DecimalLimit maxOrderQuantity, DecimalLimit maxOrderNotional, DecimalLimit maxPosition,
                 Map<String, DecimalLimit> maxOrderQuantityBySymbol, Map<String, DecimalLimit> maxOrderNotionalBySymbol,
                 Map<String, DecimalLimit> maxPositionBySymbol, long priceBandBps, boolean refuseMarketWithoutReference,
                 long orderRatePerSecond, long orderRateBurst, boolean killSwitch, int killCancelRounds,
                 long killCancelIntervalMs, int positionsCapacity, int bookLevels) {
        this.maxOrderQuantity = maxOrderQuantity;
        this.maxOrderNotional = maxOrderNotional;
        this.maxPosition = maxPosition;
        this.maxOrderQuantityBySymbol = Collections.unmodifiableMap(new LinkedHashMap<>(maxOrderQuantityBySymbol));
        this.maxOrderNotionalBySymbol = Collections.unmodifiableMap(new LinkedHashMap<>(maxOrderNotionalBySymbol));
        this.maxPositionBySymbol = Collections.unmodifiableMap(new LinkedHashMap<>(maxPositionBySymbol));
        this.priceBandBps = priceBandBps;
        this.refuseMarketWithoutReference = refuseMarketWithoutReference;
        this.orderRatePerSecond = orderRatePerSecond;
        this.orderRateBurst = orderRateBurst;
        this.killSwitch = killSwitch;
        this.killCancelRounds = killCancelRounds;
        this.killCancelIntervalMs = killCancelIntervalMs;
        this.positionsCapacity = positionsCapacity;
        this.bookLevels = bookLevels;
    }

    /** The metatype's defaults (bndrun/etc/flox.risk.cfg writes them out and adds per-symbol values for the simulated exchange). */
    static RiskSettings defaults() {
        return DEFAULTS;
    }

    private static RiskSettings fromSchema() {
        return new RiskSettings(decimalDefault("max.order.quantity"), decimalDefault("max.order.notional"), decimalDefault("max.position"),
                Map.of(), Map.of(), Map.of(), SCHEMA.defaultLong("price.band.bps"), SCHEMA.defaultBoolean("refuse.market.without.reference"),
                SCHEMA.defaultLong("order.rate.per.second"), SCHEMA.defaultLong("order.rate.burst"), SCHEMA.defaultBoolean("kill.switch"),
                (int) SCHEMA.defaultLong("kill.cancel.rounds"), SCHEMA.defaultLong("kill.cancel.interval.ms"),
                (int) SCHEMA.defaultLong("positions.capacity"), (int) SCHEMA.defaultLong("book.levels"));
    }

    private static DecimalLimit decimalDefault(String key) {
        DecimalLimit d = DecimalLimit.parse(SCHEMA.defaultString(key));
        if (d == null) throw new IllegalStateException("RiskConfig's default of " + key + " is not a decimal: " + SCHEMA.defaultString(key));
        return d;
    }

    /**
     * Reads {@code properties}: absent keys take {@link #defaults()}, bad values keep their value
     * in {@code lastGood} and are described in {@code errors} (file and field).
     */
    static RiskSettings read(String pid, Map<String, ?> properties, RiskSettings lastGood, StringBuilder errors) {
        return read(pid, properties, lastGood, errors, null, null);
    }

    /**
     * As {@link #read(String, Map, RiskSettings, StringBuilder)}, and a per-symbol list naming a
     * symbol that {@code symbols} does not know (exactly, case included) is refused as a whole,
     * keeping the last good list; each such entry is added to {@code unknownSymbols}.
     */
    static RiskSettings read(String pid, Map<String, ?> properties, RiskSettings lastGood, StringBuilder errors,
                             SymbolRegistry symbols, List<String> unknownSymbols) {
        return read(pid, properties, lastGood, errors, symbols, unknownSymbols, null);
    }

    /**
     * As {@link #read(String, Map, RiskSettings, StringBuilder, SymbolRegistry, List)}; with
     * {@code kept} non-null (a running host) a key that is absent keeps its value in
     * {@code lastGood} instead of taking the default (positions.capacity and book.levels, which
     * apply at the next start, excepted), and each such key whose kept value differs from the
     * default is described in {@code kept}, one sentence each.
     */
    static RiskSettings read(String pid, Map<String, ?> properties, RiskSettings lastGood, StringBuilder errors,
                             SymbolRegistry symbols, List<String> unknownSymbols, List<String> kept) {
        ConfigReader config = new ConfigReader(pid, properties);
        RiskSettings d = defaults();
        Fields f = new Fields(config, properties, symbols, unknownSymbols, kept);
        RiskSettings s = new RiskSettings(
                f.decimal("max.order.quantity", d.maxOrderQuantity, lastGood.maxOrderQuantity),
                f.decimal("max.order.notional", d.maxOrderNotional, lastGood.maxOrderNotional),
                f.decimal("max.position", d.maxPosition, lastGood.maxPosition),
                f.bySymbol("max.order.quantity.per.symbol", lastGood.maxOrderQuantityBySymbol),
                f.bySymbol("max.order.notional.per.symbol", lastGood.maxOrderNotionalBySymbol),
                f.bySymbol("max.position.per.symbol", lastGood.maxPositionBySymbol),
                f.whole("price.band.bps", d.priceBandBps, lastGood.priceBandBps),
                f.bool("refuse.market.without.reference", d.refuseMarketWithoutReference, lastGood.refuseMarketWithoutReference),
                f.whole("order.rate.per.second", d.orderRatePerSecond, lastGood.orderRatePerSecond),
                f.whole("order.rate.burst", d.orderRateBurst, lastGood.orderRateBurst),
                f.bool("kill.switch", d.killSwitch, lastGood.killSwitch),
                (int) f.whole("kill.cancel.rounds", d.killCancelRounds, lastGood.killCancelRounds),
                f.whole("kill.cancel.interval.ms", d.killCancelIntervalMs, lastGood.killCancelIntervalMs),
                (int) f.atNextStart("positions.capacity", d.positionsCapacity, lastGood.positionsCapacity),
                (int) f.atNextStart("book.levels", d.bookLevels, lastGood.bookLevels));
        if (config.hasErrors()) {
            errors.append(config.errors());
        }
        return s;
    }

    /** Per-key fallbacks: the default when the key is absent, the last good value when it is bad. */
    private static final class Fields {
        private final ConfigReader config;
        private final Map<String, ?> properties;
        private final SymbolRegistry symbols;
        private final List<String> unknownSymbols;
        /** Non-null on a running host: absent keys keep their last good value, described here. */
        private final List<String> kept;

        Fields(ConfigReader config, Map<String, ?> properties, SymbolRegistry symbols, List<String> unknownSymbols, List<String> kept) {
            this.config = config;
            this.properties = properties;
            this.symbols = symbols;
            this.unknownSymbols = unknownSymbols;
            this.kept = kept;
        }

        /** The value of an absent key: the default at start, the last good value on a running host (said when it differs). */
        private <T> T absent(String key, T defaultValue, T lastGood) {
            if (kept == null) return defaultValue;
            if (!lastGood.equals(defaultValue)) {
                kept.add(key + " absent from " + config.source() + ": keeping " + lastGood + "; write the value to change it");
            }
            return lastGood;
        }

        /** Within the metatype's min and max. */
        long whole(String key, long defaultValue, long lastGood) {
            if (properties.get(key) == null) return absent(key, defaultValue, lastGood);
            return SCHEMA.longValue(config, key, lastGood);
        }

        /** A preallocated size: absent takes the default (it applies at the next start, like the file). */
        long atNextStart(String key, long defaultValue, long lastGood) {
            if (properties.get(key) == null) return defaultValue;
            return SCHEMA.longValue(config, key, lastGood);
        }

        boolean bool(String key, boolean defaultValue, boolean lastGood) {
            if (properties.get(key) == null) return absent(key, defaultValue, lastGood);
            return config.booleanValue(key, lastGood);
        }

        DecimalLimit decimal(String key, DecimalLimit defaultValue, DecimalLimit lastGood) {
            Object v = properties.get(key);
            if (v == null) return absent(key, defaultValue, lastGood);
            DecimalLimit parsed = DecimalLimit.parse(v.toString());
            if (parsed == null) {
                config.reject(key, DecimalLimit.problem(v.toString()) + " (0 = off)", lastGood);
                return lastGood;
            }
            return parsed;
        }

        /** "EXCHANGE:SYMBOL=decimal" entries, comma-separated (or a String[]); one bad entry refuses the key. */
        Map<String, DecimalLimit> bySymbol(String key, Map<String, DecimalLimit> lastGood) {
            Object v = properties.get(key);
            if (v == null) return absent(key, Map.of(), lastGood);
            List<String> entries = ConfigReader.list(v);
            Map<String, DecimalLimit> out = new LinkedHashMap<>();
            for (String e : entries) {
                int eq = e.lastIndexOf('=');
                String name = eq < 0 ? e : e.substring(0, eq).strip();
                int colon = name.indexOf(':');
                DecimalLimit limit = eq < 0 ? null : DecimalLimit.parse(e.substring(eq + 1));
                if (colon <= 0 || colon == name.length() - 1 || limit == null) {
                    config.reject(key, "entry '" + e + "' is not EXCHANGE:SYMBOL=decimal", lastGood.isEmpty() ? "none" : lastGood);
                    return lastGood;
                }
                if (symbols != null && symbols.resolve(name.substring(0, colon), name.substring(colon + 1)) < 0) {
                    String near = null;
                    for (SymbolInfo s : symbols.symbols()) {
                        if ((s.exchange() + ':' + s.symbol()).equalsIgnoreCase(name)) near = s.exchange() + ':' + s.symbol();
                    }
                    if (unknownSymbols != null) unknownSymbols.add(key + ": " + name);
                    config.reject(key, "entry '" + e + "' names " + name + ", which is not a registered symbol (names are case-sensitive"
                            + (near != null ? "; did you mean " + near + "?" : "; see symbols.csv") + "): the whole list is refused",
                            lastGood.isEmpty() ? "none" : lastGood);
                    return lastGood;
                }
                out.put(name, limit);
            }
            return out;
        }

    }

    /**
     * What {@code next} loosens against {@code previous}, one sentence per key (and per symbol of
     * a per-symbol list): "max.position 10 -> 1000". The kill switch is not here (the engine says
     * when it moves); nor are the sweep and size settings. Cold path.
     */
    static List<String> loosened(RiskSettings previous, RiskSettings next) {
        List<String> out = new java.util.ArrayList<>();
        limit(out, "max.order.quantity", previous.maxOrderQuantity, next.maxOrderQuantity);
        bySymbol(out, "max.order.quantity", previous.maxOrderQuantityBySymbol, previous.maxOrderQuantity,
                next.maxOrderQuantityBySymbol, next.maxOrderQuantity);
        limit(out, "max.order.notional", previous.maxOrderNotional, next.maxOrderNotional);
        bySymbol(out, "max.order.notional", previous.maxOrderNotionalBySymbol, previous.maxOrderNotional,
                next.maxOrderNotionalBySymbol, next.maxOrderNotional);
        limit(out, "max.position", previous.maxPosition, next.maxPosition);
        bySymbol(out, "max.position", previous.maxPositionBySymbol, previous.maxPosition, next.maxPositionBySymbol, next.maxPosition);
        offOrMore(out, "price.band.bps", previous.priceBandBps, next.priceBandBps);
        if (previous.refuseMarketWithoutReference && !next.refuseMarketWithoutReference) {
            out.add("refuse.market.without.reference true -> false");
        }
        offOrMore(out, "order.rate.per.second", previous.orderRatePerSecond, next.orderRatePerSecond);
        if (next.orderRateBurst > previous.orderRateBurst) out.add("order.rate.burst " + previous.orderRateBurst + " -> " + next.orderRateBurst);
        return out;
    }

    private static void limit(List<String> out, String key, DecimalLimit previous, DecimalLimit next) {
        if (next.looserThan(previous)) out.add(key + " " + previous + " -> " + next);
    }

    private static void bySymbol(List<String> out, String key, Map<String, DecimalLimit> previous, DecimalLimit previousGlobal,
                                 Map<String, DecimalLimit> next, DecimalLimit nextGlobal) {
        java.util.Set<String> names = new java.util.TreeSet<>(previous.keySet());
        names.addAll(next.keySet());
        for (String name : names) {
            DecimalLimit was = previous.getOrDefault(name, previousGlobal);
            DecimalLimit now = next.getOrDefault(name, nextGlobal);
            if (now.looserThan(was)) {
                out.add(key + ".per.symbol " + name + " " + was + " -> " + now + (next.containsKey(name) ? "" : " (no entry: " + key + " applies)"));
            }
        }
    }

    /** 0 = off. */
    private static void offOrMore(List<String> out, String key, long previous, long next) {
        if (previous != 0 && (next == 0 || next > previous)) out.add(key + " " + previous + " -> " + (next == 0 ? "off" : Long.toString(next)));
    }

    /** The limit for a symbol: its override, else the global one. */
    static DecimalLimit forSymbol(Map<String, DecimalLimit> overrides, DecimalLimit global, String exchange, String symbol) {
        if (overrides.isEmpty()) return global;
        DecimalLimit l = overrides.get(exchange + ':' + symbol);
        return l != null ? l : global;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RiskSettings)) return false;
        RiskSettings s = (RiskSettings) o;
        return maxOrderQuantity.equals(s.maxOrderQuantity) && maxOrderNotional.equals(s.maxOrderNotional) && maxPosition.equals(s.maxPosition)
                && maxOrderQuantityBySymbol.equals(s.maxOrderQuantityBySymbol) && maxOrderNotionalBySymbol.equals(s.maxOrderNotionalBySymbol)
                && maxPositionBySymbol.equals(s.maxPositionBySymbol) && priceBandBps == s.priceBandBps
                && refuseMarketWithoutReference == s.refuseMarketWithoutReference && orderRatePerSecond == s.orderRatePerSecond
                && orderRateBurst == s.orderRateBurst && killSwitch == s.killSwitch && killCancelRounds == s.killCancelRounds
                && killCancelIntervalMs == s.killCancelIntervalMs && positionsCapacity == s.positionsCapacity && bookLevels == s.bookLevels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxOrderQuantity, maxOrderNotional, maxPosition, priceBandBps, orderRatePerSecond);
    }

    @Override
    public String toString() {
        return "max.order.quantity " + maxOrderQuantity + perSymbol(maxOrderQuantityBySymbol)
                + ", max.order.notional " + maxOrderNotional + perSymbol(maxOrderNotionalBySymbol)
                + ", max.position " + maxPosition + perSymbol(maxPositionBySymbol)
                + ", price.band.bps " + (priceBandBps == 0 ? "off" : Long.toString(priceBandBps))
                + ", market orders without reference price " + (refuseMarketWithoutReference ? "refused" : "let through")
                + ", order rate " + (orderRatePerSecond == 0 ? "off" : orderRatePerSecond + "/s burst " + orderRateBurst)
                + ", kill.switch " + killSwitch;
    }

    private static String perSymbol(Map<String, DecimalLimit> m) {
        return m.isEmpty() ? "" : " " + m;
    }
}
