package flox.bench.sim;

import flox.api.event.BookUpdate;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import org.HdrHistogram.Histogram;

/**
 * The benchmark strategy: on every book update it sends one IOC limit order of one lot through
 * the host's gateway, alternately buying at the update's best ask and selling at its best bid
 * (the venue's book is the {@link SimRig} snapshot, so these prices cross and the order fills),
 * and records the tick-to-trade latency: {@code nanoTime()} right after
 * {@link OrderGateway#submit} returned {@link RejectReason#NONE} minus the publisher's stamp in
 * the update's {@code receiveTimestampNs}.
 *
 * <p>"Accepted" is that return value on this thread: the gateway tracked the order, risk passed
 * it and the executor took it. With an inline venue, the venue has then also matched it and its
 * reports have been applied and published; with a threaded venue the order has been queued for
 * the venue's thread. A refused order is counted, not recorded.
 *
 * <p>One reused {@link OrderRequest}; no allocation per update. Called by one thread at a time.
 */
final class TickToTradeStrategy extends LatencyRecorder {
    private final OrderGateway gateway;
    private final OrderRequest request = new OrderRequest();
    private boolean buyNext;
    private long refused;
    private long refusedWarmup;

    TickToTradeStrategy(OrderGateway gateway, Histogram histogram) {
        super(histogram);
        this.gateway = gateway;
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        boolean buy = buyNext;
        buyNext = !buy;
        long price = buy ? update.askPrice(0) : update.bidPrice(0);
        request.limit(gateway.nextClientOrderId(), update.symbolId(), buy ? Side.BUY : Side.SELL, price, SimRig.LOT, TimeInForce.IOC)
                .strategyId(SimRig.STRATEGY);
        RejectReason r = gateway.submit(request);
        long latency = System.nanoTime() - update.receiveTimestampNs();
        if (update.symbolId() == SimRig.MEASURED_SYMBOL) {
            if (r == RejectReason.NONE) {
                measured(Math.max(0, latency));
            } else {
                refused++;
                measured(-1);
            }
        } else if (r != RejectReason.NONE) {
            refusedWarmup++;
        }
    }

    @Override
    long unrecorded() {
        return refused;
    }

    long refusedInWarmup() {
        return refusedWarmup;
    }
}
