package flox.strategy.samples.internal.strategy;

import flox.api.event.ExecType;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.time.NanoClock;
import flox.strategy.samples.internal.metrics.TickToTradeProbe;

/**
 * A strategy's own view of its orders and inventory: a small preallocated table of its open
 * orders (id, side, price, quantity, filled, state) and the signed inventory its fills add up
 * to, fed by the execution reports of its orders ({@link ExecutionInbox.Handler}). Orders are
 * sent through the host's {@link OrderGateway} with one reused {@link OrderRequest}.
 *
 * <p>An order enters the table <em>before</em> it is submitted, so reports that arrive before
 * {@code submit} returns find it. Tick-to-trade is taken as {@code submit} returns (the clock is
 * read first thing): trigger to hand-off into the {@link TickToTradeProbe}, or a refusal counted
 * there. States: PENDING_NEW (sent) -&gt; LIVE (ACCEPTED) -&gt; CANCELING (cancel sent); a
 * terminal report (FILLED, CANCELED, REJECTED, EXPIRED, REPLACED) frees the slot. Fills are
 * taken from the cumulative quantity, so a repeated report changes nothing. Reports for ids
 * not in the table (other strategies' orders on the same symbol) are ignored.
 *
 * <p><b>Cool-down.</b> A refusal (by the gateway, synchronously, or a REJECTED report) stops new
 * orders for {@code cooldownNs} from the next {@link #mayOpen(long)} call: a strategy whose
 * orders are refused (rules, risk limits, the kill switch) does not resubmit on every market
 * event. Cancels are never held back.
 *
 * <p>Not thread-safe: owned by the strategy's decision thread (see {@link StrategyDriver}).
 * No allocation.
 */
public final class StrategyOrders implements ExecutionInbox.Handler {
    public static final int FREE = 0;
    public static final int PENDING_NEW = 1;
    public static final int LIVE = 2;
    public static final int CANCELING = 3;

    private final OrderGateway gateway;
    private final TickToTradeProbe probe;
    private final NanoClock clock;
    private final OrderRequest request = new OrderRequest();
    private final int strategyId;
    private int symbolId = -1;

    private final long[] ids;
    private final Side[] sides;
    private final long[] prices;
    private final long[] quantities;
    private final long[] filled;
    private final int[] states;
    private int open;

    private long inventoryScaled;
    private long submitted;
    private long refused;
    private long tableFull;
    private long fills;
    private RejectReason lastRefusal = RejectReason.NONE;
    private long rejects;
    private long cooldownNs;
    private boolean refusedSinceCheck;
    private long pausedUntilNs = Long.MIN_VALUE;

    public StrategyOrders(OrderGateway gateway, TickToTradeProbe probe, NanoClock clock, int strategyId, int capacity) {
        this.gateway = gateway;
        this.probe = probe;
        this.clock = clock;
        this.strategyId = strategyId;
        ids = new long[capacity];
        sides = new Side[capacity];
        prices = new long[capacity];
        quantities = new long[capacity];
        filled = new long[capacity];
        states = new int[capacity];
    }

    /** The symbol orders are sent for; set once it is known. */
    public void symbolId(int symbolId) {
        this.symbolId = symbolId;
    }

    public int symbolId() {
        return symbolId;
    }

    /**
     * Sends a limit order decided on the market event of {@code triggerNs}. Returns its client
     * order id, or 0 when it was not sent: table full, or refused by the gateway (risk, rules...;
     * see {@link #lastRefusal()}).
     */
    public long submit(Side side, long priceScaled, long quantityScaled, TimeInForce tif, long triggerNs) {
        int slot = freeSlot();
        if (slot < 0) {
            tableFull++;
            return 0;
        }
        long id = gateway.nextClientOrderId();
        ids[slot] = id;
        sides[slot] = side;
        prices[slot] = priceScaled;
        quantities[slot] = quantityScaled;
        filled[slot] = 0;
        states[slot] = PENDING_NEW;
        open++;
        request.limit(id, symbolId, side, priceScaled, quantityScaled, tif).strategyId(strategyId);
        probe.submitting(id);
        RejectReason reason = gateway.submit(request);
        long handedNs = clock.nanoTime();
        submitted++;
        if (reason == RejectReason.NONE) {
            probe.handed(id, triggerNs, handedNs);
        } else {
            probe.refused(id);
            // the gateway also reports the refusal (REJECTED) when it tracked the order; that
            // report then finds no slot and is ignored
            lastRefusal = reason;
            refused++;
            refusedSinceCheck = true;
            free(slot);
            return 0;
        }
        return id;
    }

    /** Requests the cancel of the order in {@code slot} if it is LIVE or PENDING_NEW; true if the request went out. */
    public boolean cancel(int slot) {
        int state = states[slot];
        if (state != LIVE && state != PENDING_NEW) return false;
        RejectReason reason = gateway.cancel(ids[slot]);
        if (reason == RejectReason.NONE || reason == RejectReason.UNKNOWN_ORDER) {
            // UNKNOWN_ORDER: the order ended (or cannot be canceled in its state); its terminal report frees the slot
            states[slot] = CANCELING;
            return reason == RejectReason.NONE;
        }
        lastRefusal = reason;
        return false;
    }

