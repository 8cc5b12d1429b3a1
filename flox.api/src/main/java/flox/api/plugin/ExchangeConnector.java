package flox.api.plugin;

import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Brings a venue's market data into the host: resolves symbols in the registry and publishes
 * book updates and trades on the market-data bus. Started in the CONNECTOR phase.
 *
 * <p><b>What a connector publishes for a book</b>, per symbol, so that subscribers can keep an
 * {@link flox.api.book.OrderBook} that is either the venue's or known not to be:
 * <ul>
 * <li>a {@link flox.api.event.BookUpdate.Type#SNAPSHOT} after each (re)synchronisation with the
 * venue, and again periodically, so that a subscriber that joins late gets a whole book;</li>
 * <li>deltas in the venue's order, each within {@link flox.api.bus.MarketDataBus#maxBookLevels()}
 * levels a side;</li>
 * <li>a venue update with more levels than that (a deep snapshot, a large diff) as consecutive
 * fragments within the limit, all but the last flagged {@link flox.api.event.BookUpdate#CONTINUED}
 * (a snapshot: a SNAPSHOT fragment, then DELTA fragments), from one thread, back to back;</li>
 * <li>an update flagged {@link flox.api.event.BookUpdate#INVALID} as soon as its book can no
 * longer be trusted (a sequence gap, a disconnect, a stale stream); then nothing for that book
 * until the next snapshot.</li>
 * </ul>
 * Thread-safety: start/stop follow {@link LifecycleParticipant} (one coordinator thread);
 * implementations document their own I/O threads. Publishing must not allocate in steady state.
 */
@ConsumerType
public interface ExchangeConnector extends LifecycleParticipant {
    /** {@return the venue name as used in the symbol registry (e.g. "BINANCE")} */
    String exchange();

    @Override
    default LifecyclePhase phase() {
        return LifecyclePhase.CONNECTOR;
    }
}
