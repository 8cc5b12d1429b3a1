package flox.itest.plugins.kinds;

import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.plugin.RiskCheck;
import java.util.Map;

/** Test plugin (risk module): refuses the orders of one strategy id (component property refused.strategy, default 777). */
public final class TagRiskCheck implements RiskCheck {
    private volatile int refusedStrategy = 777;

    void activate(Map<String, Object> properties) {
        Object v = properties.get("refused.strategy");
        if (v != null) refusedStrategy = Integer.parseInt(v.toString());
    }

    @Override
    public RejectReason check(OrderRequest request) {
        return request.strategyId() == refusedStrategy ? RejectReason.RISK_LIMIT : RejectReason.NONE;
    }
}
