package flox.bus.internal.delivery;

import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.event.ExecutionEvent;
import flox.api.symbol.SymbolRegistry;

/** The execution bus engine: execution reports. See {@link FanOutBus} for modes, threading and guarantees. */
public final class ExecutionFanOut extends FanOutBus<ExecutionSlot> implements ExecutionBus {

    public ExecutionFanOut(String name, BusSettings settings, SymbolRegistry symbols) {
        super(name, settings, symbols);
    }

    @Override
    public long publishExecution(ExecutionEvent event) {
        if (event == null) return refuseInvalid();
        return publish(ExecutionSlot.EXECUTION, event);
    }

    @Override
    ExecutionSlot newSlot() {
        return new ExecutionSlot();
    }

    @Override
    ExecutionSlot[] newSlots(int n) {
        return new ExecutionSlot[n];
    }

    @Override
    void stage(ExecutionSlot slot, int kind, Object event, boolean copy) {
        if (copy) slot.copyExecution((ExecutionEvent) event); else slot.viewExecution((ExecutionEvent) event);
    }

    @Override
    void deliver(Subscription sub, ExecutionSlot slot) {
        ((ExecutionSubscriber) sub.listener).onExecution(slot.execution);
    }
}
