package flox.recorder.internal.component;

import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.recorder.internal.journal.Recorder;

/**
 * The recorder's whiteboard subscriber on both buses, registered by {@link RecorderComponent}
 * while recording is enabled (inline delivery, last: each bus's publisher calls it under the bus's
 * delivery lock, one thread at a time per bus). Hands each event to the current {@link Recorder},
 * whose encode never waits; none while it is replaced. No allocation.
 */
final class RecorderSubscriber implements MarketDataSubscriber, ExecutionSubscriber {
    private volatile Recorder recorder;

    void recorder(Recorder r) {
        recorder = r;
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        Recorder r = recorder;
        if (r != null) r.onBookUpdate(update);
    }

    @Override
    public void onTrade(TradeEvent trade) {
        Recorder r = recorder;
        if (r != null) r.onTrade(trade);
    }

    @Override
    public void onVenueState(VenueStateEvent state) {
        Recorder r = recorder;
        if (r != null) r.onVenueState(state);
    }

    @Override
    public void onExecution(ExecutionEvent event) {
        Recorder r = recorder;
        if (r != null) r.onExecution(event);
    }
}
