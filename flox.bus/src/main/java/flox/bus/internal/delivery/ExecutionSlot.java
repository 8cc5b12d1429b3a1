package flox.bus.internal.delivery;

import flox.api.event.EventKind;
import flox.api.event.ExecutionEvent;
import flox.bus.internal.ring.BusSlot;

/** Execution-report entry; see {@link MarketDataSlot} for the own/view split. No allocation after construction. */
public final class ExecutionSlot extends BusSlot {
    public static final int EXECUTION = EventKind.EXECUTION.ordinal();

    private final ExecutionEvent ownExecution = new ExecutionEvent();
    ExecutionEvent execution = ownExecution;

    void copyExecution(ExecutionEvent e) {
        if (kind != EXECUTION) kind = EXECUTION; // a store only on a change: see BusSlot
        ownExecution.copyFrom(e);
        if (execution != ownExecution) execution = ownExecution;
    }

    void viewExecution(ExecutionEvent e) {
        kind = EXECUTION;
        execution = e;
    }

    @Override
    public int symbolId() {
        return kind == EXECUTION ? execution.symbolId() : -1;
    }

    @Override
    public void copyFrom(BusSlot other) {
        ExecutionSlot o = (ExecutionSlot) other;
        int k = o.kind;
        if (k == EXECUTION) copyExecution(o.execution); else kind = k; // SKIPPED stays skipped
    }
}
