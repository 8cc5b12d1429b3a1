package flox.core.shell;

import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.ParticipantStatus;
import flox.api.num.FixedPoint;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.api.order.TrackerResult;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.core.host.HostStatus;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands of the host: {@code flox:symbols}, {@code flox:orders}, {@code flox:lifecycle},
 * {@code flox:status}. Each returns its text, which the shell prints. Cold path; allocates.
 */
@Component(service = FloxCommands.class, property = {
        "osgi.command.scope=flox",
        "osgi.command.function=symbols",
        "osgi.command.function=orders",
        "osgi.command.function=lifecycle",
        "osgi.command.function=status"})
public final class FloxCommands {
    private final SymbolRegistry symbols;
    private final OrderTracker tracker;
    private final LifecycleCoordinator lifecycle;
    private final HostStatus status;

    @Activate
    public FloxCommands(@Reference SymbolRegistry symbols, @Reference OrderTracker tracker,
                        @Reference LifecycleCoordinator lifecycle, @Reference HostStatus status) {
        this.symbols = symbols;
        this.tracker = tracker;
        this.lifecycle = lifecycle;
        this.status = status;
    }

    /** flox:symbols: every registered symbol with its trading rules. */
    @Descriptor("every registered symbol with its trading rules (tick, lot, min quantity, min notional)")
    public String symbols() {
        List<SymbolInfo> all = symbols.symbols();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%4s  %-10s %-14s %-7s %14s %14s %14s %14s%n", "id", "exchange", "symbol", "type", "tick", "lot", "minQty", "minNotional"));
        for (SymbolInfo s : all) {
            sb.append(String.format("%4d  %-10s %-14s %-7s %14s %14s %14s %14s%n", s.symbolId(), s.exchange(), s.symbol(), s.instrumentType(),
                    FixedPoint.format(s.tickSizeScaled(), s.priceScale()), FixedPoint.format(s.lotSizeScaled(), s.quantityScale()),
                    FixedPoint.format(s.minQuantityScaled(), s.quantityScale()), FixedPoint.format(s.minNotionalScaled(), s.priceScale())));
        }
        sb.append(all.size()).append(" symbols");
        return sb.toString();
    }

    /** flox:orders: open orders and the tracker's counters. */
    @Descriptor("open orders and the order tracker's counters")
    public String orders() {
        long[] ids = new long[Math.max(16, tracker.openOrderCount() + 16)];
        int n = tracker.openOrders(OrderTracker.ANY_SYMBOL, ids);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%20s  %-14s %-5s %-16s %16s %16s %16s  %s%n", "clientOrderId", "symbol", "side", "status", "price", "quantity", "filled", "strategy"));
        OrderState o = new OrderState();
        for (int i = 0; i < Math.min(n, ids.length); i++) {
            if (!tracker.read(ids[i], o)) continue;
            SymbolInfo s = symbols.symbol(o.symbolId());
            int ps = s != null ? s.priceScale() : 0;
            int qs = s != null ? s.quantityScale() : 0;
            sb.append(String.format("%20d  %-14s %-5s %-16s %16s %16s %16s  %s%n", o.clientOrderId(),
                    s != null ? s.exchange() + ':' + s.symbol() : "#" + o.symbolId(), o.side(), o.status(),
                    FixedPoint.format(o.priceScaled(), ps), FixedPoint.format(o.quantityScaled(), qs),
                    FixedPoint.format(o.filledQuantityScaled(), qs), o.strategyId() == OrderState.UNOWNED ? "unowned (adopted from the venue)" : String.valueOf(o.strategyId())));
        }
        sb.append(n).append(" open, ").append(tracker.trackedOrderCount()).append(" tracked, capacity ").append(tracker.capacity())
                .append(", corrections from the venue ").append(tracker.correctionCount());
        sb.append(System.lineSeparator()).append("updates:");
        for (TrackerResult r : TrackerResult.values()) {
            long c = tracker.resultCount(r);
            if (c > 0) sb.append(' ').append(r.name()).append('=').append(c);
        }
        return sb.toString();
    }

    /** flox:lifecycle: host state and each participant in launch order. */
    @Descriptor("host state and each lifecycle participant in launch order")
    public String lifecycle() {
        StringBuilder sb = new StringBuilder("host ").append(lifecycle.state()).append(System.lineSeparator());
        sb.append(String.format("%-10s %-10s %-7s %s%n", "phase", "state", "bundle", "name"));
        for (ParticipantStatus p : lifecycle.participants()) {
            sb.append(String.format("%-10s %-10s %-7d %s%s%n", p.phase(), p.state(), p.bundleId(), p.name(),
                    p.error() != null ? "  -- " + p.error() : ""));
        }
        sb.append(lifecycle.participants().size()).append(" participants");
        return sb.toString();
    }

    /** flox:status: the one-line status. */
    @Descriptor("the one-line host status")
    public String status() {
        return status.line();
    }
}
