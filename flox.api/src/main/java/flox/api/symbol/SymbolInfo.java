package flox.api.symbol;

import flox.api.num.FixedPoint;
import java.util.Objects;

/**
 * Immutable description of one tradable symbol: where it trades, what it is, and its trading
 * rules on fixed-point scales.
 *
 * <p>Prices are longs at {@link #priceScale()} decimals, quantities longs at
 * {@link #quantityScale()} decimals; {@link #minNotionalScaled()} is a price-scaled amount
 * of the quote currency. A definition not yet registered has {@link #symbolId()} ==
 * {@link SymbolRegistry#UNKNOWN}; the registry hands back an instance with the assigned id.
 *
 * <p>Optional venue limits (added in 1.1): {@link #maxQuantityScaled()} and
 * {@link #maxNotionalScaled()} (0: no limit), and {@link #isTradable()} (false while the venue
 * halts or delists it: orders are refused, market data may still flow).
 *
 * <p>Thread-safe (immutable). Created on the cold path only; reading it does not allocate.
 */
public final class SymbolInfo {
    private final int symbolId;
    private final String exchange;
    private final String symbol;
    private final InstrumentType instrumentType;
    private final int priceScale;
    private final int quantityScale;
    private final long tickSizeScaled;
    private final long lotSizeScaled;
    private final long minQuantityScaled;
    private final long minNotionalScaled;
    private final long maxQuantityScaled;
    private final long maxNotionalScaled;
    private final boolean tradable;

    private SymbolInfo(int symbolId, Builder b) {
        this.symbolId = symbolId;
        this.exchange = b.exchange;
        this.symbol = b.symbol;
        this.instrumentType = b.instrumentType;
        this.priceScale = b.priceScale;
        this.quantityScale = b.quantityScale;
        this.tickSizeScaled = b.tickSizeScaled;
        this.lotSizeScaled = b.lotSizeScaled;
        this.minQuantityScaled = b.minQuantityScaled;
        this.minNotionalScaled = b.minNotionalScaled;
        this.maxQuantityScaled = b.maxQuantityScaled;
        this.maxNotionalScaled = b.maxNotionalScaled;
        this.tradable = b.tradable;
    }

    /**
     * Starts a definition.
     *
     * @param exchange the venue name (e.g. "BINANCE"): a case-sensitive identifier of printable
     *                 ASCII without blanks or commas, checked by {@link Builder#build()}
     * @param symbol   the venue's symbol name (e.g. "BTCUSDT"), the same kind of identifier
     * @return a builder with SPOT, tradable, no limits, and no scales (both must be set)
     */
    public static Builder builder(String exchange, String symbol) {
        return new Builder(exchange, symbol);
    }

    /**
     * Returns a copy carrying the registry-assigned id. Called by the registry only.
     *
     * @param id the assigned id
     * @return a new instance with that id and this definition
     */
    public SymbolInfo withSymbolId(int id) {
        return new SymbolInfo(id, toBuilder());
    }

    /** {@return a new builder pre-filled with this definition (without the id)} */
    public Builder toBuilder() {
        Builder b = new Builder(exchange, symbol);
        b.instrumentType = instrumentType;
        b.priceScale = priceScale;
        b.quantityScale = quantityScale;
        b.tickSizeScaled = tickSizeScaled;
        b.lotSizeScaled = lotSizeScaled;
        b.minQuantityScaled = minQuantityScaled;
        b.minNotionalScaled = minNotionalScaled;
        b.maxQuantityScaled = maxQuantityScaled;
        b.maxNotionalScaled = maxNotionalScaled;
        b.tradable = tradable;
        return b;
    }

    /** {@return the registry-assigned id, or {@link SymbolRegistry#UNKNOWN} for an unregistered definition} */
    public int symbolId() { return symbolId; }
    /** {@return the venue name, as in the registry (e.g. "BINANCE")} */
    public String exchange() { return exchange; }
    /** {@return the venue's symbol name (e.g. "BTCUSDT")} */
    public String symbol() { return symbol; }
    /** {@return what the symbol trades} */
    public InstrumentType instrumentType() { return instrumentType; }
    /** {@return the decimals of every price of this symbol, in [0, {@link FixedPoint#MAX_SCALE}]} */
    public int priceScale() { return priceScale; }
    /** {@return the decimals of every quantity of this symbol, in [0, {@link FixedPoint#MAX_SCALE}]} */
    public int quantityScale() { return quantityScale; }
    /** {@return the price increment at the price scale; positive} */
    public long tickSizeScaled() { return tickSizeScaled; }
    /** {@return the quantity increment at the quantity scale; positive} */
    public long lotSizeScaled() { return lotSizeScaled; }
    /** {@return the smallest order quantity at the quantity scale; 0 when the venue sets none} */
    public long minQuantityScaled() { return minQuantityScaled; }
    /** {@return the smallest order notional (price x quantity) at the price scale, in the quote currency; 0 when none} */
    public long minNotionalScaled() { return minNotionalScaled; }
    /** {@return the venue's largest order quantity at the quantity scale; 0 when it sets none} */
    public long maxQuantityScaled() { return maxQuantityScaled; }
    /** {@return the venue's largest order notional at the price scale (quote currency); 0 when it sets none} */
    public long maxNotionalScaled() { return maxNotionalScaled; }
    /** {@return false while the venue does not accept orders for it (halted, delisted)} */
    public boolean isTradable() { return tradable; }

