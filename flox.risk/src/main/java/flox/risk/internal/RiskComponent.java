package flox.risk.internal;

import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.plugin.RiskCheck;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The risk check service (pid {@value #PID}): a {@link RiskEngine} that the host's order gateway
 * calls on every submit and replace. The engine is created at activation and kept across
 * configuration changes ({@link Modified}), so positions, books and rate state survive them.
 * A bad configuration value is reported with file and field and its last good value is kept.
 *
 * <p>Also registered under its own class for the bus subscribers and the commands of this bundle.
 * Thread-safe; see {@link RiskEngine}.
 */
@Component(service = {RiskCheck.class, RiskComponent.class}, configurationPid = RiskComponent.PID, immediate = true)
@Designate(ocd = RiskConfig.class)
public final class RiskComponent implements RiskCheck {
    public static final String PID = "flox.risk";

    private final RiskEngine engine;

    @Activate
    public RiskComponent(@Reference SymbolRegistry symbols, @Reference OrderTracker tracker, @Reference OrderGateway gateway,
                         @Reference NanoClock clock, Map<String, Object> properties) {
        StringBuilder errors = new StringBuilder();
        RiskSettings settings = RiskSettings.read(PID, properties, RiskSettings.defaults(), errors);
        if (errors.length() > 0) RiskEngine.LOG.log(Level.ERROR, errors.toString());
        engine = new RiskEngine(symbols, tracker, gateway, clock, settings);
        RiskEngine.LOG.log(Level.INFO, "risk ready: " + settings);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        StringBuilder errors = new StringBuilder();
        RiskSettings next = RiskSettings.read(PID, properties, engine.settings(), errors);
        if (errors.length() > 0) RiskEngine.LOG.log(Level.ERROR, errors.toString());
        RiskEngine.LOG.log(Level.INFO, engine.configure(next));
    }

    @Override
    public RejectReason check(OrderRequest request) {
        return engine.check(request);
    }

    RiskEngine engine() {
        return engine;
    }
}
