package flox.connector.fix.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One state per exchange from its order-entry and market-data sessions: LIVE only when both are. */
class FixVenueStatesTest {
    final List<String> published = new ArrayList<>();
    final FixVenueStates venues = new FixVenueStates(new MarketDataBus() {
        @Override public long publishBookUpdate(BookUpdate update) { return 0; }
        @Override public int maxBookLevels() { return 0; }
        @Override public long publishTrade(TradeEvent trade) { return 0; }
        @Override public long publishVenueState(VenueStateEvent e) {
            published.add(e.exchange() + " " + e.state() + " " + e.reason() + " | " + e.text());
            return published.size();
        }
    });

    String last() {
        return published.get(published.size() - 1);
    }

    @Test
    void shouldBeLiveOnlyWhileEverySessionOfTheExchangeIsLive() {
        venues.report("BROKER", "order entry", VenueState.LIVE, VenueStateReason.NONE, "logged on");
        assertEquals("BROKER LIVE NONE | logged on", last(), "one session: its own state and text");
        venues.report("BROKER", "market data", VenueState.SYNCING, VenueStateReason.NONE, "snapshots");
        assertEquals("BROKER SYNCING NONE | order entry LIVE: logged on; market data SYNCING: snapshots", last());
        venues.report("BROKER", "market data", VenueState.LIVE, VenueStateReason.NONE, "books in");
        assertEquals(VenueState.LIVE, venues.state("BROKER"));
        venues.report("BROKER", "order entry", VenueState.SYNCING, VenueStateReason.NONE, "reconciling");
        assertEquals(VenueState.SYNCING, venues.state("BROKER"), "a market-data LIVE no longer hides order entry's reconciliation");
    }

    @Test
    void shouldShowTheLeastUsableStateWithItsReason() {
        venues.report("BROKER", "order entry", VenueState.CONNECTING, VenueStateReason.STARTUP, "connecting");
        venues.report("BROKER", "market data", VenueState.DISCONNECTED, VenueStateReason.CONNECTION_LOST, "lost");
        assertEquals(VenueState.DISCONNECTED, venues.state("BROKER"));
        assertEquals("BROKER DISCONNECTED CONNECTION_LOST | order entry CONNECTING: connecting; market data DISCONNECTED: lost", last());
    }

    @Test
    void shouldLetTheRemainingSessionDecideOnceOneGoesAndKeepExchangesApart() {
        venues.report("BROKER", "order entry", VenueState.LIVE, VenueStateReason.NONE, "logged on");
        venues.report("BROKER", "market data", VenueState.DISCONNECTED, VenueStateReason.SHUTDOWN, "stopped");
        venues.report("OTHER", "order entry", VenueState.CONNECTING, VenueStateReason.STARTUP, "connecting");
        assertEquals(VenueState.DISCONNECTED, venues.state("BROKER"), "another exchange changes nothing here");
        venues.remove("BROKER", "market data");
        assertEquals("BROKER LIVE NONE | logged on", last());
        venues.remove("BROKER", "order entry");
        assertNull(venues.state("BROKER"));
        assertEquals(VenueState.CONNECTING, venues.state("OTHER"));
    }
}