    /**
     * {@return true when {@code priceScaled} is a positive multiple of the tick size. No allocation.}
     * @param priceScaled a price at the price scale
     */
    public boolean isOnTick(long priceScaled) {
        return priceScaled > 0 && priceScaled % tickSizeScaled == 0;
    }

    /**
     * {@return true when {@code quantityScaled} is a positive multiple of the lot size. No allocation.}
     * @param quantityScaled a quantity at the quantity scale
     */
    public boolean isOnLot(long quantityScaled) {
        return quantityScaled > 0 && quantityScaled % lotSizeScaled == 0;
    }

    /**
     * Compares two definitions field by field, ignoring ids. Cold path; allocates.
     *
     * @param other the other definition
     * @return a description of the first field in which {@code other} defines the symbol
     *     differently (e.g. "tickSize is 0.01 but the new definition says 0.1"), or null when both
     *     define it identically
     */
    public String differenceFrom(SymbolInfo other) {
        if (!exchange.equals(other.exchange)) return field("exchange", exchange, other.exchange);
        if (!symbol.equals(other.symbol)) return field("symbol", symbol, other.symbol);
        if (instrumentType != other.instrumentType) return field("type", instrumentType, other.instrumentType);
        if (priceScale != other.priceScale) return field("priceScale", priceScale, other.priceScale);
        if (quantityScale != other.quantityScale) return field("quantityScale", quantityScale, other.quantityScale);
        if (tickSizeScaled != other.tickSizeScaled) return field("tickSize", FixedPoint.format(tickSizeScaled, priceScale), FixedPoint.format(other.tickSizeScaled, other.priceScale));
        if (lotSizeScaled != other.lotSizeScaled) return field("lotSize", FixedPoint.format(lotSizeScaled, quantityScale), FixedPoint.format(other.lotSizeScaled, other.quantityScale));
        if (minQuantityScaled != other.minQuantityScaled) return field("minQuantity", FixedPoint.format(minQuantityScaled, quantityScale), FixedPoint.format(other.minQuantityScaled, other.quantityScale));
        if (minNotionalScaled != other.minNotionalScaled) return field("minNotional", FixedPoint.format(minNotionalScaled, priceScale), FixedPoint.format(other.minNotionalScaled, other.priceScale));
        if (maxQuantityScaled != other.maxQuantityScaled) return field("maxQuantity", FixedPoint.format(maxQuantityScaled, quantityScale), FixedPoint.format(other.maxQuantityScaled, other.quantityScale));
        if (maxNotionalScaled != other.maxNotionalScaled) return field("maxNotional", FixedPoint.format(maxNotionalScaled, priceScale), FixedPoint.format(other.maxNotionalScaled, other.priceScale));
        if (tradable != other.tradable) return field("tradable", tradable, other.tradable);
        return null;
    }

    private static String field(String name, Object mine, Object theirs) {
        return name + " is " + mine + " but the new definition says " + theirs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolInfo && ((SymbolInfo) o).symbolId == symbolId && differenceFrom((SymbolInfo) o) == null;
    }

    @Override
    public int hashCode() {
        return Objects.hash(exchange, symbol, symbolId);
    }

    @Override
    public String toString() {
        return exchange + ':' + symbol + "#" + symbolId + '[' + instrumentType
                + " tick=" + FixedPoint.format(tickSizeScaled, priceScale)
                + " lot=" + FixedPoint.format(lotSizeScaled, quantityScale)
                + " minQty=" + FixedPoint.format(minQuantityScaled, quantityScale)
                + " minNotional=" + FixedPoint.format(minNotionalScaled, priceScale)
                + (maxQuantityScaled > 0 ? " maxQty=" + FixedPoint.format(maxQuantityScaled, quantityScale) : "")
                + (maxNotionalScaled > 0 ? " maxNotional=" + FixedPoint.format(maxNotionalScaled, priceScale) : "")
                + (tradable ? "" : " NOT TRADABLE") + ']';
    }

