package flox.itest.plugins.kinds;

import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.plugin.RiskCheck;

/** Test plugin (risk module): refuses the orders of strategy id 777, lets every other through. */
public final class TagRiskCheck implements RiskCheck {
    public static final int REFUSED_STRATEGY = 777;

    @Override
    public RejectReason check(OrderRequest request) {
        return request.strategyId() == REFUSED_STRATEGY ? RejectReason.RISK_LIMIT : RejectReason.NONE;
    }
}
