package example.aggregator;

import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.TradeEvent;
import flox.api.metrics.StatusContributor;
import flox.api.num.FixedPoint;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Volume-weighted average price and volume of the public trades of each symbol since start, on
 * the market-data bus's trades only ({@code flox.event.kinds=TRADE}), on its own delivery thread
 * (the bus's default: a slow aggregator delays only itself). The status line shows the symbols
 * of {@code flox.symbols} (all when absent), e.g. {@code vwap SIM:BTCUSDT 60012.34 vol 1.23400}.
 *
 * <p>Threading: {@link #onTrade} on the bus's delivery thread (one at a time); {@link
 * #statusFragment} on any thread. Each symbol's two sums are guarded by a seqlock: the writer
 * makes its version odd (release), writes, makes it even (release); a reader reads the version
 * (acquire), the sums, the version again, and retries while it changed or was odd.
 * Allocation: none in {@link #onTrade} (arrays sized at start for {@code max.symbols}). Limit kept
 * for brevity: the notional sum is a long at price x quantity scale and saturates (the VWAP is
 * then wrong) after about 9.2e18, e.g. 1.5 million BTCUSDT trades of 1 BTC at 60,000.
 */
@Component(configurationPid = TradeVwap.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {MarketDataSubscriber.class, StatusContributor.class}, property = SubscriberProperties.EVENT_KINDS + "=TRADE")
@Designate(ocd = TradeVwap.Config.class)
public final class TradeVwap implements MarketDataSubscriber, StatusContributor {
    /** Configuration pid: {@code example.aggregator.cfg} in the host's etc/. */
    public static final String PID = "example.aggregator";

    @ObjectClassDefinition(name = "Example VWAP aggregator", description = "VWAP and volume of trades per symbol.")
    public @interface Config {
        @AttributeDefinition(name = "Max symbols", description = "Symbol ids it keeps sums for (0 .. this - 1).", min = "1", max = "65536")
        int max_symbols() default 1024;
    }

    private final SymbolRegistry symbols;
    /** Per symbol id: volume (quantity scaled) and notional (price x quantity, both scaled) as a pair; version counters for readers. */
    private final long[] volume;
    private final long[] notional;
    private final long[] version;
    private volatile long trades;
    private static final VarHandle VERSION = MethodHandles.arrayElementVarHandle(long[].class);

    @Activate
    public TradeVwap(@Reference SymbolRegistry symbols, Config config) {
        this(symbols, config.max_symbols());
    }

    TradeVwap(SymbolRegistry symbols, int maxSymbols) {
        this.symbols = symbols;
        this.volume = new long[maxSymbols];
        this.notional = new long[maxSymbols];
        this.version = new long[maxSymbols];
    }

    @Override
    public void onTrade(TradeEvent trade) {
        int id = trade.symbolId();
        if (id < 0 || id >= volume.length) return;
        long q = trade.quantityScaled();
        long p = trade.priceScaled();
        long v = (long) VERSION.getOpaque(version, id);
        VERSION.setRelease(version, id, v + 1); // odd: writing (readers retry)
        VarHandle.storeStoreFence();
        volume[id] += q;
        long pq = Math.multiplyHigh(p, q) == 0 && p * q >= 0 ? p * q : Long.MAX_VALUE;
        long n = notional[id] + pq;
        notional[id] = ((notional[id] ^ n) & (pq ^ n)) < 0 ? Long.MAX_VALUE : n; // saturates rather than wraps (see the class comment)
        VERSION.setRelease(version, id, v + 2);
        trades = trades + 1;
    }

    /** Trades seen. */
    public long trades() {
        return trades;
    }

    /** The VWAP of symbol {@code id} at its price scale, or -1 without trades. Any thread (cold). */
    public long vwapScaled(int id) {
        long v, n, before, after;
        do {
            before = (long) VERSION.getAcquire(version, id);
            v = volume[id];
            n = notional[id];
            VarHandle.loadLoadFence();
            after = (long) VERSION.getAcquire(version, id);
        } while (before != after || (before & 1) != 0);
        return v == 0 ? -1 : n / v;
    }

    /** The volume of symbol {@code id} at its quantity scale. Any thread (cold). */
    public long volumeScaled(int id) {
        long v, before, after;
        do {
            before = (long) VERSION.getAcquire(version, id);
            v = volume[id];
            VarHandle.loadLoadFence();
            after = (long) VERSION.getAcquire(version, id);
        } while (before != after || (before & 1) != 0);
        return v;
    }

    /** At exit: the same figures, one line. */
    @Override
    public String summaryTable() {
        String s = statusFragment();
        return s.isEmpty() ? "" : "example.aggregator: " + s + System.lineSeparator();
    }

    @Override
    public String statusFragment() {
        StringBuilder b = new StringBuilder();
        for (SymbolInfo s : symbols.symbols()) {
            int id = s.symbolId();
            if (id < 0 || id >= volume.length) continue;
            long vwap = vwapScaled(id);
            if (vwap < 0) continue;
            if (b.length() > 0) b.append(", ");
            b.append("vwap ").append(s.exchange()).append(':').append(s.symbol()).append(' ')
                    .append(BigDecimal.valueOf(vwap, s.priceScale()).setScale(s.priceScale(), RoundingMode.UNNECESSARY).toPlainString())
                    .append(" vol ").append(FixedPoint.format(volumeScaled(id), s.quantityScale()));
        }
        return b.toString();
    }
}
