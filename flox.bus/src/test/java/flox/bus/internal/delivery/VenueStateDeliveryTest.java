package flox.bus.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.BusResult;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Venue states on the market-data bus: kinds, symbol filters, order with trades, both modes. */
@Timeout(60)
class VenueStateDeliveryTest {
    static final class Log implements MarketDataSubscriber {
        final String name;
        final List<String> log;

        Log(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override public void onTrade(TradeEvent t) {
            log.add(name + ":trade" + t.tradeId());
        }

        @Override public void onVenueState(VenueStateEvent v) {
            log.add(name + ":" + v.exchange() + (v.isVenueWide() ? "" : "#" + v.symbolId()) + " " + v.state() + " " + v.reason() + " " + v.text()
                    + (v.retryAtEpochNs() != 0 ? " retry " + v.retryAtEpochNs() : ""));
        }
    }

    static final int TRADE = 1 << MarketDataSlot.TRADE;
    static final int VENUE = 1 << MarketDataSlot.VENUE;

    @Test
    void shouldDeliverVenueStatesToWhoDeclaredThemAndVenueWideOnesThroughSymbolFilters() throws Exception {
        for (BusSettings.Mode mode : BusSettings.Mode.values()) {
            ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
            int btc = registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
            int eth = registry.register(SymbolInfo.builder("SIM", "ETHUSDT").priceScale(2).quantityScale(4).tickSizeScaled(1).lotSizeScaled(1).build());
            MarketDataFanOut bus = new MarketDataFanOut("t", SyncDeliveryTest.settings(mode), registry);
            bus.open(mode == BusSettings.Mode.ASYNC);
            List<String> log = new CopyOnWriteArrayList<>();
            bus.subscribe(new Subscription(new Log("btc", log), "btc", 0, 0, 1, TRADE | VENUE, new String[] {"SIM:BTCUSDT"}, false, true));
            bus.subscribe(new Subscription(new Log("trades", log), "trades", 1, 0, 2, TRADE, null, false, true));
            VenueStateEvent v = new VenueStateEvent();
            assertTrue(bus.publishVenueState(v.set("SIM", VenueStateEvent.ALL_SYMBOLS, VenueState.LIVE, VenueStateReason.NONE, 0, "up", 1)) >= 0);
            assertTrue(bus.publishTrade(new TradeEvent().set(btc, 7, 1, 1, Side.BUY, 0, 0)) >= 0);
            assertTrue(bus.publishVenueState(v.set("SIM", eth, VenueState.STALE, VenueStateReason.SEQUENCE_GAP, 0, "gap", 2)) >= 0);
            assertTrue(bus.publishVenueState(v.set("SIM", btc, VenueState.RATE_LIMITED, VenueStateReason.RATE_LIMIT, 99, "429", 3)) >= 0);
            v.set("SIM", btc, VenueState.BANNED, VenueStateReason.BAN, 0, "reused", 4); // the publisher reuses its flyweight: the bus copied
            bus.stop();
            List<String> expected = List.of("btc:SIM LIVE NONE up", "btc:trade7", "trades:trade7", "btc:SIM#" + btc + " RATE_LIMITED RATE_LIMIT 429 retry 99");
            assertEquals(expected.stream().filter(s -> s.startsWith("btc")).toList(), log.stream().filter(s -> s.startsWith("btc")).toList(),
                    mode + ": the venue-wide state passes btc's symbol filter, eth's own state does not, in publish order");
            assertEquals(List.of("trades:trade7"), log.stream().filter(s -> s.startsWith("trades")).toList(), mode + ": not declared, not delivered");
        }
    }

    @Test
    void shouldRefuseAVenueStateWithoutExchangeOrState() {
        MarketDataFanOut bus = new MarketDataFanOut("t", SyncDeliveryTest.settings(BusSettings.Mode.SYNC), null);
        bus.open(false);
        assertEquals(BusResult.INVALID, bus.publishVenueState(null));
        assertEquals(BusResult.INVALID, bus.publishVenueState(new VenueStateEvent().set("", -1, VenueState.LIVE, VenueStateReason.NONE, 0, "", 0)));
        assertEquals(BusResult.INVALID, bus.publishVenueState(new VenueStateEvent().set("SIM", -1, null, VenueStateReason.NONE, 0, "", 0)));
        bus.stop();
    }

    @Test
    void shouldPublishVenueStatesWithoutAllocating() {
        MarketDataFanOut bus = new MarketDataFanOut("t", SyncDeliveryTest.settings(BusSettings.Mode.ASYNC), null);
        bus.open(false);
        bus.subscribe(new Subscription(new MarketDataSubscriber() { }, "quiet", 0, 0, 1, VENUE, null, true, false));
        VenueStateEvent v = new VenueStateEvent().set("SIM", -1, VenueState.LIVE, VenueStateReason.NONE, 0, "steady", 0);
        BusTestSupport.roundsUntilNoAllocation("venue-state publishes", () -> {
            for (int i = 0; i < 10_000; i++) bus.publishVenueState(v);
        });
        bus.stop();
    }
}
