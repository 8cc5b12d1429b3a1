package flox.connector.fix.internal.session;

import flox.api.bus.MarketDataBus;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * One venue state per exchange on the market-data bus, however many FIX sessions serve it: an
 * order-entry session ({@code flox.fix}) and a market-data session ({@code flox.fix.md}) of one
 * exchange each report their own state here, and the exchange is published LIVE only while
 * every one of them is LIVE; otherwise the least usable state of them (BANNED, RATE_LIMITED,
 * DISCONNECTED, STALE, CONNECTING, SYNCING, in that order) with its reason, the text naming
 * each session's state. Without it the two sessions' states were last-wins on the bus: a
 * market-data LIVE could hide an order entry still reconciling, or the reverse.
 *
 * <p>A service of this bundle only (its class is private, so no other bundle can see it); the
 * components built outside OSGi (tests, benchmarks) make their own. Threading: any thread;
 * reports are serialized by this object's lock (cold path: state changes only). Allocates.
 */
@Component(service = FixVenueStates.class)
public final class FixVenueStates {
    private static final VenueState[] WORST_FIRST = {VenueState.BANNED, VenueState.RATE_LIMITED, VenueState.DISCONNECTED, VenueState.STALE,
            VenueState.CONNECTING, VenueState.SYNCING};

    /** A session's last report. */
    private record Report(VenueState state, VenueStateReason reason, String text) { }

    private final MarketDataBus bus;
    private final Map<String, Map<String, Report>> byExchange = new LinkedHashMap<>();
    private final VenueStateEvent event = new VenueStateEvent();

    @Activate
    public FixVenueStates(@Reference MarketDataBus bus) {
        this.bus = bus;
    }

    /**
     * Session {@code session} (e.g. "order entry") of {@code exchange} is in {@code state}; the
     * exchange's combined state is published. A session that has gone for good reports its last
     * state and then {@link #remove}s itself.
     */
    public synchronized void report(String exchange, String session, VenueState state, VenueStateReason reason, String text) {
        byExchange.computeIfAbsent(exchange, e -> new LinkedHashMap<>()).put(session, new Report(state, reason, text));
        publish(exchange);
    }

    /** Session {@code session} no longer serves {@code exchange} (its component went): the others decide from now on. */
    public synchronized void remove(String exchange, String session) {
        Map<String, Report> sessions = byExchange.get(exchange);
        if (sessions == null || sessions.remove(session) == null) return;
        if (sessions.isEmpty()) {
            byExchange.remove(exchange);
        } else {
            publish(exchange);
        }
    }

    /** The exchange's combined state now, or null when no session reports for it. */
    public synchronized VenueState state(String exchange) {
        Map<String, Report> sessions = byExchange.get(exchange);
        return sessions == null ? null : worst(sessions).state;
    }

    private void publish(String exchange) {
        Map<String, Report> sessions = byExchange.get(exchange);
        Report worst = worst(sessions);
        String text;
        if (sessions.size() == 1) {
            text = worst.text;
        } else {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, Report> s : sessions.entrySet()) {
                if (b.length() > 0) b.append("; ");
                b.append(s.getKey()).append(' ').append(s.getValue().state).append(": ").append(s.getValue().text);
            }
            text = b.toString();
        }
        bus.publishVenueState(event.set(exchange, VenueStateEvent.ALL_SYMBOLS, worst.state, worst.reason, 0, text, System.nanoTime()));
    }

    /** LIVE when every session is; else the first non-LIVE report of the least usable state. */
    private static Report worst(Map<String, Report> sessions) {
        for (VenueState s : WORST_FIRST) {
            for (Report r : sessions.values()) if (r.state == s) return r;
        }
        return sessions.values().iterator().next(); // all LIVE
    }
}
