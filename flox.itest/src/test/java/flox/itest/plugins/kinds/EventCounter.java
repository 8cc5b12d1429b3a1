package flox.itest.plugins.kinds;

import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.metrics.StatusContributor;
import java.util.function.LongSupplier;

/**
 * Test plugin (aggregator and metrics collector): counts market events and execution reports and
 * contributes "kinds-counter N" to the host's status line.
 */
public final class EventCounter implements MarketDataSubscriber, ExecutionSubscriber, StatusContributor, LongSupplier {
    private volatile long marketEvents;
    private volatile long reports;

    @Override public void onBookUpdate(BookUpdate update) { marketEvents++; }
    @Override public void onTrade(TradeEvent trade) { marketEvents++; }
    @Override public void onExecution(ExecutionEvent event) { reports++; }
    @Override public String statusFragment() { return "kinds-counter " + marketEvents + "/" + reports; }
    @Override public String summaryTable() { return "kinds-counter: " + marketEvents + " market events, " + reports + " reports\n"; }
    @Override public long getAsLong() { return marketEvents; }
}