    /** Mutable builder; not thread-safe; allocates. */
    public static final class Builder {
        private final String exchange;
        private final String symbol;
        private InstrumentType instrumentType = InstrumentType.SPOT;
        private int priceScale = -1;
        private int quantityScale = -1;
        private long tickSizeScaled;
        private long lotSizeScaled;
        private long minQuantityScaled;
        private long minNotionalScaled;
        private long maxQuantityScaled;
        private long maxNotionalScaled;
        private boolean tradable = true;

        private Builder(String exchange, String symbol) {
            this.exchange = exchange;
            this.symbol = symbol;
        }

        /**
         * {@return this builder}
         * @param type what the symbol trades; SPOT by default
         */
        public Builder instrumentType(InstrumentType type) { this.instrumentType = type; return this; }
        /**
         * {@return this builder}
         * @param scale decimals of prices, in [0, {@link FixedPoint#MAX_SCALE}]; required
         */
        public Builder priceScale(int scale) { this.priceScale = scale; return this; }
        /**
         * {@return this builder}
         * @param scale decimals of quantities, in [0, {@link FixedPoint#MAX_SCALE}]; required
         */
        public Builder quantityScale(int scale) { this.quantityScale = scale; return this; }
        /**
         * {@return this builder}
         * @param v the price increment at the price scale; must be positive
         */
        public Builder tickSizeScaled(long v) { this.tickSizeScaled = v; return this; }
        /**
         * {@return this builder}
         * @param v the quantity increment at the quantity scale; must be positive
         */
        public Builder lotSizeScaled(long v) { this.lotSizeScaled = v; return this; }
        /**
         * {@return this builder}
         * @param v the smallest order quantity at the quantity scale; 0 (the default) for none
         */
        public Builder minQuantityScaled(long v) { this.minQuantityScaled = v; return this; }
        /**
         * {@return this builder}
         * @param v the smallest order notional at the price scale; 0 (the default) for none
         */
        public Builder minNotionalScaled(long v) { this.minNotionalScaled = v; return this; }
        /**
         * {@return this builder}
         * @param v the largest order quantity at the quantity scale, at least the minimum; 0 (the default): no limit
         */
        public Builder maxQuantityScaled(long v) { this.maxQuantityScaled = v; return this; }
        /**
         * {@return this builder}
         * @param v the largest order notional at the price scale; 0 (the default): no limit
         */
        public Builder maxNotionalScaled(long v) { this.maxNotionalScaled = v; return this; }
        /**
         * {@return this builder}
         * @param v false while the venue does not accept orders for the symbol; true by default
         */
        public Builder tradable(boolean v) { this.tradable = v; return this; }

        /**
         * Validates and builds an unregistered definition.
         *
         * @return a new definition with {@link SymbolInfo#symbolId()} {@link SymbolRegistry#UNKNOWN}
         * @throws IllegalArgumentException naming the offending field
         */
        public SymbolInfo build() {
            requireIdentifier("exchange", exchange);
            requireIdentifier("symbol", symbol);
            if (instrumentType == null) throw new IllegalArgumentException("type is missing");
            requireScale("priceScale", priceScale);
            requireScale("quantityScale", quantityScale);
            if (tickSizeScaled <= 0) throw new IllegalArgumentException("tickSize must be > 0 at priceScale " + priceScale);
            if (lotSizeScaled <= 0) throw new IllegalArgumentException("lotSize must be > 0 at quantityScale " + quantityScale);
            if (minQuantityScaled < 0) throw new IllegalArgumentException("minQuantity must be >= 0");
            if (minNotionalScaled < 0) throw new IllegalArgumentException("minNotional must be >= 0");
            if (maxQuantityScaled < 0) throw new IllegalArgumentException("maxQuantity must be >= 0 (0: no limit)");
            if (maxQuantityScaled > 0 && maxQuantityScaled < minQuantityScaled) {
                throw new IllegalArgumentException("maxQuantity must be at least minQuantity");
            }
            if (maxNotionalScaled < 0) throw new IllegalArgumentException("maxNotional must be >= 0 (0: no limit)");
            return new SymbolInfo(SymbolRegistry.UNKNOWN, this);
        }

        private static void requireIdentifier(String field, String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(field + " is empty");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c <= ' ' || c > '~' || c == ',') {
                    throw new IllegalArgumentException(field + " '" + value + "' has a character that is not printable ASCII or is a comma");
                }
            }
        }

        private static void requireScale(String field, int scale) {
            if (scale < 0 || scale > FixedPoint.MAX_SCALE) {
                throw new IllegalArgumentException(field + " must be in [0, " + FixedPoint.MAX_SCALE + "], was " + scale);
            }
        }
    }
}
