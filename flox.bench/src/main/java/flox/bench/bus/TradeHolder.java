package flox.bench.bus;

import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.EventTranslatorOneArg;
import flox.api.event.TradeEvent;

/**
 * The Disruptor's ring entry: the same {@link TradeEvent} payload a Flox ring slot holds,
 * preallocated, filled by copying the publisher's event (as the Flox bus does).
 */
final class TradeHolder {
    final TradeEvent trade = new TradeEvent();

    static final EventFactory<TradeHolder> FACTORY = new Factory();
    static final EventTranslatorOneArg<TradeHolder, TradeEvent> TRANSLATOR = new CopyIn();

    private static final class Factory implements EventFactory<TradeHolder> {
        @Override
        public TradeHolder newInstance() {
            return new TradeHolder();
        }
    }

    /** Stateless and shared: no capturing lambda, no allocation per publish. */
    private static final class CopyIn implements EventTranslatorOneArg<TradeHolder, TradeEvent> {
        @Override
        public void translateTo(TradeHolder holder, long sequence, TradeEvent source) {
            holder.trade.copyFrom(source);
        }
    }
}
