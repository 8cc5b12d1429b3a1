package flox.bus.internal.component;

import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.BusResult;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.metrics.StatusContributor;
import flox.api.symbol.SymbolRegistry;
import flox.bus.internal.delivery.BusSettings;
import flox.bus.internal.delivery.MarketDataFanOut;
import flox.bus.internal.delivery.MarketDataSlot;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The host's {@link MarketDataBus} (pid {@value #PID}): book updates, trades and venue states to
 * every {@link MarketDataSubscriber} service, by their {@link flox.api.bus.SubscriberProperties}.
 * Thread-safe for any number of publishers; per-publisher order; publishing books and trades
 * allocates nothing. Its status fragment is each venue's last state ({@code SIM LIVE}).
 */
@Component(service = {MarketDataBus.class, LifecycleParticipant.class, StatusContributor.class}, configurationPid = MarketDataBusComponent.PID,
        immediate = true)
@Designate(ocd = BusConfig.class)
public final class MarketDataBusComponent extends BusComponent<MarketDataFanOut> implements MarketDataBus, StatusContributor {
    public static final String PID = "flox.bus.marketdata";
    private final VenueBoard venues = new VenueBoard();

    public MarketDataBusComponent() {
        super(PID, "market-data bus", (1 << MarketDataSlot.BOOK) | (1 << MarketDataSlot.TRADE) | (1 << MarketDataSlot.VENUE));
    }

    @Override
    MarketDataFanOut newEngine(String name, BusSettings settings, SymbolRegistry symbols) {
        return new MarketDataFanOut("market-data", settings, symbols);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedSubscriber")
    void addSubscriber(MarketDataSubscriber subscriber, Map<String, Object> properties) {
        bind(subscriber, properties);
    }

    void updatedSubscriber(MarketDataSubscriber subscriber, Map<String, Object> properties) {
        updated(subscriber, properties);
    }

    void removeSubscriber(MarketDataSubscriber subscriber) {
        unbind(subscriber);
    }

    @Override
    public long publishBookUpdate(BookUpdate update) {
        MarketDataFanOut e = engine;
        return e == null ? BusResult.CLOSED : e.publishBookUpdate(update);
    }

    /** The running engine's {@code book.levels}; while inactive, that of the configuration last read. */
    @Override
    public int maxBookLevels() {
        MarketDataFanOut e = engine;
        return e == null ? settings().bookLevels() : e.maxBookLevels();
    }

    @Override
    public long publishTrade(TradeEvent trade) {
        MarketDataFanOut e = engine;
        return e == null ? BusResult.CLOSED : e.publishTrade(trade);
    }

    /** Recorded for the status line whether or not the bus is open: it is the venue's state either way. */
    @Override
    public long publishVenueState(VenueStateEvent state) {
        MarketDataFanOut e = engine;
        if (MarketDataFanOut.isValid(state)) venues.record(state, symbols());
        return e == null ? BusResult.CLOSED : e.publishVenueState(state);
    }

    @Override
    public String statusFragment() {
        return venues.describe();
    }

    @Override
    public String summaryTable() {
        String v = venues.describe();
        return v.isEmpty() ? "" : "venues at exit: " + v + System.lineSeparator();
    }
}