    /** Requests the cancel of every open order; returns how many requests went out. */
    public int cancelAll() {
        int n = 0;
        for (int i = 0; i < states.length; i++) {
            if (cancel(i)) n++;
        }
        return n;
    }

    @Override
    public void onExecution(ExecType type, long clientOrderId, long lastPriceScaled, long lastQuantityScaled, long cumulativeQuantityScaled) {
        int slot = find(clientOrderId);
        if (slot < 0) return;
        long cumulative = cumulativeQuantityScaled;
        if (cumulative == 0 && lastQuantityScaled > 0 && (type == ExecType.PARTIALLY_FILLED || type == ExecType.FILLED)) {
            cumulative = filled[slot] + lastQuantityScaled; // a venue that sends no cumulative quantity
        }
        if (cumulative > filled[slot]) {
            long delta = cumulative - filled[slot];
            filled[slot] = cumulative;
            inventoryScaled += sides[slot].sign() * delta;
            fills++;
        }
        switch (type) {
            case ACCEPTED:
                if (states[slot] == PENDING_NEW) states[slot] = LIVE;
                break;
            case PENDING_CANCEL:
                states[slot] = CANCELING;
                break;
            case CANCEL_REJECTED:
                if (states[slot] == CANCELING) states[slot] = LIVE; // still working (if it ended, its own report frees it)
                break;
            case REJECTED:
                rejects++;
                refusedSinceCheck = true;
                free(slot);
                break;
            case FILLED:
            case CANCELED:
            case EXPIRED:
            case REPLACED:
                free(slot);
                break;
            default:
                break;
        }
    }

    /** How long new orders wait after a refusal (0: not at all). */
    public void cooldownNs(long ns) {
        cooldownNs = ns;
    }

    /**
     * May the strategy open new orders at {@code nowNs}? False during the cool-down after a
     * refusal; a refusal seen since the last call starts it now.
     */
    public boolean mayOpen(long nowNs) {
        if (refusedSinceCheck) {
            refusedSinceCheck = false;
            pausedUntilNs = nowNs + cooldownNs;
        }
        return pausedUntilNs == Long.MIN_VALUE || nowNs - pausedUntilNs >= 0;
    }

    private int freeSlot() {
        for (int i = 0; i < states.length; i++) {
            if (states[i] == FREE) return i;
        }
        return -1;
    }

    private void free(int slot) {
        if (states[slot] == FREE) return;
        states[slot] = FREE;
        ids[slot] = 0;
        sides[slot] = null;
        open--;
    }

    /** Slot of {@code clientOrderId}, or -1. */
    public int find(long clientOrderId) {
        if (clientOrderId == 0) return -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == clientOrderId && states[i] != FREE) return i;
        }
        return -1;
    }

    /** The PENDING_NEW or LIVE order on {@code side} (the first one), or -1. */
    public int working(Side side) {
        for (int i = 0; i < states.length; i++) {
            if ((states[i] == PENDING_NEW || states[i] == LIVE) && sides[i] == side) return i;
        }
        return -1;
    }

    /** True when an order on {@code side} waits for its cancel to finish. */
    public boolean isCanceling(Side side) {
        for (int i = 0; i < states.length; i++) {
            if (states[i] == CANCELING && sides[i] == side) return true;
        }
        return false;
    }

    /** Unfilled quantity of every open order on {@code side}, canceling ones included (they may still fill). */
    public long openQuantity(Side side) {
        long q = 0;
        for (int i = 0; i < states.length; i++) {
            if (states[i] != FREE && sides[i] == side) q += quantities[i] - filled[i];
        }
        return q;
    }

    public int openCount() { return open; }
    public int capacity() { return states.length; }
    public int state(int slot) { return states[slot]; }
    public long clientOrderId(int slot) { return ids[slot]; }
    public Side side(int slot) { return sides[slot]; }
    public long price(int slot) { return prices[slot]; }
    public long quantity(int slot) { return quantities[slot]; }
    public long filled(int slot) { return filled[slot]; }
    /** Signed position from this strategy's fills, at the symbol's quantity scale. */
    public long inventory() { return inventoryScaled; }
    /** Orders handed to the gateway (accepted for sending or refused). */
    public long submitted() { return submitted; }
    /** Orders the gateway refused synchronously. */
    public long refused() { return refused; }
    /** Orders not sent because the table was full. */
    public long tableFull() { return tableFull; }
    /** Reports that added to the filled quantity. */
    public long fills() { return fills; }
    public RejectReason lastRefusal() { return lastRefusal; }
    /** REJECTED reports for this strategy's orders (venue or host refusals reported asynchronously). */
    public long rejects() { return rejects; }
}
