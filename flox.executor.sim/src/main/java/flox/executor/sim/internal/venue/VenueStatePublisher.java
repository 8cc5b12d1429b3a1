package flox.executor.sim.internal.venue;

import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import java.lang.System.Logger.Level;
import java.util.function.BooleanSupplier;

/**
 * Publishes a venue-wide state of one of the sim's feeds (synthetic market, replay) from the
 * feed's own thread: retries while back-pressured and the feed runs, gives up quietly on a
 * closed bus (the host is stopping), logs any other refusal. Cold path (a state change).
 */
public final class VenueStatePublisher {
    private static final System.Logger LOG = System.getLogger("flox.sim");

    private VenueStatePublisher() {
    }

    /** @param into the feed's own event (reused); @param receiveNs the change's host time; {@code running} false ends the retries */
    public static void publish(MarketDataBus bus, VenueStateEvent into, String exchange, VenueState state, VenueStateReason reason,
                               String text, long receiveNs, BooleanSupplier running, String pid) {
        publish(bus, into, exchange, VenueStateEvent.ALL_SYMBOLS, state, reason, 0, text, receiveNs, running, pid);
    }

    /** A state of one symbol ({@code symbolId}) or venue-wide ({@link VenueStateEvent#ALL_SYMBOLS}), as a journal recorded it. */
    public static void publish(MarketDataBus bus, VenueStateEvent into, String exchange, int symbolId, VenueState state, VenueStateReason reason,
                               long retryAtEpochNs, String text, long receiveNs, BooleanSupplier running, String pid) {
        into.set(exchange, symbolId, state, reason, retryAtEpochNs, text, receiveNs);
        long r;
        while ((r = bus.publishVenueState(into)) == BusResult.BACK_PRESSURED && running.getAsBoolean()) Thread.onSpinWait();
        if (r < 0 && r != BusResult.CLOSED) LOG.log(Level.WARNING, pid + ": venue state " + state + " not published: " + BusResult.describe(r));
    }
}
