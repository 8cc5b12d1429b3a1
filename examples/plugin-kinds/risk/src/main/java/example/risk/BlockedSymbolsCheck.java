package example.risk;

import flox.api.num.FixedPoint;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.plugin.RiskCheck;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A {@link RiskCheck} the host's gateway runs on every new order and replace, after its own:
 * refuses orders on the configured symbols, and orders above a quantity cap (in base units, per
 * symbol scale), as {@link RejectReason#RISK_LIMIT}. Configured by {@code example.risk.cfg}
 * (pid {@value #PID}); a change applies at once ({@link Modified}).
 *
 * <p>Threading: {@link #check} from any submitting thread, concurrently; the settings are one
 * immutable object behind a volatile field. No allocation in {@link #check}: symbols are compared
 * as strings the registry already holds, the cap is converted per symbol scale without objects.
 */
@Component(configurationPid = BlockedSymbolsCheck.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = RiskCheck.class)
@Designate(ocd = BlockedSymbolsCheck.Config.class)
public final class BlockedSymbolsCheck implements RiskCheck {
    /** Configuration pid: {@code example.risk.cfg} in the host's etc/. */
    public static final String PID = "example.risk";

    @ObjectClassDefinition(name = "Example risk check", description = "Blocked symbols and a cap on order quantity.")
    public @interface Config {
        @AttributeDefinition(name = "Blocked symbols", description = "EXCHANGE:SYMBOL entries, comma separated: new orders on them are refused.",
                required = false)
        String blocked_symbols() default "";

        @AttributeDefinition(name = "Max quantity", description = "Largest order quantity in base units (a plain decimal); 0: no cap.",
                required = false)
        String max_quantity() default "0";
    }

    /**
     * The settings, immutable: blocked symbols as (exchange, symbol) pairs; the cap at each
     * quantity scale 0..18 (rounded down), or null for no cap.
     */
    record Settings(String[] exchanges, String[] symbols, long[] capByScale) {
        static Settings of(String blocked, String maxQuantity) {
            String[] entries = blocked == null || blocked.isBlank() ? new String[0] : blocked.split(",");
            String[] ex = new String[entries.length];
            String[] sy = new String[entries.length];
            for (int i = 0; i < entries.length; i++) {
                String e = entries[i].trim();
                int colon = e.indexOf(':');
                if (colon <= 0 || colon == e.length() - 1) throw new IllegalArgumentException("blocked.symbols: '" + e + "' is not EXCHANGE:SYMBOL");
                ex[i] = e.substring(0, colon);
                sy[i] = e.substring(colon + 1);
            }
            String max = maxQuantity == null || maxQuantity.isBlank() ? "0" : maxQuantity.trim();
            if (FixedPoint.parse(max, 8) == FixedPoint.INVALID || FixedPoint.parse(max, 8) < 0) {
                throw new IllegalArgumentException("max.quantity: '" + max + "' is not a plain decimal >= 0");
            }
            long[] cap = null;
            if (FixedPoint.parse(max, 8) > 0) {
                cap = new long[19];
                for (int scale = 0; scale < cap.length; scale++) cap[scale] = FixedPoint.parse(max, 0, max.length(), scale, java.math.RoundingMode.DOWN);
            }
            return new Settings(ex, sy, cap);
        }
    }

    private static final System.Logger LOG = System.getLogger(PID);

    private final SymbolRegistry symbols;
    private volatile Settings settings;
    private final AtomicLong refused = new AtomicLong();

    @Activate
    public BlockedSymbolsCheck(@Reference SymbolRegistry symbols, Config config) {
        this(symbols, Settings.of(config.blocked_symbols(), config.max_quantity()));
    }

    /** For tests: the settings as plain values. */
    BlockedSymbolsCheck(SymbolRegistry symbols, Settings settings) {
        this.symbols = symbols;
        this.settings = settings;
    }

    @Modified
    void modified(Config config) {
        try {
            settings = Settings.of(config.blocked_symbols(), config.max_quantity());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, PID + ": " + e.getMessage() + "; keeping the last good settings");
        }
    }

    @Override
    public RejectReason check(OrderRequest request) {
        SymbolInfo info = symbols.symbol(request.symbolId());
        if (info == null) return RejectReason.NONE; // the gateway refuses unknown symbols itself
        Settings s = settings;
        for (int i = 0; i < s.exchanges().length; i++) {
            if (s.exchanges()[i].equals(info.exchange()) && s.symbols()[i].equals(info.symbol())) {
                refused.incrementAndGet();
                return RejectReason.RISK_LIMIT;
            }
        }
        long[] cap = s.capByScale();
        if (cap != null && request.quantityScaled() > cap[info.quantityScale()]) {
            refused.incrementAndGet();
            return RejectReason.RISK_LIMIT;
        }
        return RejectReason.NONE;
    }

    /** Orders refused so far. */
    public long refused() {
        return refused.get();
    }
}
