package flox.risk.internal;

import static flox.risk.internal.RiskFixture.STRATEGY;
import static flox.risk.internal.RiskFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** New orders only while the order's venue is LIVE; cancels always pass. */
@Timeout(30)
class RiskVenueStateTest {
    static final long PX = 6_000_000;
    static final long ONE_BTC = 100_000;

    @Test
    void shouldRefuseNewOrdersForAVenueThatHasPublishedNoState() throws Exception {
        RiskFixture f = new RiskFixture(Map.of());
        f.engine = new RiskEngine(f.registry, f.tracker, f.gateway, f.clock, RiskFixture.settings(Map.of()));
        f.gateway.addRiskCheck(f.engine);
        assertEquals(RejectReason.VENUE_NOT_LIVE, f.submit(STRATEGY, f.btc, Side.BUY, PX, ONE_BTC));
        assertEquals(1, f.engine.counted(RiskCounter.VENUE_NOT_LIVE));
        assertTrue(f.engine.venueStates().contains("none published"), f.engine.venueStates());
        f.venueLive();
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, ONE_BTC));
    }

    @Test
    void shouldRefuseNewOrdersAndReplacesButPassCancelsWhileTheVenueIsNotLive() throws Exception {
        RiskFixture f = new RiskFixture(Map.of());
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, ONE_BTC));
        long resting = f.lastId();
        for (VenueState notLive : new VenueState[] {VenueState.CONNECTING, VenueState.SYNCING, VenueState.STALE, VenueState.DISCONNECTED,
                VenueState.RATE_LIMITED, VenueState.BANNED}) {
            f.venue(VenueStateEvent.ALL_SYMBOLS, notLive);
            assertEquals(RejectReason.VENUE_NOT_LIVE, f.submit(STRATEGY, f.btc, Side.BUY, PX, ONE_BTC), notLive.name());
        }
        assertEquals(RejectReason.VENUE_NOT_LIVE, f.gateway.replace(resting, f.gateway.nextClientOrderId(), PX - 100, ONE_BTC), "a replace is a new order");
        assertEquals(RejectReason.NONE, f.gateway.cancel(resting), "cancels pass: getting out must always be possible");
        assertEquals(7, f.engine.counted(RiskCounter.VENUE_NOT_LIVE));
        f.venueLive();
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, ONE_BTC));
    }

    @Test
    void shouldApplyASymbolsOwnStateUntilTheNextVenueWideOne() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.quantity", "10"));
        f.venue(f.eth, VenueState.STALE);
        assertEquals(RejectReason.VENUE_NOT_LIVE, f.submit(STRATEGY, f.eth, Side.BUY, PX, 1), "eth's own state");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, ONE_BTC), "btc follows the venue: LIVE");
        assertEquals("SIM LIVE, SIM:ETHUSDT STALE", f.engine.venueStates());
        f.venue(VenueStateEvent.ALL_SYMBOLS, VenueState.LIVE);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.eth, Side.BUY, PX, 1), "a venue-wide state replaces the symbol's own");
        assertEquals("SIM LIVE", f.engine.venueStates());
    }
}
