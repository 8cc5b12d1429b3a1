package flox.core.shell;

import flox.api.lifecycle.ParticipantState;
import flox.api.plugin.StateHandover;
import flox.api.plugin.Strategy;
import flox.core.lifecycle.LifecycleComponent;
import flox.core.lifecycle.StrategyHandovers;
import java.util.Arrays;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo {@code flox:strategies}, {@code flox:enable ID}, {@code flox:disable ID}: every strategy
 * present in the host (any bundle), by strategy id, with its state, open orders and last hot swap;
 * disabling stops the id's instances and refuses its new orders (STRATEGY_DISABLED) until enabled;
 * its open orders stay (cancel them with the risk kill switch or let the strategy's next instance
 * manage them). An instance refused because its id was held shows as REFUSED in a row of its own
 * (it is not counted among the strategies). Cold path; allocates.
 */
@Component(service = StrategyCommands.class, property = {
        "osgi.command.scope=flox",
        "osgi.command.function=strategies",
        "osgi.command.function=enable",
        "osgi.command.function=disable"})
public final class StrategyCommands {
    private final LifecycleComponent lifecycle;

    @Activate
    public StrategyCommands(@Reference LifecycleComponent lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** flox:strategies: id, instance, state, handover support, open orders, last swap; pending handovers and orphaned orders. */
    @Descriptor("every strategy: id, state, handover, open orders, last swap; pending handovers, orphaned orders")
    public String strategies() {
        StrategyHandovers h = lifecycle.handovers();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%6s  %-44s %-9s %-8s %6s  %s%n", "id", "strategy", "state", "handover", "open", "last swap"));
        int[] ids = h.presentIds();
        for (int id : ids) {
            List<Strategy> instances = h.instances(id);
            for (Strategy s : instances) {
                ParticipantState st = lifecycle.stateOf(s);
                boolean disabled = lifecycle.isDisabled(id);
                String state = disabled ? "DISABLED" : st == null ? "?" : st.name();
                StrategyHandovers.Record r = h.lastSwap(id);
                String held = disabled ? h.heldBack(id) : null;
                sb.append(String.format("%6d  %-44s %-9s %-8s %6d  %s%n", id, name(s), state, s instanceof StateHandover ? "yes" : "no",
                        h.openOrders(id).length, held != null ? "kept disabled: " + held + "; flox:enable " + id + " starts it"
                                : r == null ? "" : r.outcome + " (" + r.from + (r.to == null ? "" : " -> " + r.to) + ")"));
            }
        }
        // refused instances: one row each, never merged into the id's row; they own no orders
        List<StrategyHandovers.Refused> refused = h.refused();
        for (StrategyHandovers.Refused r : refused) {
            sb.append(String.format("%6d  %-44s %-9s %-8s %6s  %s%n", r.strategyId, name(r.strategy), "REFUSED",
                    r.strategy instanceof StateHandover ? "yes" : "no", "-", r.reason));
        }
        sb.append(ids.length).append(ids.length == 1 ? " strategy" : " strategies");
        if (!refused.isEmpty()) {
            sb.append(", ").append(refused.size()).append(refused.size() == 1 ? " instance" : " instances")
                    .append(" REFUSED (duplicate strategy id: not started)");
        }
        int[] pending = h.pendingIds();
        if (pending.length > 0) {
            sb.append(System.lineSeparator()).append("waiting for a new instance (open orders kept up to ").append(h.timeoutMs()).append(" ms): ");
            for (int i = 0; i < pending.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(pending[i]).append(" (").append(h.openOrders(pending[i]).length).append(" open)");
            }
        }
        int[] disabled = lifecycle.disabledIds();
        if (disabled.length > 0) sb.append(System.lineSeparator()).append("disabled: ").append(Arrays.toString(disabled));
        long[] orphans = h.orphanedOrders();
        sb.append(System.lineSeparator()).append("orphaned orders (open, owner gone, no handover pending): ").append(orphans.length);
        if (orphans.length > 0) sb.append(' ').append(Arrays.toString(orphans.length > 20 ? Arrays.copyOf(orphans, 20) : orphans));
        return sb.toString();
    }

    /** flox:disable ID: stops the strategy id's instances and refuses its new orders. */
    @Descriptor("stop the instances of a strategy id and refuse its new orders (its open orders stay)")
    public String disable(@Descriptor("strategy id, as flox:strategies shows it") String id) {
        Integer parsed = strategyId(id);
        if (parsed == null) return badId("flox:disable", id);
        int strategyId = parsed;
        boolean known = Arrays.binarySearch(lifecycle.handovers().presentIds(), strategyId) >= 0;
        int n = lifecycle.setEnabled(strategyId, false); // the gateway refuses its orders first, then its instances stop
        return "strategy " + strategyId + " disabled" + (known ? " (" + n + " instance" + (n == 1 ? "" : "s") + " asked to stop; see flox:strategies)"
                : " (no instance present now; one that arrives stays stopped)") + "; its open orders stay: " + lifecycle.handovers().openOrders(strategyId).length;
    }

    /** flox:enable ID: starts the strategy id's instances again and accepts its orders. */
    @Descriptor("start the instances of a disabled strategy id again and accept its orders")
    public String enable(@Descriptor("strategy id, as flox:strategies shows it") String id) {
        Integer parsed = strategyId(id);
        if (parsed == null) return badId("flox:enable", id);
        int strategyId = parsed;
        int n = lifecycle.setEnabled(strategyId, true);
        return "strategy " + strategyId + " enabled (" + n + " instance" + (n == 1 ? "" : "s") + ")";
    }

    /** A strategy id typed in the shell, or null (taken as a String so a bad one gets a Flox message, not a coercion error). */
    static Integer strategyId(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    private static String badId(String command, String text) {
        return command + ": '" + text + "' is not a strategy id (a whole number, as flox:strategies shows it); nothing changed";
    }

    private static String name(Strategy s) {
        try {
            return s.name();
        } catch (RuntimeException e) {
            return s.getClass().getName();
        }
    }
}
