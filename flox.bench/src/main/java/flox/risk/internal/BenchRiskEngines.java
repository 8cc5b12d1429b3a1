package flox.risk.internal;

import flox.api.order.OrderGateway;
import flox.api.order.OrderTracker;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.util.Map;

/**
 * Creates the real {@link RiskEngine} outside OSGi for the benchmarks, configured from the same
 * properties as its component (pid {@value RiskComponent#PID}), read by the same code. It sits
 * in the bundle's private package because the settings reader is package-private; the bundle
 * itself still exports nothing (this class is only on the benchmark jar's plain classpath, as
 * the bundle's tests are on theirs). Cold path.
 */
public final class BenchRiskEngines {
    private BenchRiskEngines() {
    }

    /**
     * @param config configuration properties as in {@code etc/flox.risk.cfg}; absent keys take
     *               the defaults
     * @throws IllegalArgumentException if a value is refused (the message names the field)
     */
    public static RiskEngine create(SymbolRegistry symbols, OrderTracker tracker, OrderGateway gateway, NanoClock clock,
                                    Map<String, ?> config) {
        StringBuilder errors = new StringBuilder();
        RiskSettings settings = RiskSettings.read(RiskComponent.PID, config, RiskSettings.defaults(), errors);
        if (errors.length() > 0) throw new IllegalArgumentException(errors.toString());
        return new RiskEngine(symbols, tracker, gateway, clock, settings);
    }
}
