package flox.bench.bus;

import com.lmax.disruptor.EventHandler;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.TradeEvent;

/**
 * A subscriber usable by both contenders: Flox calls {@link #onTrade}, the Disruptor calls
 * {@link #onEvent}, which hands the same {@link TradeEvent} flyweight to {@link #onTrade}. The
 * work done per event is therefore identical.
 */
abstract class BenchSink implements MarketDataSubscriber, EventHandler<TradeHolder> {
    @Override
    public final void onEvent(TradeHolder holder, long sequence, boolean endOfBatch) {
        onTrade(holder.trade);
    }

    @Override
    public abstract void onTrade(TradeEvent trade);
}
