package flox.core.gateway;

import flox.api.bus.ExecutionBus;
import flox.api.metrics.StatusContributor;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.plugin.OrderExecutor;
import flox.api.plugin.RiskCheck;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The host's {@link OrderGateway} service: an {@link OrderRouter} fed with the executors and
 * risk checks present (whiteboard: dynamic, greedy) and the execution bus when there is one.
 * Risk checks run in service-ranking order of arrival. In a host process
 * ({@code flox.host.process=true}) new orders are refused until a risk check is bound, so a
 * risk bundle that failed to start never means "no limits"; the status line says so meanwhile.
 * Configuration (pid {@value #PID}, optional): {@code first.id}, where client order ids start
 * ({@link ClientOrderIds}); read at activation, a change applies at the next start. A value
 * refused at start has no last good value to keep: new orders are refused until it is fixed
 * and the host restarted (falling back to 1 could reuse ids a live venue still holds).
 * Thread-safe; see {@link OrderRouter}.
 */
@Component(service = {OrderGateway.class, OrderGatewayComponent.class, StatusContributor.class}, immediate = true,
        configurationPid = OrderGatewayComponent.PID)
@Designate(ocd = OrderGatewayComponent.Config.class)
public final class OrderGatewayComponent implements OrderGateway, StatusContributor {
    public static final String PID = "flox.gateway";
    private static final System.Logger LOG = System.getLogger("flox.gateway");

    @ObjectClassDefinition(name = "Flox order gateway", description = "Risk checks, tracking and routing of the host's orders.")
    public @interface Config {
        @AttributeDefinition(name = "First client order id", description = "1 (or another whole number): ids start there every run,"
                + " deterministic for replays. epoch: ids start at the wall-clock milliseconds since 1970 times 1024, so a restart never"
                + " reuses an id a live venue may still hold (see OrderGateway.nextClientOrderId). Applies at the next start.")
        String first_id() default "1";
    }

    private final OrderRouter router;
    private final BundleContext context;
    private final ClientOrderIds ids;

    @Activate
    public OrderGatewayComponent(@Reference SymbolRegistry symbols, @Reference OrderTracker tracker, @Reference NanoClock clock, BundleContext context,
                                 Map<String, Object> properties) {
        this.context = context;
        ConfigReader config = new ConfigReader(PID, properties);
        ids = ClientOrderIds.read(config, ClientOrderIds.parse(Metatype.of(Config.class).defaultString(ClientOrderIds.KEY)));
        boolean idsRefused = config.hasErrors(); // first.id is the only key: a refused one has no last good value at start
        report(config);
        router = new OrderRouter(symbols, tracker, clock, ids);
        if (idsRefused) {
            // ids restarting at 1 where the operator asked for epoch ids could reuse ids a live venue still holds
            router.refuseNewOrders(config.source() + ", field " + ClientOrderIds.KEY + " is not valid");
            LOG.log(Level.ERROR, "gateway: new orders and replaces refused (NOT_RUNNING) until " + config.source() + ", field "
                    + ClientOrderIds.KEY + " holds epoch or a whole number and the host is restarted; cancels pass");
        }
        if (ids.epochSeeded()) LOG.log(Level.INFO, "gateway: client order ids start at " + (router.peekNextClientOrderId()) + " (first.id=epoch)");
        if ("true".equals(context.getProperty("flox.host.process"))) router.requireRiskCheck();
    }

    /** A new first.id never renumbers a running host: ids already sent must stay unique. */
    @Modified
    void modified(Map<String, Object> properties) {
        ConfigReader config = new ConfigReader(PID, properties);
        ClientOrderIds next = ClientOrderIds.read(config, ids);
        report(config);
        if (!next.equals(ids)) {
            LOG.log(Level.WARNING, config.source() + ", field " + ClientOrderIds.KEY + ": " + next + " applies at the next start; ids go on from "
                    + ids + " so that none is reused");
        }
    }

    private static void report(ConfigReader config) {
        String unknown = config.unknownKeys(ConfigReader.keysOf(Config.class));
        if (!unknown.isEmpty()) LOG.log(Level.WARNING, unknown);
        if (config.hasErrors()) LOG.log(Level.ERROR, config.errors());
    }

    /** While orders are refused (a refused first.id, or no risk check): says so on the status line. */
    @Override
    public String statusFragment() {
        String refused = router.newOrdersRefused();
        if (refused != null) return "NEW ORDERS REFUSED: " + refused + " (fix it and restart)";
        return router.refusingForWantOfRisk() ? "NO RISK CHECK: new orders refused (RISK_HALTED; is flox.risk active? flox:plugins, lb)" : "";
    }

    @Override
    public String summaryTable() {
        return "";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindExecutionBus(ExecutionBus bus) {
        router.executionBus(bus);
    }

    void unbindExecutionBus(ExecutionBus bus) {
        router.executionBus(null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addExecutor(OrderExecutor executor) {
        router.addExecutor(executor);
    }

    void removeExecutor(OrderExecutor executor) {
        router.removeExecutor(executor);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addRiskCheck(RiskCheck check) {
        router.addRiskCheck(check);
    }

    void removeRiskCheck(RiskCheck check) {
        boolean stopping;
        try {
            stopping = context.getBundle(0).getState() == org.osgi.framework.Bundle.STOPPING;
        } catch (IllegalStateException gone) {
            stopping = true;
        }
        router.removeRiskCheck(check, stopping);
    }

    /** Refuses (or accepts again) new orders of a strategy id; see {@link OrderRouter#setDisabled}. The lifecycle owns the set. */
    public void setDisabled(int strategyId, boolean disabled) { router.setDisabled(strategyId, disabled); }
    public boolean isDisabled(int strategyId) { return router.isDisabled(strategyId); }
    public int[] disabledStrategies() { return router.disabledStrategies(); }

    @Override public long nextClientOrderId() { return router.nextClientOrderId(); }
    @Override public RejectReason submit(OrderRequest request) { return router.submit(request); }
    @Override public RejectReason cancel(long clientOrderId) { return router.cancel(clientOrderId); }
    @Override public RejectReason replace(long origId, long newId, long px, long qty) { return router.replace(origId, newId, px, qty); }
    @Override public long count(RejectReason reason) { return router.count(reason); }
}
