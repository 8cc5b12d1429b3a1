package flox.executor.sim.internal.replay;

import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolRegistry;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Bench-only door (flox.bench, same package on the plain class path) to the sim replay's
 * package-private {@link JournalSource}, for {@code flox.bench.recorder.ReplaySpeed}: the replay's
 * own reading and decoding of a journal, without OSGi. Replay thread only.
 */
public final class BenchJournalSource implements AutoCloseable {
    /** Where the journal's events go (as {@link JournalSource.Sink}). */
    public interface Sink {
        void onBookUpdate(BookUpdate update);

        void onTrade(TradeEvent trade);

        void onVenueState(VenueStateEvent state);

        void onRecordedExecution(ExecutionEvent report, int symbolId);
    }

    private final JournalSource source;
    private JournalSource.Sink adapter;

    public BenchJournalSource(Path journal, SymbolRegistry registry, String exchange, int maxLevels) {
        source = new JournalSource(journal, registry, exchange, maxLevels);
    }

    /** Hands up to {@code limit} records to {@code sink}; see {@link JournalSource#poll}. */
    public void poll(Sink sink, int limit) throws IOException {
        if (adapter == null) {
            adapter = new JournalSource.Sink() {
                @Override public void onBookUpdate(BookUpdate u) { sink.onBookUpdate(u); }
                @Override public void onTrade(TradeEvent t) { sink.onTrade(t); }
                @Override public void onVenueState(VenueStateEvent s) { sink.onVenueState(s); }
                @Override public void onRecordedExecution(ExecutionEvent e, int id) { sink.onRecordedExecution(e, id); }
            };
        }
        source.poll(adapter, limit);
    }

    public boolean isDone() {
        return source.isDone();
    }

    /** {book updates, trades, venue states, executions} handed on so far. */
    public long[] counts() {
        return new long[] {source.books, source.trades, source.venueStates, source.executions};
    }

    @Override
    public void close() {
        source.close();
    }
}
