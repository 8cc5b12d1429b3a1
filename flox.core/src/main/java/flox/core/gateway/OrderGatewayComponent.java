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
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The host's {@link OrderGateway} service: an {@link OrderRouter} fed with the executors and
 * risk checks present (whiteboard: dynamic, greedy) and the execution bus when there is one.
 * Risk checks run in service-ranking order of arrival. In a host process
 * ({@code flox.host.process=true}) new orders are refused until a risk check is bound, so a
 * risk bundle that failed to start never means "no limits"; the status line says so meanwhile.
 * Thread-safe; see {@link OrderRouter}.
 */
@Component(service = {OrderGateway.class, OrderGatewayComponent.class, StatusContributor.class}, immediate = true)
public final class OrderGatewayComponent implements OrderGateway, StatusContributor {
    private final OrderRouter router;
    private final BundleContext context;

    @Activate
    public OrderGatewayComponent(@Reference SymbolRegistry symbols, @Reference OrderTracker tracker, @Reference NanoClock clock, BundleContext context) {
        this.context = context;
        router = new OrderRouter(symbols, tracker, clock);
        if ("true".equals(context.getProperty("flox.host.process"))) router.requireRiskCheck();
    }

    /** While no risk check runs and orders are refused for it: says so on the status line. */
    @Override
    public String statusFragment() {
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
