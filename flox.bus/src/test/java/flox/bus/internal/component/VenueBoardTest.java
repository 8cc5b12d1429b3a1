package flox.bus.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;

import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import org.junit.jupiter.api.Test;

/** What the status line says about venues. */
class VenueBoardTest {
    @Test
    void shouldShowEachVenuesLastStateAndSymbolStatesOnlyWhereTheyDiffer() throws Exception {
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        int eth = registry.register(SymbolInfo.builder("BINANCE", "ETHUSDT").priceScale(2).quantityScale(4).tickSizeScaled(1).lotSizeScaled(1).build());
        VenueBoard board = new VenueBoard();
        VenueStateEvent e = new VenueStateEvent();
        assertEquals("", board.describe(), "nothing before any venue spoke");
        board.record(e.set("SIM", -1, VenueState.CONNECTING, VenueStateReason.STARTUP, 0, "", 0), registry);
        board.record(e.set("SIM", -1, VenueState.LIVE, VenueStateReason.NONE, 0, "", 0), registry);
        board.record(e.set("BINANCE", -1, VenueState.LIVE, VenueStateReason.NONE, 0, "", 0), registry);
        board.record(e.set("BINANCE", eth, VenueState.SYNCING, VenueStateReason.SEQUENCE_GAP, 0, "", 0), registry);
        assertEquals("BINANCE LIVE, SIM LIVE, BINANCE:ETHUSDT SYNCING", board.describe());
        board.record(e.set("BINANCE", eth, VenueState.LIVE, VenueStateReason.NONE, 0, "", 0), registry);
        assertEquals("BINANCE LIVE, SIM LIVE", board.describe(), "a symbol back in line with its venue is not repeated");
        board.record(e.set("BINANCE", eth, VenueState.STALE, VenueStateReason.NONE, 0, "", 0), registry);
        board.record(e.set("BINANCE", -1, VenueState.DISCONNECTED, VenueStateReason.CONNECTION_LOST, 0, "", 0), registry);
        assertEquals("BINANCE DISCONNECTED, SIM LIVE", board.describe(), "a venue-wide state replaces its symbols' own");
    }
}
