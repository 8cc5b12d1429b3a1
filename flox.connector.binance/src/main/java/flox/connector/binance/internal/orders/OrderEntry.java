package flox.connector.binance.internal.orders;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExecutionReports;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.connector.binance.internal.feed.CharView;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Binance order entry over the WebSocket API (issue 14 item 3), transport-free: the executor's
 * {@code submit}, {@code cancel} and {@code replace} only write a command into a preallocated
 * many-to-one ring and return; the connector's sending thread ({@link #doWork}) turns commands
 * into signed requests ({@link WsApiRequests}), throttled by {@link RateLimits}, and hands them to
 * the {@link Transport}; replies ({@link #onReply}) and user-data events ({@link #onUserData}) come
 * back on the connection's receiving thread.
 * <ul>
 * <li>Commands are taken in the callers' order. New orders and replaces the order-rate window
 * holds back wait in the sending thread's held queue (in order) while cancels and queries behind
 * them go on; a cancel of a held new order ends it here (CANCELED, never sent).</li>
 * <li>A refused request becomes the order's report (REJECTED, CANCEL_REJECTED, REPLACE_REJECTED)
 * with the reason {@link BinanceErrors} gives, applied by the report rule ({@link ExecutionReports}:
 * tracker first, published only if applied). An unknown outcome (5XX, -1007) leaves the order as
 * it is and asks {@code order.status}; "no such order" (-2013) is asked again once after the
 * request's recvWindow and 1 s (it may still reach the venue) before the order counts as not
 * placed; 429 and 418 refuse the request and tell the
 * {@link VenueLimits} listener until when. After a 418, or a 429 that names its retryAfter,
 * nothing at all is sent until then (cancels and queries would prolong a ban); commands wait.</li>
 * <li>Fills and order states come from the user-data stream only ({@link ExecutionReportDecoder}).
 * A report of an order without this run's client id prefix is counted and reported once per run.</li>
 * <li>Flox's replace (a new total quantity, the filled part carried over) is Binance's
 * {@code order.cancelReplace} in STOP_ON_FAILURE mode with the new order's quantity = the new
 * total less what the tracker had filled when it was sent ({@link Replaces}). A fill of the old
 * order racing the cancel makes the new order cover it again: the REPLACED shows the total the
 * venue holds and says so once (docs/ARCHITECTURE.md, Binance connector).</li>
 * </ul>
 *
 * <p>Threading: {@code submit}/{@code cancel}/{@code replace} from any thread (lock-free ring);
 * {@link #doWork} on the sending thread; {@link #onReply} and {@link #onUserData} on the receiving
 * thread, which may be another: a pending request's fields are published by a release store of
 * its id, each thread has its own flyweights, {@link RateLimits} is synchronized and the tracker
 * serialises an order's writers. The counters are approximate across threads. No allocation per
 * order, request, reply or report.
 */
public final class OrderEntry {
    /** Sends one text frame on the WebSocket API connection; false when it is not connected (the request is then refused). */
    @FunctionalInterface
    public interface Transport {
        boolean send(byte[] frame, int length);
    }

    /** Told when the venue limits this connection: RATE_LIMITED or BANNED until {@code untilEpochMs}. */
    public interface VenueLimits {
        void rateLimited(long untilEpochMs, CharSequence why);

        void banned(long untilEpochMs, CharSequence why);
    }

    /** A 418 without a retryAfter: quiet this long (Binance's bans start at 2 minutes). */
    static final long DEFAULT_BAN_MS = 120_000;
    /** The longest quiet time believed: Binance's longest ban is 3 days. */
    static final long MAX_QUIET_MS = 3L * 24 * 3_600_000;
    private static final int PLACE = 1;
    private static final int CANCEL = 2;
    private static final int REPLACE = 3;
    private static final int STATUS = 4;
    private static final int SUBSCRIBE = 5;
    /** {@code openOrders.status} of one symbol (reconciliation); the ring record's long is unused. */
    private static final int OPEN_ORDERS = 6;
    /** {@code order.cancel} of an order this run did not place; the ring record's long is the venue's order id. */
    private static final int CANCEL_FOREIGN = 7;
    /** {@code myTrades} of one of our orders: client id, symbol id, flags (unused), the venue's order id. */
    private static final int MY_TRADES = 8;
    /**
     * {@code myTrades} of one symbol past the last trade the user-data stream had delivered when
     * this connection subscribed (reconciliation): the first trade id to ask (or, with {@link #BY_TIME}, the venue ms to ask
     * from), symbol id, flags, the round.
     */
    private static final int RECENT_TRADES = 9;
    /** A RECENT_TRADES flag: the record's first long is a venue time (no trade of the symbol delivered yet). */
    private static final int BY_TIME = 1;
    /**
     * {@code order.status} by the venue's order id: whose order a trade found by RECENT_TRADES on
     * no open tracked order was: the venue's order id, symbol id, that order's trades in the
     * listing, the round.
     */
    private static final int TRADE_ORDER = 10;
    /** Trades asked per recent-trades query; a full page asks the next one from the trade id after its last. */
    static final int RECENT_TRADES_PAGE = WsApiResponse.MAX_LISTED;
    /** Symbol ids below this keep their trade marks; a higher one's recent trades are not asked (said once). */
    static final int TRADE_MARKS = 4096;
    /**
     * STATUS records: client id, symbol id, flags, the earliest wall-clock ms to send it (0: at
     * once; set on a re-ask), then the reconciliation round it belongs to (0: none). MY_TRADES
     * records have the same shape with the venue's order id fourth.
     */
    private static final int STATUS_LENGTH = 32;
    /** A STATUS flag: the order's trades were just asked; apply its state as it is (no second trades query). */
    private static final int RESTATE_ONLY = 1;
    /** Re-asks waiting for their time: the sending thread's own. When full, the ring waits. */
    private static final int DEFERRED = 256;
    private final long[] deferredOrder = new long[DEFERRED];
    private final int[] deferredSymbol = new int[DEFERRED];
    private final long[] deferredNotBeforeMs = new long[DEFERRED];
    private final long[] deferredRound = new long[DEFERRED];
    private final int[] deferredFlags = new int[DEFERRED];
    private int deferredCount;
    private final UnsafeBuffer deferredRecord = new UnsafeBuffer(new byte[STATUS_LENGTH]);
    private static final int PENDING = 4096;

    /** Every command, in the order the callers gave them. */
    private final ManyToOneRingBuffer commands;
    /**
     * New orders and replaces the venue's order-rate window holds back, in order, as records of
     * {@link #HELD_RECORD} bytes (kind, then the ring record); the sending thread's own. Commands
     * behind them in the ring go on: a cancel is never held behind a throttled new order.
     */
    private final UnsafeBuffer held = new UnsafeBuffer(ByteBuffer.allocateDirect(HELD_CAPACITY * HELD_RECORD));
    private static final int HELD_CAPACITY = 1024;
    private static final int HELD_RECORD = 48;
    private long heldHead;
    private long heldTail;
    /** Commands the current {@link #doWork} finished (sent, refused, ended here). */
    private int finished;
    private long canceledUnsent;
    private long notYetSeen;

    // reconciliation: open-orders queries still to answer (-1: none started), and the foreign-order policy
    private final java.util.concurrent.atomic.AtomicInteger reconcileRemaining = new java.util.concurrent.atomic.AtomicInteger(-1);
    /** The round of the last {@link #reconcile}: OPEN_ORDERS records carry it; answers of an earlier round do not count. */
    private volatile long reconcileGeneration;
    private volatile long lastReconciledMs;
    /** Wall-clock ms the current round started (for {@link #failStalledRound}). */
    private volatile long reconcileStartedMs;
    /** The receiving thread's wall-clock ms of the reply being handled. */
    private long epochMsOfReply;
    private volatile String reconcileFailure;
    private volatile boolean cancelForeign = true;
    private volatile boolean adoptForeign;
    private long foreignOpen;
    private long foreignCanceled;
    private long foreignAdopted;
    private final ExecutionEvent adoption = new ExecutionEvent();
    private final CharView listedText = new CharView();
    private final CharView listedId = new CharView();
    private static final Side[] SIDES = Side.values();
    private static final OrderType[] TYPES = OrderType.values();
    private static final TimeInForce[] TIFS = TimeInForce.values();
    private final SymbolRegistry symbols;
    private final String exchange;
    private final OrderTracker tracker;
    private final ExecutionReports reports;
    private final WsApiRequests requests;
    private final RateLimits limits;
    private final Transport transport;
    private final VenueLimits venue;
    private final WsApiResponse reply = new WsApiResponse();
    private final ExecutionReportDecoder userData;
    // one flyweight each for the sending and the receiving thread
    private final ExecutionEvent senderRefusal = new ExecutionEvent();
    private final ExecutionEvent replyRefusal = new ExecutionEvent();
    private final OrderState senderState = new OrderState();
    private final OrderState replyState = new OrderState();
    private final OrderRequest order = new OrderRequest();
    private final ControlledMessageHandler sender = this::take;

    // pending requests, by request id & (PENDING - 1): what a reply refers to
    /** Written last by the sending thread (release), read first by the receiving thread (acquire): the other fields ride on it. */
    private final java.util.concurrent.atomic.AtomicLongArray pendingId = new java.util.concurrent.atomic.AtomicLongArray(PENDING);
    private final int[] pendingKind = new int[PENDING];
    private final long[] pendingOrder = new long[PENDING];
    private final long[] pendingNewOrder = new long[PENDING];
    private final int[] pendingSymbol = new int[PENDING];
    private final Side[] pendingSide = new Side[PENDING];
    /** Of a STATUS: true when it is the re-ask after a -2013 (whose -2013 is then final). */
    private final boolean[] pendingReask = new boolean[PENDING];
    /** Wall-clock ms the request was sent. */
    private final long[] pendingSentMs = new long[PENDING];
    /** The connection a request was sent on ({@link #linksLost} then): a request of a lost one is never answered. */
    private final long[] pendingLink = new long[PENDING];
    /** Connections lost so far (written by {@link #onConnectionLost}); numbers the current one. */
    private volatile long linksLost;
    /** Of a STATUS: its flags; of a MY_TRADES: the venue's order id. */
    private final int[] pendingFlags = new int[PENDING];
    private final long[] pendingVenueOrder = new long[PENDING];
    /** The reconciliation round a query belongs to (0: none): the round is not done before its answer is handled. */
    private final long[] pendingRound = new long[PENDING];
    private final ExecutionEvent recovered = new ExecutionEvent();
    private final CharView tradeText = new CharView();
    private long fillsRecovered;
    /** Per symbol id: the highest trade id the user-data stream (or a recent-trades listing) delivered, 0 for none. Receiving thread writes. */
    private final java.util.concurrent.atomic.AtomicLongArray lastTradeId = new java.util.concurrent.atomic.AtomicLongArray(TRADE_MARKS);
    /** Per symbol id: {@link #lastTradeId} when this connection subscribed: a round asks the trades past it. */
    private final java.util.concurrent.atomic.AtomicLongArray deliveredBeforeLink = new java.util.concurrent.atomic.AtomicLongArray(TRADE_MARKS);
    /** Per symbol id: the first trade id this connection's stream delivered, 0 before one: a listed trade from it on was not missed. */
    private final java.util.concurrent.atomic.AtomicLongArray firstOnLink = new java.util.concurrent.atomic.AtomicLongArray(TRADE_MARKS);
    /** Re-asks after an unknown outcome of this round's reconciliation queries; past {@link #RECONCILE_RETRIES} the round fails. */
    private final java.util.concurrent.atomic.AtomicInteger reconcileRetries = new java.util.concurrent.atomic.AtomicInteger();
    static final int RECONCILE_RETRIES = 5;
    private boolean unmarkedSaid;
    /** Venue ms at which this run's first user-data subscription was confirmed, 0 before; trades since then are on the stream. */
    private volatile long userDataSinceMs;
    private long missedTrades;
    private long missedForeignTrades;
    // the receiving thread's scratch for a recent-trades listing: open tracked orders' venue ids, and venue ids already asked
    private final long[] openIds = new long[PENDING];
    private final long[] openVenueIds = new long[PENDING];
    private final long[] askedVenueIds = new long[RECENT_TRADES_PAGE];
    private long refusedReports;
    private final boolean[] refusalSaid = new boolean[flox.api.order.TrackerResult.values().length];
    private long nextRequestId = 1;
    private long nowMs;
    /** The sending thread's last {@link #nowMs}, for the receiving thread's default quiet time. */
    private volatile long lastWorkMs;
    /**
     * Until when (epoch ms) nothing is sent: a 418 ban, or a 429 that names its retryAfter (the
     * request weight: a cancel or a query counts too). Written by the receiving thread only.
     */
    private volatile long quietUntilMs;
    /** The venue's clock less ours (ms); set by the connection with each time sync. */
    private volatile long venueClockOffsetMs;
    private long quietTurns;
    private volatile boolean subscribed;
    /** The venue refused this connection's user-data subscription; cleared by the next {@link #subscribeUserData}. */
    private volatile boolean subscriptionRefused;
    private volatile boolean timeResyncWanted;
    private volatile boolean shutdownAnnounced;
    private final ExecutionEvent restated = new ExecutionEvent();
    private final Replaces replaces = new Replaces();
    /** The receiving thread's REPLACED, CANCELED and REPLACE_REJECTED made from a cancel-replace's reports. */
    private final ExecutionEvent replaceReport = new ExecutionEvent();
    private long racedReplaces;
    private long corrections;

    private long sent;
    private long refusedRequests;
    private long unknownOutcomes;
    private long notOurs;
    private long otherEvents;
    private long unmatchedReplies;
    private long throttled;
    private long commandFailures;
    private boolean foreignReported;
    private String lastProblem;

    public OrderEntry(String exchange, SymbolRegistry symbols, OrderTracker tracker, ExecutionReports reports, WsApiRequests requests,
                      RateLimits limits, ExecutionReportDecoder userData, Transport transport, VenueLimits venue, int queueBytes) {
        this.exchange = exchange;
        this.symbols = symbols;
        this.tracker = tracker;
        this.reports = reports;
        this.requests = requests;
        this.limits = limits;
        this.userData = userData;
        this.transport = transport;
        this.venue = venue;
        int capacity = Integer.highestOneBit(Math.max(4096, queueBytes));
        this.commands = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    // ------------------------------------------------------------------ callers (any thread)

    /**
     * Enqueues a new order: NONE, or BACK_PRESSURED when the queue is full, VENUE_NOT_LIVE from a
     * lost connection until the next one has user data subscribed and is reconciled (the venue
     * state on the bus follows a tick later), or a refusal Binance would give anyway.
     */
    public RejectReason submit(OrderRequest r) {
        if (!isReady()) return RejectReason.VENUE_NOT_LIVE;
        if (r.clientOrderId() <= 0) return RejectReason.OTHER; // Binance's client id holds a positive number
        if (!WsApiRequests.supported(r.orderType(), r.timeInForce())) return RejectReason.OTHER;
        SymbolInfo s = symbols.symbol(r.symbolId());
        if (s == null || !exchange.equals(s.exchange())) return RejectReason.UNKNOWN_SYMBOL;
        int at = commands.tryClaim(PLACE, 40);
        if (at < 0) return RejectReason.BACK_PRESSURED;
        org.agrona.concurrent.AtomicBuffer b = commands.buffer();
        b.putLong(at, r.clientOrderId());
        b.putInt(at + 8, r.symbolId());
        b.putByte(at + 12, (byte) r.side().ordinal());
        b.putByte(at + 13, (byte) r.orderType().ordinal());
        b.putByte(at + 14, (byte) r.timeInForce().ordinal());
        b.putLong(at + 16, r.priceScaled());
        b.putLong(at + 24, r.quantityScaled());
        b.putLong(at + 32, r.stopPriceScaled());
        commands.commit(at);
        return RejectReason.NONE;
    }

    public RejectReason cancel(int symbolId, long clientOrderId) {
        return enqueue(CANCEL, symbolId, clientOrderId) ? RejectReason.NONE : RejectReason.BACK_PRESSURED;
    }

    /** As {@link #submit}: refused (VENUE_NOT_LIVE) until subscribed and reconciled; cancels always pass. */
    public RejectReason replace(int symbolId, long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled) {
        if (!isReady()) return RejectReason.VENUE_NOT_LIVE;
        if (origClientOrderId <= 0 || newClientOrderId <= 0) return RejectReason.OTHER;
        int at = commands.tryClaim(REPLACE, 40);
        if (at < 0) return RejectReason.BACK_PRESSURED;
        org.agrona.concurrent.AtomicBuffer b = commands.buffer();
        b.putLong(at, origClientOrderId);
        b.putInt(at + 8, symbolId);
        b.putLong(at + 16, newClientOrderId);
        b.putLong(at + 24, newPriceScaled);
        b.putLong(at + 32, newQuantityScaled);
        commands.commit(at);
        return RejectReason.NONE;
    }

    private boolean enqueue(int kind, int symbolId, long clientOrderId) {
        int at = commands.tryClaim(kind, 12);
        if (at < 0) return false;
        commands.buffer().putLong(at, clientOrderId);
        commands.buffer().putInt(at + 8, symbolId);
        commands.commit(at);
        return true;
    }

    // ------------------------------------------------------------------ sending thread

    /**
     * Sends held orders the window now allows, then queued commands (at most {@code limit} read)
     * at wall-clock {@code epochMs}; returns how many commands were finished (sent, refused, or
     * ended here), not counting those newly held.
     */
    public int doWork(long epochMs, int limit) {
        nowMs = epochMs;
        lastWorkMs = epochMs;
        finished = 0;
        if (epochMs < quietUntilMs()) { // banned or weight-limited (here or on REST): every request would prolong it; commands wait in the ring
            quietTurns++;
            return 0;
        }
        for (int i = 0; i < deferredCount; ) {
            if (deferredNotBeforeMs[i] > nowMs) {
                i++;
                continue;
            }
            if (limits.waitMs(RateLimits.REQUEST_WEIGHT, weightOf(STATUS), nowMs) > 0) break;
            deferredRecord.putLong(0, deferredOrder[i]);
            deferredRecord.putInt(8, deferredSymbol[i]);
            deferredRecord.putInt(12, deferredFlags[i]);
            deferredRecord.putLong(16, -1); // a re-ask, due now
            deferredRecord.putLong(24, deferredRound[i]);
            if (send(STATUS, deferredRecord, 0, STATUS_LENGTH) != ControlledMessageHandler.Action.CONTINUE) break; // throttled: kept for the next turn
            finished++;
            deferredCount--;
            deferredOrder[i] = deferredOrder[deferredCount];
            deferredSymbol[i] = deferredSymbol[deferredCount];
            deferredNotBeforeMs[i] = deferredNotBeforeMs[deferredCount];
            deferredRound[i] = deferredRound[deferredCount];
            deferredFlags[i] = deferredFlags[deferredCount];
        }
        while (heldHead < heldTail) {
            int at = (int) (heldHead & (HELD_CAPACITY - 1)) * HELD_RECORD;
            int kind = held.getInt(at);
            if (kind != 0) {
                if (ordersThrottled()) break;
                send(kind, held, at + 8, 40);
                finished++;
            }
            heldHead++;
        }
        commands.controlledRead(sender, limit);
        return finished;
    }

    /**
     * A request's weight, from the WebSocket API docs (web-socket-api.md): order.place,
     * order.cancel and order.cancelReplace 1, order.status 4, openOrders.status of one symbol 6,
     * userDataStream.subscribe.signature 2. The venue's own count (each reply's rateLimits) then
     * corrects the window.
     */
    static int weightOf(int kind) {
        switch (kind) {
            case STATUS: return 4;
            case OPEN_ORDERS: return 6;
            case SUBSCRIBE: return 2;
            case MY_TRADES: return 5;
            case RECENT_TRADES: return 20;
            case TRADE_ORDER: return 4;
            default: return 1;
        }
    }

    private boolean ordersThrottled() {
        return limits.waitMs(RateLimits.ORDERS, 1, nowMs) > 0 || limits.waitMs(RateLimits.REQUEST_WEIGHT, 1, nowMs) > 0;
    }

    /**
     * One command off the ring, in order: a new order or replace is held while the order window is
     * full or others are held before it; a cancel of a held new order ends it here (CANCELED, never
     * sent); a status query of a held order is dropped (the venue does not have it yet); the rest is sent.
     */
    private ControlledMessageHandler.Action take(int kind, org.agrona.MutableDirectBuffer buffer, int index, int length) {
        if (kind == PLACE || kind == REPLACE) {
            if (heldHead < heldTail || ordersThrottled()) {
                if (heldTail - heldHead == HELD_CAPACITY) return ControlledMessageHandler.Action.ABORT; // stays in the ring
                int at = (int) (heldTail & (HELD_CAPACITY - 1)) * HELD_RECORD;
                held.putInt(at, kind);
                held.putBytes(at + 8, buffer, index, 40);
                heldTail++;
                throttled++;
                return ControlledMessageHandler.Action.CONTINUE;
            }
        } else if (kind == STATUS && buffer.getLong(index + 16) > nowMs) { // a re-ask before its time: set aside until then
            if (deferredCount == DEFERRED) return ControlledMessageHandler.Action.ABORT;
            deferredOrder[deferredCount] = buffer.getLong(index);
            deferredSymbol[deferredCount] = buffer.getInt(index + 8);
            deferredNotBeforeMs[deferredCount] = buffer.getLong(index + 16);
            deferredRound[deferredCount] = buffer.getLong(index + 24);
            deferredFlags[deferredCount] = buffer.getInt(index + 12);
            deferredCount++;
            return ControlledMessageHandler.Action.CONTINUE;
        }
        if ((kind == CANCEL || kind == STATUS) && heldHead < heldTail) {
            int at = heldPlace(buffer.getLong(index));
            if (at >= 0) {
                if (kind == CANCEL) cancelHeld(at);
                else roundDone(buffer.getLong(index + 24), nowMs); // a reconciliation's query of an order not sent yet: nothing to correct
                finished++;
                return ControlledMessageHandler.Action.CONTINUE;
            }
        }
        ControlledMessageHandler.Action a = send(kind, buffer, index, length);
        if (a == ControlledMessageHandler.Action.CONTINUE) finished++;
        return a;
    }

    /** The held record offset of the new order {@code clientId}, or -1. */
    private int heldPlace(long clientId) {
        for (long i = heldHead; i < heldTail; i++) {
            int at = (int) (i & (HELD_CAPACITY - 1)) * HELD_RECORD;
            if (held.getInt(at) == PLACE && held.getLong(at + 8) == clientId) return at;
        }
        return -1;
    }

    /** A held new order canceled before it was sent: CANCELED here, by the report rule. */
    private void cancelHeld(int at) {
        held.putInt(at, 0);
        canceledUnsent++;
        long clientId = held.getLong(at + 8);
        senderRefusal.reset(ExecType.CANCELED, clientId, held.getInt(at + 16), SIDES[held.getByte(at + 20)])
                .order(held.getLong(at + 24), held.getLong(at + 32)).fill(0, 0, 0).leaves(0);
        report(senderRefusal);
    }

    /** One command, never throwing: a failure refuses that command's order (named in the log once) and the sending thread goes on. */
    private ControlledMessageHandler.Action send(int kind, org.agrona.MutableDirectBuffer buffer, int index, int length) {
        try {
            return sendOne(kind, buffer, index, length);
        } catch (RuntimeException e) {
            commandFailures++;
            lastProblem = "a " + (kind == PLACE ? "new order" : kind == CANCEL ? "cancel" : kind == REPLACE ? "replace" : "request")
                    + " could not be sent (" + e + "): refused; the sending thread goes on";
            failRound(roundOf(kind, buffer, index, length), "a reconciliation query could not be sent (" + e + "): reconciliation not finished");
            if (kind == PLACE || kind == CANCEL || kind == REPLACE) {
                try {
                    refuse(senderRefusal, senderState, kind, buffer.getLong(index), kind == REPLACE ? buffer.getLong(index + 16) : 0,
                            buffer.getInt(index + 8), null, RejectReason.OTHER, "could not be sent: " + e.getClass().getSimpleName());
                } catch (RuntimeException again) {
                    // the report itself failed: counted above, said in the log
                }
            }
            return ControlledMessageHandler.Action.CONTINUE;
        }
    }

    private ControlledMessageHandler.Action sendOne(int kind, org.agrona.MutableDirectBuffer buffer, int index, int length) {
        long orderLimit = kind == PLACE || kind == REPLACE ? 1 : 0;
        int weight = weightOf(kind);
        if (orderLimit > 0 && limits.waitMs(RateLimits.ORDERS, 1, nowMs) > 0 || limits.waitMs(RateLimits.REQUEST_WEIGHT, weight, nowMs) > 0) {
            throttled++;
            return ControlledMessageHandler.Action.ABORT; // stays queued: sent when the window allows
        }
        long id = nextRequestId++;
        if (kind == SUBSCRIBE) {
            int slot = (int) (id & (PENDING - 1));
            pendingKind[slot] = SUBSCRIBE;
            pendingLink[slot] = linksLost;
            pendingSentMs[slot] = nowMs;
            pendingId.lazySet(slot, id);
            if (transport.send(requests.buffer(), requests.subscribeUserData(id, nowMs))) {
                sent++;
                limits.spend(RateLimits.REQUEST_WEIGHT, weight, nowMs);
            } else {
                pendingId.set(slot, 0);
            }
            return ControlledMessageHandler.Action.CONTINUE;
        }
        long clientId = buffer.getLong(index);
        int symbolId = buffer.getInt(index + 8);
        SymbolInfo s = symbols.symbol(symbolId);
        if (s == null) {
            long round = roundOf(kind, buffer, index, length);
            if (round != 0) failRound(round, "symbol " + symbolId + " is not registered: reconciliation not finished");
            refuse(senderRefusal, senderState, kind, clientId, 0, symbolId, null, RejectReason.UNKNOWN_SYMBOL, "symbol " + symbolId + " is not registered");
            return ControlledMessageHandler.Action.CONTINUE;
        }
        int n;
        Side side = null;
        long newId = 0;
        switch (kind) {
            case PLACE:
                side = SIDES[buffer.getByte(index + 12)];
                order.clear().clientOrderId(clientId).symbolId(symbolId).side(side).orderType(TYPES[buffer.getByte(index + 13)])
                        .timeInForce(TIFS[buffer.getByte(index + 14)]).priceScaled(buffer.getLong(index + 16))
                        .quantityScaled(buffer.getLong(index + 24)).stopPriceScaled(buffer.getLong(index + 32));
                n = requests.place(id, order, s.symbol(), s.priceScale(), s.quantityScale(), nowMs);
                break;
            case CANCEL:
                n = requests.cancel(id, s.symbol(), clientId, nowMs);
                break;
            case REPLACE: {
                newId = buffer.getLong(index + 16);
                OrderState state = senderState;
                if (!tracker.read(clientId, state)) {
                    refuse(senderRefusal, senderState, kind, clientId, newId, symbolId, null, RejectReason.UNKNOWN_ORDER, "replace of an order the tracker does not hold");
                    return ControlledMessageHandler.Action.CONTINUE;
                }
                side = state.side();
                long remaining = buffer.getLong(index + 32) - state.filledQuantityScaled();
                if (remaining <= 0) {
                    refuse(senderRefusal, senderState, kind, clientId, newId, symbolId, side, RejectReason.INVALID_QUANTITY, "the new total is not above what is filled");
                    return ControlledMessageHandler.Action.CONTINUE;
                }
                if (!replaces.add(clientId, newId, buffer.getLong(index + 32), state.filledQuantityScaled())) {
                    refuse(senderRefusal, senderState, kind, clientId, newId, symbolId, side, RejectReason.BACK_PRESSURED,
                            Replaces.CAPACITY + " replaces already in flight");
                    return ControlledMessageHandler.Action.CONTINUE;
                }
                n = requests.cancelReplace(id, s.symbol(), clientId, newId, side, state.orderType(), state.timeInForce(), buffer.getLong(index + 24),
                        remaining, state.stopPriceScaled(), s.priceScale(), s.quantityScale(), nowMs);
                break;
            }
            case STATUS:
                n = requests.status(id, s.symbol(), clientId, nowMs);
                break;
            case OPEN_ORDERS:
                n = requests.openOrders(id, s.symbol(), nowMs);
                break;
            case CANCEL_FOREIGN:
                n = requests.cancelVenueOrder(id, s.symbol(), clientId, nowMs);
                break;
            case MY_TRADES:
                n = requests.myTrades(id, s.symbol(), buffer.getLong(index + 16), nowMs);
                break;
            case RECENT_TRADES: {
                boolean byTime = (buffer.getInt(index + 12) & BY_TIME) != 0;
                // no trade of the symbol delivered: from the first subscription (or now, before its answer), at most 24 h back
                long since = userDataSinceMs > 0 ? userDataSinceMs : nowMs; // nowMs is on the venue's clock
                long startMs = byTime ? Math.max(since, nowMs - 24L * 3_600_000 + 60_000) : 0;
                n = requests.recentTrades(id, s.symbol(), byTime ? 0 : clientId, startMs, RECENT_TRADES_PAGE, nowMs);
                break;
            }
            case TRADE_ORDER:
                n = requests.statusOfVenueOrder(id, s.symbol(), clientId, nowMs);
                break;
            default:
                return ControlledMessageHandler.Action.CONTINUE;
        }
        int slot = (int) (id & (PENDING - 1));
        pendingKind[slot] = kind;
        pendingOrder[slot] = clientId;
        pendingNewOrder[slot] = newId;
        pendingSymbol[slot] = symbolId;
        pendingSide[slot] = side;
        pendingReask[slot] = kind == STATUS && buffer.getLong(index + 16) != 0;
        pendingFlags[slot] = kind == STATUS || kind == MY_TRADES || kind == TRADE_ORDER ? buffer.getInt(index + 12) : 0;
        pendingVenueOrder[slot] = kind == MY_TRADES ? buffer.getLong(index + 16) : 0;
        pendingRound[slot] = roundOf(kind, buffer, index, length);
        pendingSentMs[slot] = nowMs;
        pendingLink[slot] = linksLost;
        pendingId.lazySet(slot, id); // after the fields: a reply read on another thread sees them
        if (!transport.send(requests.buffer(), n)) {
            pendingId.set(slot, 0);
            if (pendingRound[slot] != 0) failRound(pendingRound[slot], s.symbol() + ": a reconciliation query could not be sent (not connected)");
            refuse(senderRefusal, senderState, kind, clientId, newId, symbolId, side, RejectReason.VENUE_UNAVAILABLE, "not connected to the WebSocket API");
            return ControlledMessageHandler.Action.CONTINUE;
        }
        sent++;
        limits.spend(RateLimits.REQUEST_WEIGHT, weight, nowMs);
        if (kind == PLACE || kind == REPLACE) limits.spend(RateLimits.ORDERS, 1, nowMs);
        return ControlledMessageHandler.Action.CONTINUE;
    }

    /** Subscribes this connection to the account's user data (after each connect); any thread. */
    public synchronized boolean subscribeUserData() {
        subscribed = false;
        subscriptionRefused = false;
        for (int i = 0; i < TRADE_MARKS; i++) { // a new link (or a new subscription): what the earlier ones delivered; this one's start unknown yet
            deliveredBeforeLink.set(i, lastTradeId.get(i));
            firstOnLink.set(i, 0);
        }
        int at = commands.tryClaim(SUBSCRIBE, 4);
        if (at < 0) return false;
        commands.commit(at);
        return true;
    }

    /** True when the venue refused this connection's user-data subscription (until it is asked again). */
    public boolean subscriptionRefused() {
        return subscriptionRefused;
    }

    /** True once the venue confirmed the user-data subscription of this connection. */
    public boolean isSubscribed() {
        return subscribed;
    }

    /** New orders and replaces may go: this connection's user data is subscribed and its reconciliation done. Any thread. */
    public boolean isReady() {
        return subscribed && isReconciled();
    }

    /**
     * The API connection is gone (its receiving thread): no new order or replace is taken until
     * the next connection has subscribed and reconciled. The round in progress ends (its late
     * answers are ignored); the next connect starts a new one.
     */
    public synchronized void onConnectionLost() {
        linksLost++; // single writer (synchronized): requests of the lost connection are no longer awaited
        subscribed = false;
        reconcileGeneration++;
        reconcileRemaining.set(-1);
    }

    /**
     * Starts reconciliation after a (re)connect: asks the venue's view of each order the tracker
     * holds open, then each symbol's open orders and recent trades. Orders this run did not place
     * are canceled, adopted or left (the foreign-order policy); ours the tracker has ended but the
     * venue lists open are queried. Until every answer is in, and every query they led to
     * (order.status, myTrades, whose order a missed trade was) is answered and applied,
     * {@link #isReconciled} is false (the venue is not LIVE). Any thread; allocates.
     */
    public synchronized boolean reconcile(int[] symbolIds) {
        reconcileRemaining.set(-1); // not reconciled from here on: no order is taken while the round is set up
        long generation = ++reconcileGeneration;
        reconcileFailure = null;
        reconcileRetries.set(0);
        reconcileStartedMs = System.currentTimeMillis();
        long[] ids = new long[Math.max(16, tracker.openOrderCount())];
        int statusQueries = 0;
        for (int symbolId : symbolIds) {
            int n = Math.min(tracker.openOrders(symbolId, ids), ids.length);
            for (int i = 0; i < n; i++) {
                if (!enqueueQuery(STATUS, symbolId, ids[i], 0, 0, generation)) {
                    reconcileFailure = "the order.status queries of the " + tracker.openOrderCount() + " open orders did not fit the command "
                            + "queue (order.queue.bytes " + commands.capacity() + ")";
                    return false;
                }
                statusQueries++;
            }
        }
        int marked = 0;
        for (int symbolId : symbolIds) if (symbolId >= 0 && symbolId < TRADE_MARKS) marked++;
        if (marked < symbolIds.length && !unmarkedSaid) {
            unmarkedSaid = true;
            lastProblem = (symbolIds.length - marked) + " symbol(s) with an id of " + TRADE_MARKS + " or more: their trades the user-data stream "
                    + "missed are not asked at reconciliation (said once)";
        }
        // no symbol yet (exchangeInfo not read): not reconciled until called again with them; open orders and recent trades a symbol
        reconcileRemaining.set(symbolIds.length == 0 ? -1 : symbolIds.length + marked + statusQueries);
        for (int symbolId : symbolIds) {
            if (!enqueue(OPEN_ORDERS, symbolId, generation)) {
                reconcileFailure = "the open-orders queries did not fit the command queue";
                return false;
            }
            if (symbolId < 0 || symbolId >= TRADE_MARKS) continue;
            long last = deliveredBeforeLink.get(symbolId);
            if (!enqueueQuery(RECENT_TRADES, symbolId, last > 0 ? last + 1 : 0, last > 0 ? 0 : BY_TIME, 0, generation)) {
                reconcileFailure = "the recent-trades queries did not fit the command queue";
                return false;
            }
        }
        return true;
    }

    /** True once every query of the last {@link #reconcile}, and every query its answers led to, was answered and applied. */
    public boolean isReconciled() {
        // the failure first: a new round clears it only after setting the count to -1, so no mix of two rounds reads as done
        return reconcileFailure == null && reconcileRemaining.get() == 0;
    }

    /** Why reconciliation has not finished: null when it has, or while it is under way. */
    public String reconcileFailure() {
        return reconcileFailure;
    }

    /** The foreign-order policy: true cancels open orders this run did not place (the default), false leaves them (counted, said once). */
    public void cancelForeignOrders(boolean cancel) {
        this.cancelForeign = cancel;
        if (cancel) adoptForeignOrders(false);
    }

    /**
     * The foreign-order policy {@code adopt}: open orders this run did not place are tracked
     * (owned by no strategy) under {@link BinanceClientIds#adoptedId}, their later reports
     * applied and published like ours, and a cancel of one goes by the venue's order id; they
     * cannot be replaced. Set before the connection starts.
     */
    public void adoptForeignOrders(boolean adopt) {
        this.adoptForeign = adopt;
        userData.adopting(adopt);
        if (adopt) cancelForeign = false;
    }

    /**
     * Tracks another's open order as the venue shows it ({@code view}: id, symbol, side, price,
     * quantity, cumulative fill, the venue's status). True when tracked (now or already); a
     * refusal (tracker full, a view it cannot take) is said, and fails reconciliation when
     * {@code reconciling}: risk would not see that order. Receiving thread.
     */
    private boolean adopt(ExecutionEvent view, long round) {
        TrackerResult r = tracker.adopt(view);
        if (r.isApplied()) {
            foreignAdopted++;
            return true;
        }
        if (r == TrackerResult.REFUSED_DUPLICATE_ORDER_ID) return true;
        String why = "order " + view.exchangeOrderId() + " (not placed by this run) could not be adopted: the tracker said " + r
                + "; risk does not see it";
        lastProblem = why;
        failRound(round, why + ": reconciliation not finished, orders refused");
        return false;
    }

    /** Asks the venue for an order's state (after an unknown outcome, or on reconnect); from the receiving or sending thread. */
    public boolean queryStatus(int symbolId, long clientOrderId) {
        return enqueueStatus(symbolId, clientOrderId, 0);
    }

    private boolean enqueueStatus(int symbolId, long clientOrderId, long notBeforeMs) {
        return enqueue24(STATUS, symbolId, clientOrderId, 0, notBeforeMs);
    }

    /** A query record outside any reconciliation round ({@link #STATUS_LENGTH} bytes; the name is older than the round field). */
    private boolean enqueue24(int kind, int symbolId, long clientOrderId, int flags, long last) {
        return enqueueQuery(kind, symbolId, clientOrderId, flags, last, 0);
    }

    /** A query record ({@link #STATUS_LENGTH} bytes) of reconciliation round {@code round} (0: none). */
    private boolean enqueueQuery(int kind, int symbolId, long clientOrderId, int flags, long last, long round) {
        int at = commands.tryClaim(kind, STATUS_LENGTH);
        if (at < 0) return false;
        commands.buffer().putLong(at, clientOrderId);
        commands.buffer().putInt(at + 8, symbolId);
        commands.buffer().putInt(at + 12, flags);
        commands.buffer().putLong(at + 16, last);
        commands.buffer().putLong(at + 24, round);
        commands.commit(at);
        return true;
    }

    /** The reconciliation round a queued record belongs to: OPEN_ORDERS carry it in place of a client id, queries last; 0 for none. */
    private static long roundOf(int kind, org.agrona.DirectBuffer buffer, int index, int length) {
        if (kind == OPEN_ORDERS) return buffer.getLong(index);
        return (kind == STATUS || kind == MY_TRADES || kind == RECENT_TRADES || kind == TRADE_ORDER) && length >= STATUS_LENGTH
                ? buffer.getLong(index + 24) : 0;
    }

    // A round's count and failure change under this object's lock, as reconcile() and onConnectionLost() start and end rounds:
    // an answer of a round that has just been replaced neither spends nor fails the new one.

    /** One more query awaited by round {@code round}: returns the round to tag it with, or 0 when that round is over (not awaited). */
    private synchronized long roundAdd(long round) {
        if (round == 0 || round != reconcileGeneration || reconcileRemaining.get() <= 0) return 0;
        reconcileRemaining.incrementAndGet();
        return round;
    }

    /** A query of round {@code round} is answered and handled; the last one ends the round (reconciled unless it failed). */
    private synchronized void roundDone(long round) {
        roundDone(round, epochMsOfReply);
    }

    /** As {@link #roundDone(long)} at wall-clock {@code atMs} (the sending thread's time, not the reply's). */
    private synchronized void roundDone(long round, long atMs) {
        if (round == 0 || round != reconcileGeneration) return;
        if (reconcileRemaining.decrementAndGet() == 0) lastReconciledMs = atMs;
    }

    /**
     * A round not finished {@link #ROUND_TIMEOUT_MS} plus twice the recvWindow after it started (an answer that never came, one that
     * could not be read, a query held behind limits) fails, so that it is tried again; true when
     * it failed now. The market-data connection's tick; any thread.
     */
    public boolean failStalledRound(long nowMs) {
        return failStalledRound(nowMs, ROUND_TIMEOUT_MS + 2L * requests.recvWindowMs());
    }

    /** A round waits this long, plus twice the recvWindow (a -2013 is asked again after one), before it fails as stalled. */
    static final long ROUND_TIMEOUT_MS = 60_000;

    synchronized boolean failStalledRound(long nowMs, long timeoutMs) {
        int remaining = reconcileRemaining.get();
        // timed from the start, or from the end of a ban or timed 429 that held the round's queries back
        long since = Math.max(reconcileStartedMs, quietUntilMs() - venueClockOffsetMs); // on our clock
        if (remaining <= 0 || reconcileFailure != null || nowMs - since < timeoutMs) return false;
        reconcileFailure = "the reconciliation round had " + remaining + " answer(s) outstanding after " + timeoutMs / 1000
                + " s: not finished, orders refused until a round succeeds (tried again after a pause)";
        lastProblem = reconcileFailure;
        return true;
    }

    /** Round {@code round} cannot finish ({@code why}): not LIVE until a round succeeds. Also the last problem. */
    private synchronized void failRound(long round, String why) {
        if (round == 0 || round != reconcileGeneration) return;
        reconcileFailure = why;
        lastProblem = why;
    }

    // ------------------------------------------------------------------ receiving thread

    /** A reply of the WebSocket API (not a user-data event: see {@link WsApiResponse#isEvent}). */
    public void onReply(byte[] buf, int start, int end, long epochMs, long receiveNs) throws IOException {
        reply.decode(buf, start, end, limits, epochMs);
        epochMsOfReply = epochMs;
        int slot = (int) (reply.id & (PENDING - 1));
        if (reply.id <= 0 || pendingId.get(slot) != reply.id) {
            unmatchedReplies++;
            return;
        }
        pendingId.set(slot, 0);
        int kind = pendingKind[slot];
        // any request's timestamp outside recvWindow (a subscription's, a reconciliation query's too): the connection syncs its clock again
        if (reply.errorCode == -1021) timeResyncWanted = true;
        if (kind == SUBSCRIBE) {
            subscribed = reply.status == 200;
            subscriptionRefused = !subscribed;
            if (subscribed && userDataSinceMs == 0) userDataSinceMs = epochMs + venueClockOffsetMs;
            if (!subscribed) lastProblem = "user-data subscription refused: " + reply.status + " " + reply.errorCode + " " + reply.msg;
            return;
        }
        if (kind == OPEN_ORDERS) {
            openOrders(slot);
            return;
        }
        if (kind == RECENT_TRADES) {
            recentTrades(slot);
            return;
        }
        if (kind == TRADE_ORDER) {
            tradeOrder(slot, receiveNs);
            return;
        }
        if (kind == CANCEL_FOREIGN) {
            if (reply.status == 200) foreignCanceled++;
            else lastProblem = "order " + pendingOrder[slot] + " (not placed by this run) could not be canceled: " + reply.status + " "
                    + reply.errorCode + " " + reply.msg + "; it stays open at the venue";
            return;
        }
        long round = pendingRound[slot]; // a reconciliation's query: the round waits until its answer (and what it led to) is applied
        if (kind == STATUS && reply.status == 200) {
            if (!restate(pendingOrder[slot], pendingSymbol[slot], (pendingFlags[slot] & RESTATE_ONLY) != 0, round, receiveNs)) roundDone(round);
            return;
        }
        if (kind == MY_TRADES) {
            if (reply.status == 200) recoverFills(pendingOrder[slot], pendingSymbol[slot], pendingVenueOrder[slot], receiveNs);
            else lastProblem = "myTrades of order " + pendingOrder[slot] + " refused (" + reply.status + " " + reply.errorCode + " " + reply.msg
                    + "): its missed fills are taken from order.status without prices";
            // then the order's state as the venue has it
            if (!enqueueQuery(STATUS, pendingSymbol[slot], pendingOrder[slot], RESTATE_ONLY, 0, round)) {
                lastProblem = "order " + pendingOrder[slot] + ": its order.status after myTrades did not fit the command queue";
                failRound(round, lastProblem + ": reconciliation not finished");
            }
            return;
        }
        if (kind == STATUS && reply.errorCode == -2013 && !pendingReask[slot]) {
            // the venue has no such order yet: a request still in flight may reach it within its recvWindow; asked once more after that
            long notBefore = pendingSentMs[slot] + requests.recvWindowMs() + 1_000;
            if (enqueueQuery(STATUS, pendingSymbol[slot], pendingOrder[slot], pendingFlags[slot], notBefore, round)) {
                notYetSeen++;
                return;
            }
        }
        if (kind == STATUS && reply.errorCode == -2013) { // asked again after the window: a place whose outcome was unknown did not happen
            int r = replaces.isEmpty() ? -1 : replaces.byNew(pendingOrder[slot]);
            if (r >= 0) { // the new order of a replace whose outcome was unknown: the replace did not happen
                replaceRejected(r, pendingSymbol[slot], RejectReason.VENUE_REJECT, "the venue has no such order (-2013): the replace did not happen", receiveNs);
            } else {
                refuse(replyRefusal, replyState, PLACE, pendingOrder[slot], 0, pendingSymbol[slot], null, RejectReason.VENUE_REJECT,
                        "the venue has no such order (-2013): it was not placed");
            }
            roundDone(round);
            return;
        }
        if (kind == REPLACE && reply.status != 200) {
            int r = replaces.byOrig(pendingOrder[slot]);
            BinanceErrors.Outcome o = BinanceErrors.outcome(reply.status, reply.errorCode);
            if (o == BinanceErrors.Outcome.UNKNOWN) { // it may have happened: the user-data stream will say, or the queries
                unknownOutcomes++;
                queryStatus(pendingSymbol[slot], pendingOrder[slot]);
                queryStatus(pendingSymbol[slot], pendingNewOrder[slot]);
                return;
            }
            limited(o);
            refusedRequests++;
            if (r >= 0) {
                boolean oldCanceled = reply.errorCode == -2021; // 409: the cancel succeeded, the new order failed
                long oldFinal = replaces.carriedFinal(r);
                replaceRejected(r, pendingSymbol[slot], BinanceErrors.reason(reply.status, reply.errorCode, reply.msg), reply.msg, receiveNs);
                if (oldCanceled && oldFinal >= 0) { // its CANCELED came first and was held for the REPLACED that will not be: apply it now
                    replaceReport.reset(ExecType.CANCELED, pendingOrder[slot], pendingSymbol[slot], sideOf(pendingOrder[slot]))
                            .fill(0, 0, oldFinal).leaves(0).timestamps(0, receiveNs);
                    report(replaceReport);
                }
                return;
            }
        }
        if (reply.status == 200) return; // accepted: the user-data stream reports what becomes of the order
        BinanceErrors.Outcome outcome = BinanceErrors.outcome(reply.status, reply.errorCode);
        if (outcome == BinanceErrors.Outcome.UNKNOWN && kind != STATUS) {
            unknownOutcomes++;
            queryStatus(pendingSymbol[slot], pendingOrder[slot]); // the order stays pending until the venue says
            return;
        }
        if (kind == STATUS && round != 0 && round == reconcileGeneration && mayAskAgain(outcome)
                && enqueueQuery(STATUS, pendingSymbol[slot], pendingOrder[slot], pendingFlags[slot], pendingReask[slot] ? -1 : 0, round)) {
            return; // a reconciliation's query with an unknown outcome: asked again (at most RECONCILE_RETRIES a round)
        }
        limited(outcome);
        if (kind == STATUS) { // a query refused: the order stays as the tracker has it; a round that waited for it fails (tried again)
            failRound(round, "order.status of order " + pendingOrder[slot] + " refused (" + reply.status + " " + reply.errorCode + " " + reply.msg
                    + "): reconciliation not finished, orders refused until a round succeeds");
            return;
        }
        refusedRequests++;
        refuse(replyRefusal, replyState, kind, pendingOrder[slot], pendingNewOrder[slot], pendingSymbol[slot], pendingSide[slot],
                BinanceErrors.reason(reply.status, reply.errorCode, reply.msg), reply.msg);
    }

    /**
     * A 429 or 418 reply: the venue state says so; a ban (418), and a 429 that names its
     * retryAfter, also stop all sending until then (a 418 without a time: {@value #DEFAULT_BAN_MS}
     * ms, Binance's shortest ban). A 429 of the order count without a time is left to the order
     * window, which holds new orders but lets cancels go. Receiving thread.
     */
    private void limited(BinanceErrors.Outcome o) {
        long until;
        if (o == BinanceErrors.Outcome.RATE_LIMITED) {
            venue.rateLimited(reply.retryAfterMs, reply.msg);
            until = reply.retryAfterMs;
        } else if (o == BinanceErrors.Outcome.BANNED) {
            venue.banned(reply.retryAfterMs, reply.msg);
            until = reply.retryAfterMs > 0 ? reply.retryAfterMs : lastWorkMs + DEFAULT_BAN_MS;
        } else {
            return;
        }
        if (lastWorkMs > 0) until = Math.min(until, lastWorkMs + MAX_QUIET_MS); // a far-future retryAfter is not believed past 3 days
        if (until > quietUntilMs) quietUntilMs = until;
        limits.quietUntil(until - venueClockOffsetMs); // the IP's, on our clock (the shared view's): REST requests wait too
    }

    /**
     * A symbol's open orders at the venue (reconciliation): ours the tracker does not hold open are
     * queried (their state corrected from the answer); the others are foreign, canceled or left
     * by the policy and named in the log. A refused query fails reconciliation (not LIVE until
     * the next connect); an unknown outcome asks again.
     */
    private void openOrders(int slot) {
        int symbolId = pendingSymbol[slot];
        long generation = pendingRound[slot];
        if (generation != reconcileGeneration) return; // a round since replaced: the current one asks and counts for itself
        String name = symbolName(symbolId);
        if (reply.status != 200) {
            BinanceErrors.Outcome o = BinanceErrors.outcome(reply.status, reply.errorCode);
            if (mayAskAgain(o) && enqueue(OPEN_ORDERS, symbolId, generation)) return; // asked again
            limited(o);
            failRound(generation, name + ": the open-orders query was refused (" + reply.status + " " + reply.errorCode + " " + reply.msg
                    + "): reconciliation not finished, orders refused until a round succeeds (tried again after a pause)");
            return;
        }
        int foreign = 0;
        int unadopted = 0;
        StringBuilder named = null;
        for (int i = 0; i < reply.listed; i++) {
            long ours = requests.ids().parse(reply.listedClientOrderId(i, listedId));
            if (ours != BinanceClientIds.NOT_OURS && tracker.read(ours, replyState)) {
                if (replyState.status().isTerminal()) askInRound(symbolId, ours, generation); // open there, ended here: the venue's view applies
                continue;
            } // one of ours the tracker no longer holds (evicted as ended): nothing could correct it; the policy takes it as foreign
            long adoptedId = adoptForeign ? BinanceClientIds.adoptedId(symbolId, reply.listedOrderId(i)) : BinanceClientIds.NOT_OURS;
            if (adoptedId != BinanceClientIds.NOT_OURS && tracker.read(adoptedId, replyState)) { // adopted before: its state asked again
                if (replyState.status().isTerminal()) askInRound(symbolId, adoptedId, generation);
                continue;
            }
            foreign++;
            foreignOpen++;
            if (named == null) named = new StringBuilder();
            if (foreign <= 5) named.append(foreign > 1 ? ", " : "").append(reply.listedOrderId(i)).append(" '").append(listedId).append('\'');
            if (cancelForeign && reply.listedOrderId(i) > 0) enqueue(CANCEL_FOREIGN, symbolId, reply.listedOrderId(i));
            if (adoptForeign && !adoptListed(i, symbolId, adoptedId, generation)) unadopted++; // said; the rest of the listing is still handled
        }
        if (reply.listedTotal > reply.listed) {
            failRound(generation, name + ": " + reply.listedTotal + " open orders, more than the " + WsApiResponse.MAX_LISTED
                    + " reconciliation reads: not finished, orders refused");
            return;
        }
        if (foreign > 0) {
            lastProblem = name + ": " + foreign + " open order(s) at the venue not placed by this run (order id 'client id': " + named
                    + (foreign > 5 ? ", ..." : "") + "): " + (cancelForeign ? "canceling them (foreign.orders = cancel)"
                    : adoptForeign ? (unadopted == 0 ? "adopted: tracked, owned by no strategy (foreign.orders = adopt)"
                            : (foreign - unadopted) + " adopted, " + unadopted + " could not be (" + reconcileFailure + ")")
                    : "left open and not tracked: risk does not see them (foreign.orders = ignore)");
        }
        if (unadopted > 0) return; // reconcileFailure says which: not reconciled, not LIVE
        roundDone(generation);
    }

    /** An order.status the round waits for: asked with the round's tag; a full queue fails the round. */
    private void askInRound(int symbolId, long clientId, long generation) {
        long round = roundAdd(generation);
        if (round != 0 && !enqueueQuery(STATUS, symbolId, clientId, 0, 0, round)) {
            failRound(round, symbolName(symbolId) + ": the order.status query of order " + clientId + " did not fit the command queue: "
                    + "reconciliation not finished");
        }
    }

    /**
     * A symbol's trades past the last one the user-data stream delivered (reconciliation): each
     * is counted as missed; one of an order the tracker holds open is recovered by that order's
     * own queries; for any other the order is asked by its venue id (whose it was). A full page
     * asks the next; a refused query fails the round (not LIVE until a round succeeds).
     */
    private void recentTrades(int slot) {
        int symbolId = pendingSymbol[slot];
        long generation = pendingRound[slot];
        if (generation != reconcileGeneration) return; // a round since replaced
        String name = symbolName(symbolId);
        if (reply.status != 200) {
            BinanceErrors.Outcome o = BinanceErrors.outcome(reply.status, reply.errorCode);
            long from = pendingOrder[slot];
            if (mayAskAgain(o) && enqueueQuery(RECENT_TRADES, symbolId, from, from > 0 ? 0 : BY_TIME, 0, generation)) return;
            limited(o);
            failRound(generation, name + ": the recent-trades query was refused (" + reply.status + " " + reply.errorCode + " " + reply.msg
                    + "): reconciliation not finished, orders refused until a round succeeds (tried again after a pause)");
            return;
        }
        // this connection's stream delivers from its first trade on, and its reports come before this reply (one ordered link)
        long firstNew = firstOnLink.get(symbolId);
        int open = Math.min(tracker.openOrders(symbolId, openIds), openIds.length);
        for (int i = 0; i < open; i++) openVenueIds[i] = tracker.read(openIds[i], replyState) ? replyState.exchangeOrderId() : 0;
        int asked = 0;
        long lastListed = 0;
        for (int i = 0; i < reply.listed; i++) {
            long tradeId = reply.listedTradeId(i);
            long venueOrderId = reply.listedOrderId(i);
            lastListed = Math.max(lastListed, tradeId);
            if (firstNew > 0 && tradeId >= firstNew) continue; // this connection's stream delivered it
            missedTrades++;
            if (onOpenOrder(venueOrderId, open) || (adoptForeign && tracker.read(BinanceClientIds.adoptedId(symbolId, venueOrderId), replyState))) {
                continue; // a tracked order's own status query (queued before) recovers its fills
            }
            int j = 0;
            while (j < asked && askedVenueIds[j] != venueOrderId) j++;
            if (j < asked) continue;
            askedVenueIds[asked++] = venueOrderId;
            int trades = 0;
            for (int k = i; k < reply.listed; k++) {
                if (reply.listedOrderId(k) == venueOrderId && (firstNew == 0 || reply.listedTradeId(k) < firstNew)) trades++;
            }
            long round = roundAdd(generation);
            if (round != 0 && !enqueueQuery(TRADE_ORDER, symbolId, venueOrderId, trades, 0, round)) {
                failRound(round, "order " + venueOrderId + " of " + name + " traded " + trades + " time(s) while the user-data stream was down "
                        + "and could not be asked whose it is (the command queue is full): reconciliation not finished");
            }
        }
        if (lastListed > lastTradeId.get(symbolId)) lastTradeId.lazySet(symbolId, lastListed); // counted: the next round asks past it
        if (reply.listedTotal >= RECENT_TRADES_PAGE && lastListed > 0) { // a full page: the rest from the next trade id
            if (enqueueQuery(RECENT_TRADES, symbolId, lastListed + 1, 0, 0, generation)) return;
            failRound(generation, name + ": the next page of recent trades did not fit the command queue: reconciliation not finished");
            return;
        }
        roundDone(generation);
    }

    /** An unknown outcome of a reconciliation query, within this round's {@link #RECONCILE_RETRIES}: ask it again. */
    private boolean mayAskAgain(BinanceErrors.Outcome o) {
        return o == BinanceErrors.Outcome.UNKNOWN && reconcileRetries.incrementAndGet() <= RECONCILE_RETRIES;
    }

    /** The symbol's venue name, or "symbol N" when the registry does not hold it (for messages). */
    private String symbolName(int symbolId) {
        SymbolInfo s = symbols.symbol(symbolId);
        return s == null ? "symbol " + symbolId : s.symbol();
    }

    private boolean onOpenOrder(long venueOrderId, int open) {
        for (int i = 0; i < open; i++) if (openVenueIds[i] == venueOrderId && venueOrderId > 0) return true;
        return false;
    }

    /**
     * Whose order a missed trade was (an {@code order.status} by the venue's id): one of ours the
     * tracker holds is corrected from the answer; another's is counted and said (risk did not
     * see it). The round waits for it; a refusal fails the round (asked again with it).
     */
    private void tradeOrder(int slot, long receiveNs) {
        long venueOrderId = pendingOrder[slot];
        int symbolId = pendingSymbol[slot];
        long round = pendingRound[slot];
        String name = symbolName(symbolId);
        if (reply.status != 200) {
            BinanceErrors.Outcome o = BinanceErrors.outcome(reply.status, reply.errorCode);
            if (round != 0 && round == reconcileGeneration && mayAskAgain(o) && enqueueQuery(TRADE_ORDER, symbolId, venueOrderId, pendingFlags[slot], 0, round)) return;
            limited(o);
            String why = "order " + venueOrderId + " of " + name + " traded while the user-data stream was down and could not be asked whose it is ("
                    + reply.status + " " + reply.errorCode + " " + reply.msg + ")";
            lastProblem = why;
            failRound(round, why + ": reconciliation not finished, orders refused until a round succeeds");
            return;
        }
        long ours = requests.ids().parse(reply.clientOrderId);
        if (ours == BinanceClientIds.NOT_OURS && adoptForeign) {
            long adopted = BinanceClientIds.adoptedId(symbolId, venueOrderId);
            if (tracker.read(adopted, replyState)) ours = adopted;
        }
        if (ours != BinanceClientIds.NOT_OURS) {
            if (tracker.read(ours, replyState)) {
                if (restate(ours, symbolId, false, round, receiveNs)) return; // its trades asked first: the round waits for them
            } else {
                lastProblem = "order " + venueOrderId + " of " + name + " (client id '" + reply.clientOrderId + "', this run's) traded while the "
                        + "user-data stream was down, and the tracker no longer holds it: its fills are not in the tracker";
            }
            roundDone(round);
            return;
        }
        missedForeignTrades += pendingFlags[slot];
        lastProblem = "order " + venueOrderId + " of " + name + " (client id '" + reply.clientOrderId + "'), not placed by this run, traded "
                + pendingFlags[slot] + " time(s) while the user-data stream was down (now " + reply.orderStatus + ", executed " + reply.executedQty
                + " of " + reply.origQty + "): risk and the tracker did not see it; the account's position differs by that much";
        roundDone(round);
    }

    /** Adopts listed order {@code i} of an open-orders answer under {@code adoptedId}; false when it could not (said). */
    private boolean adoptListed(int i, int symbolId, long adoptedId, long round) {
        SymbolInfo s = symbols.symbol(symbolId);
        Side side = eq(reply.listedText(i, WsApiResponse.SIDE, listedText), "BUY") ? Side.BUY
                : eq(listedText, "SELL") ? Side.SELL : null;
        flox.api.order.OrderStatus status = venueStatus(reply.listedText(i, WsApiResponse.STATUS, listedText));
        long price = s == null ? -1 : flox.api.num.FixedPoint.parse(reply.listedText(i, WsApiResponse.PRICE, listedText), s.priceScale());
        long quantity = s == null ? -1 : flox.api.num.FixedPoint.parse(reply.listedText(i, WsApiResponse.ORIG_QTY, listedText), s.quantityScale());
        long filled = s == null ? -1 : flox.api.num.FixedPoint.parse(reply.listedText(i, WsApiResponse.EXECUTED_QTY, listedText), s.quantityScale());
        if (adoptedId == BinanceClientIds.NOT_OURS || side == null || status == null || status.isTerminal() || price == flox.api.num.FixedPoint.INVALID
                || quantity == flox.api.num.FixedPoint.INVALID || filled == flox.api.num.FixedPoint.INVALID || price < 0) {
            String why = "order " + reply.listedOrderId(i) + " (not placed by this run) could not be adopted: its listing lacks a side, an open "
                    + "status, a price or quantities at the symbol's scale, or its ids do not fit an adopted id; risk does not see it";
            lastProblem = why;
            failRound(round, why + ": reconciliation not finished, orders refused");
            return false;
        }
        adoption.reset(ExecType.RESTATED, adoptedId, symbolId, side).venueStatus(status).order(price, quantity).fill(0, 0, filled)
                .exchangeOrderId(reply.listedOrderId(i)).timestamps(0, System.nanoTime());
        return adopt(adoption, round);
    }

    /** A user-data event: an executionReport is applied by the report rule; others are counted. */
    public void onUserData(byte[] buf, int start, int end, long receiveNs) throws IOException {
        int r = userData.decode(buf, start, end, receiveNs);
        switch (r) {
            case ExecutionReportDecoder.REPORT:
                ExecutionEvent e = userData.event;
                markDelivered(e.symbolId(), e.execId());
                if (BinanceClientIds.isAdopted(e.clientOrderId()) && !tracker.read(e.clientOrderId(), replyState)) {
                    adoptFromStream(e); // another's order first seen on the stream (foreign.orders = adopt)
                } else if (replaces.isEmpty() || !mapReplace(e, receiveNs)) {
                    report(e);
                }
                break;
            case ExecutionReportDecoder.SERVER_SHUTDOWN:
                shutdownAnnounced = true;
                break;
            case ExecutionReportDecoder.NOT_OURS:
                notOurs++;
                markDelivered(userData.foreignSymbolId(), userData.tradeId());
                boolean cancelIt = cancelForeign && userData.foreignIsOpen() && userData.foreignSymbolId() >= 0;
                if (cancelIt) enqueue(CANCEL_FOREIGN, userData.foreignSymbolId(), userData.foreignOrderId());
                if (!foreignReported) {
                    foreignReported = true;
                    lastProblem = "a report of order " + userData.foreignClientId() + ", not placed by this run (client id prefix "
                            + "differs): not tracked, counted (flox:binance)" + (cancelIt ? "; canceling it (foreign.orders = cancel)"
                            : cancelForeign ? "" : "; left open (foreign.orders = ignore)");
                }
                break;
            default:
                otherEvents++;
        }
    }

    /** The stream delivered trade {@code tradeId} (negative: none) of {@code symbolId}: a recent-trades query asks past it. */
    private void markDelivered(int symbolId, long tradeId) {
        if (tradeId <= 0 || symbolId < 0 || symbolId >= TRADE_MARKS) return;
        if (firstOnLink.get(symbolId) == 0) firstOnLink.lazySet(symbolId, tradeId);
        if (tradeId > lastTradeId.get(symbolId)) lastTradeId.lazySet(symbolId, tradeId);
    }

    /**
     * A report of another's order the tracker does not hold (adopting): an open one is adopted
     * as the report shows it, an ended one is only counted (nothing to track). Receiving thread.
     */
    private void adoptFromStream(ExecutionEvent e) {
        notOurs++;
        ExecType t = e.execType();
        boolean open = t == ExecType.ACCEPTED || t == ExecType.PARTIALLY_FILLED || t == ExecType.PENDING_CANCEL
                || (t == ExecType.RESTATED && e.venueStatus() != null && !e.venueStatus().isTerminal());
        if (!open) return;
        flox.api.order.OrderStatus status = t == ExecType.RESTATED ? e.venueStatus()
                : e.cumulativeQuantityScaled() > 0 ? flox.api.order.OrderStatus.PARTIALLY_FILLED : flox.api.order.OrderStatus.ACCEPTED;
        adoption.reset(ExecType.RESTATED, e.clientOrderId(), e.symbolId(), e.side()).venueStatus(status).order(e.priceScaled(), e.quantityScaled())
                .fill(0, 0, e.cumulativeQuantityScaled()).exchangeOrderId(e.exchangeOrderId()).timestamps(0, e.receiveTimestampNs());
        if (adopt(adoption, 0) && !foreignReported) {
            foreignReported = true;
            lastProblem = "order " + e.exchangeOrderId() + " of " + symbols.symbol(e.symbolId()).symbol() + ", not placed by this run, seen "
                    + "on the user-data stream: adopted, owned by no strategy (foreign.orders = adopt; said once)";
        }
    }

    /**
     * An {@code order.status} reply as the venue's view of the order: a RESTATED report (status,
     * cumulative quantity, price and quantity) that the tracker applies as a forward correction
     * only (reconciliation: fills or an end it missed), counted. True when the order's trades
     * were asked first (myTrades, tagged with {@code round}: the state follows their answer),
     * false when done here.
     */
    private boolean restate(long clientId, int symbolId, boolean restateOnly, long round, long receiveNs) {
        SymbolInfo s = symbols.symbol(symbolId);
        if (s == null || !tracker.read(clientId, replyState)) return false;
        flox.api.order.OrderStatus venueStatus = venueStatus(reply.orderStatus);
        if (venueStatus == null) return false;
        long filled = flox.api.num.FixedPoint.parse(reply.executedQty, s.quantityScale());
        long quantity = flox.api.num.FixedPoint.parse(reply.origQty, s.quantityScale());
        long price = flox.api.num.FixedPoint.parse(reply.price, s.priceScale());
        if (filled == flox.api.num.FixedPoint.INVALID || quantity == flox.api.num.FixedPoint.INVALID || price == flox.api.num.FixedPoint.INVALID) {
            lastProblem = "order.status of " + clientId + ": a quantity or price that does not fit the symbol's scale; not applied";
            return false;
        }
        int r = replaces.isEmpty() ? -1 : replaces.byNew(clientId);
        if (!restateOnly && r < 0 && filled > replyState.filledQuantityScaled() && reply.orderId > 0
                && enqueueQuery(MY_TRADES, symbolId, clientId, 0, reply.orderId, round)) {
            return true; // fills the stream missed: their trades first (prices, fees), then this state again
        }
        if (r >= 0 && replaces.isLive(r)) { // the new order of a replace: the venue counts from 0, the tracker from the carried fill
            filled += replaces.offset(r);
            quantity += replaces.offset(r);
        }
        restated.reset(ExecType.RESTATED, clientId, symbolId, replyState.side()).venueStatus(venueStatus).order(price, quantity).fill(0, 0, filled)
                .timestamps(0, receiveNs);
        flox.api.order.OrderStatus before = replyState.status();
        long filledBefore = replyState.filledQuantityScaled();
        if (report(restated).isApplied()) { // a view that changed nothing (the usual answer) is no correction
            corrections++;
            lastProblem = "order " + clientId + " corrected by the venue's view (order.status): " + before + " -> " + venueStatus
                    + ", filled " + filledBefore + " -> " + filled + " (at the symbol's scale)";
        }
        return false;
    }

    /**
     * The trades of an order whose fills the user-data stream missed (reconciliation): each one
     * past what the tracker has becomes a fill with its price, fee and side of the book, by the
     * report rule (cumulative quantity in trade id order). A replace's new order does not come
     * here (its quantities are offset); the state query that follows settles the rest.
     */
    private void recoverFills(long clientId, int symbolId, long venueOrderId, long receiveNs) {
        SymbolInfo s = symbols.symbol(symbolId);
        if (s == null || !tracker.read(clientId, replyState)) return;
        long cumulative = 0;
        long lastTradeId = -1;
        for (int i = 0; i < reply.listed; i++) {
            if (reply.listedOrderId(i) != venueOrderId) continue;
            long tradeId = reply.listedTradeId(i);
            long qty = flox.api.num.FixedPoint.parse(reply.listedText(i, WsApiResponse.QTY, tradeText), s.quantityScale());
            long px = flox.api.num.FixedPoint.parse(reply.listedText(i, WsApiResponse.PRICE, tradeText), s.priceScale());
            long fee = flox.api.num.FixedPoint.parse(reply.listedText(i, WsApiResponse.COMMISSION, tradeText), 0, tradeText.length(), 8,
                    java.math.RoundingMode.UP);
            if (tradeId <= lastTradeId || qty == flox.api.num.FixedPoint.INVALID || px == flox.api.num.FixedPoint.INVALID
                    || fee == flox.api.num.FixedPoint.INVALID) {
                lastProblem = "myTrades of order " + clientId + ": a trade out of order or not at the symbol's scale; the rest from order.status";
                return;
            }
            lastTradeId = tradeId;
            cumulative += qty;
            if (cumulative <= replyState.filledQuantityScaled()) continue; // the tracker has it
            ExecType type = cumulative >= replyState.quantityScaled() ? ExecType.FILLED : ExecType.PARTIALLY_FILLED;
            recovered.reset(type, clientId, symbolId, replyState.side()).order(replyState.priceScaled(), replyState.quantityScaled())
                    .fill(px, qty, cumulative).leaves(Math.max(0, replyState.quantityScaled() - cumulative))
                    .fee(fee, 8, reply.listedText(i, WsApiResponse.COMMISSION_ASSET, tradeText).toString())
                    .liquidity(reply.listedMaker(i) ? flox.api.event.Liquidity.MAKER : flox.api.event.Liquidity.TAKER)
                    .execId(tradeId).exchangeOrderId(venueOrderId).timestamps(reply.listedTimeMs(i) * 1_000_000L, receiveNs);
            report(recovered);
            fillsRecovered++;
        }
    }

    /**
     * A report of one of a cancel-replace's two orders, as the tracker expects a replace: the old
     * order's CANCELED is held (its final cumulative quantity kept); the new order's NEW becomes
     * REPLACED with the filled part carried over; the new order's later reports are offset by it.
     * True when the report was taken here (reported in its mapped form, or held).
     */
    private boolean mapReplace(ExecutionEvent e, long receiveNs) {
        long id = e.clientOrderId();
        int r = replaces.byOrig(id);
        if (r >= 0) {
            if (e.execType() != ExecType.CANCELED) return false; // a fill of the old order before the cancel: an ordinary report
            if (!replaces.isLive(r)) replaces.oldOrderEnded(r, e.cumulativeQuantityScaled()); // held for the REPLACED
            return true; // the tracker ends the old order with the REPLACED, not with a CANCELED
        }
        r = replaces.byNew(id);
        if (r < 0) return false;
        if (!replaces.isLive(r)) {
            long carried = replaces.carried(r); // the old order's final fill, or what it had when the replace was sent
            long venueOpen = e.quantityScaled(); // the new order at the venue: the new total less what was filled at sending
            long total = carried + venueOpen; // the new total, unless a fill of the old order raced its cancel
            if (carried > replaces.carriedAtSend(r)) {
                racedReplaces++;
                lastProblem = "replace of " + replaces.origId(r) + " by " + id + ": the old order filled " + (carried - replaces.carriedAtSend(r))
                        + " (scaled) more while being canceled; the new order's total is " + total + " instead of " + replaces.newTotal(r)
                        + " (scaled): the venue holds more than asked, shown as it is";
            }
            replaceReport.reset(ExecType.REPLACED, id, e.symbolId(), e.side()).origClientOrderId(replaces.origId(r)).order(e.priceScaled(), total)
                    .fill(0, 0, carried).exchangeOrderId(e.exchangeOrderId()).leaves(venueOpen).timestamps(e.exchangeTimestampNs(), receiveNs);
            report(replaceReport);
            replaces.newOrderLive(r, carried);
            if (e.execType() == ExecType.ACCEPTED) return true; // the NEW itself is the REPLACED
            // a fill before the NEW (reordered): REPLACED first, then the fill, offset below
        }
        long offset = replaces.offset(r);
        e.order(e.priceScaled(), offset + e.quantityScaled());
        e.fill(e.lastPriceScaled(), e.lastQuantityScaled(), offset + e.cumulativeQuantityScaled());
        report(e);
        if (isDone(e.execType())) replaces.remove(r);
        return true;
    }

    private static boolean isDone(ExecType t) {
        return t == ExecType.FILLED || t == ExecType.CANCELED || t == ExecType.REJECTED || t == ExecType.EXPIRED;
    }

    /** A replace that did not happen: REPLACE_REJECTED on the new order (the tracker resumes the old one). */
    private void replaceRejected(int r, int symbolId, RejectReason reason, CharSequence text, long receiveNs) {
        long orig = replaces.origId(r);
        long next = replaces.newId(r);
        replaces.remove(r);
        replaceReport.reset(ExecType.REPLACE_REJECTED, next, symbolId, sideOf(orig)).origClientOrderId(orig).reason(reason, text).timestamps(0, receiveNs);
        report(replaceReport);
    }

    private Side sideOf(long clientId) {
        return tracker.read(clientId, replyState) ? replyState.side() : Side.BUY;
    }

    private static flox.api.order.OrderStatus venueStatus(CharSequence x) {
        if (eq(x, "NEW") || eq(x, "PENDING_NEW")) return flox.api.order.OrderStatus.ACCEPTED;
        if (eq(x, "PARTIALLY_FILLED")) return flox.api.order.OrderStatus.PARTIALLY_FILLED;
        if (eq(x, "FILLED")) return flox.api.order.OrderStatus.FILLED;
        if (eq(x, "CANCELED")) return flox.api.order.OrderStatus.CANCELED;
        if (eq(x, "PENDING_CANCEL")) return flox.api.order.OrderStatus.PENDING_CANCEL;
        if (eq(x, "REJECTED")) return flox.api.order.OrderStatus.REJECTED;
        if (eq(x, "EXPIRED") || eq(x, "EXPIRED_IN_MATCH")) return flox.api.order.OrderStatus.EXPIRED;
        return null;
    }

    private static boolean eq(CharSequence a, String b) {
        if (a.length() != b.length()) return false;
        for (int i = 0; i < b.length(); i++) if (a.charAt(i) != b.charAt(i)) return false;
        return true;
    }

    /**
     * Every report goes through here: the report rule, and a report the tracker refuses (the
     * venue and the host disagree) counted and said once per kind of refusal. Either thread.
     */
    private flox.api.order.TrackerResult report(ExecutionEvent e) {
        flox.api.order.TrackerResult r = reports.report(e);
        if (r.isRefused()) {
            refusedReports++;
            if (!refusalSaid[r.ordinal()]) {
                refusalSaid[r.ordinal()] = true;
                lastProblem = "a " + e.execType() + " report of order " + e.clientOrderId() + " was refused by the tracker (" + r + ": "
                        + r.description() + "): the venue and the host disagree; said once per kind, counted in flox:binance";
            }
        }
        return r;
    }

    /** The order's refusal, by the report rule; the caller thread of the command is long gone, so it is a report. */
    private void refuse(ExecutionEvent refusal, OrderState state, int kind, long clientId, long newId, int symbolId, Side side, RejectReason reason,
                        CharSequence text) {
        if (side == null && tracker.read(clientId, state)) side = state.side();
        if (side == null) side = Side.BUY; // an order the tracker does not hold: the tracker refuses the report anyway
        switch (kind) {
            case PLACE:
                refusal.reset(ExecType.REJECTED, clientId, symbolId, side).reason(reason, text);
                break;
            case CANCEL:
                refusal.reset(ExecType.CANCEL_REJECTED, clientId, symbolId, side).reason(reason, text);
                break;
            case REPLACE:
                refusal.reset(ExecType.REPLACE_REJECTED, newId, symbolId, side).origClientOrderId(clientId).reason(reason, text);
                break;
            default:
                return;
        }
        report(refusal);
    }

    // ------------------------------------------------------------------ counters (any thread, approximately)

    public long sent() { return sent; }
    public long refusedRequests() { return refusedRequests; }
    public long unknownOutcomes() { return unknownOutcomes; }
    public long notOurs() { return notOurs; }
    public long otherEvents() { return otherEvents; }
    public long unmatchedReplies() { return unmatchedReplies; }
    public long throttled() { return throttled; }
    /** Sending turns skipped while banned or weight-limited ({@link #quietUntilMs}). */
    public long quietTurns() { return quietTurns; }
    /** True while nothing is sent (a 418, a timed 429), as of the sending thread's last turn. */
    public boolean sendingPaused() {
        return lastWorkMs < quietUntilMs();
    }

    /** Until when (epoch ms) nothing is sent after a 418 or a timed 429; 0 or past: sending. */
    public long quietUntilMs() { // a REST ban is the IP's too; the shared view keeps our clock, this side the venue's
        long shared = limits.sharedQuietUntilMs();
        return Math.max(quietUntilMs, shared == 0 ? 0 : shared + venueClockOffsetMs);
    }

    /** The venue's clock less ours (ms), as the connection measured it: the shared ban time is kept on ours. Any thread. */
    public void venueClockOffsetMs(long offsetMs) {
        this.venueClockOffsetMs = offsetMs;
    }
    /** Replaces where a fill of the old order raced its cancel (the new order then covers it again; said once each). */
    public long racedReplaces() { return racedReplaces; }

    /** Commands whose sending failed with an exception (their orders refused). */
    public long commandFailures() { return commandFailures; }

    /** Venue views that changed the tracker's order (order.status replies that only confirm it are not counted); each is logged. */
    public long corrections() { return corrections; }
    /** Bytes of commands waiting to be sent. */
    public int queuedBytes() { return commands.size() + (int) (heldTail - heldHead) * 40; }

    /**
     * Requests sent on the current connection and not answered yet (any thread, for flox:binance;
     * reads the pending table; a request of a lost connection is never answered and not counted).
     */
    public int awaitingReply() {
        long link = linksLost;
        int n = 0;
        for (int i = 0; i < PENDING; i++) if (pendingId.get(i) != 0 && pendingLink[i] == link) n++;
        return n;
    }
    /** Wall-clock ms (venue clock) the last reconciliation finished, or 0. */
    public long lastReconciledMs() { return lastReconciledMs; }
    /** The fullest request-weight window, "weight 321/6000" (allocates: for the status line). */
    public String briefLimits(long epochMs) { return limits.brief(epochMs); }
    /** The venue's rate-limit windows as last reported and counted (allocates: for flox:binance). */
    public String describeLimits(long epochMs) { return limits.describe(epochMs); }
    /** Reports the tracker refused (unknown order, illegal transition, overfill...). */
    public long refusedReports() { return refusedReports; }
    /** Fills the user-data stream missed, recovered with their prices from myTrades (reconciliation). */
    public long fillsRecovered() { return fillsRecovered; }
    /** Trades the user-data stream did not deliver, found by reconciliation's recent-trades queries. */
    public long missedTrades() { return missedTrades; }
    /** Of those, trades of orders this run neither placed nor tracks (risk did not see them). */
    public long missedForeignTrades() { return missedForeignTrades; }
    /** Open orders found at the venue (reconciliation) that this run did not place. */
    public long foreignOpen() { return foreignOpen; }
    /** Of those and of foreign orders seen on the user-data stream, how many were canceled. */
    public long foreignCanceled() { return foreignCanceled; }
    /** Foreign orders adopted (foreign.orders = adopt), from reconciliation or the user-data stream. */
    public long foreignAdopted() { return foreignAdopted; }
    /** Status queries the venue answered "no such order" (-2013) and that were asked again after the recvWindow. */
    public long notYetSeen() { return notYetSeen; }
    /** New orders canceled while held by the order-rate window, never sent. */
    public long canceledUnsent() { return canceledUnsent; }

    /** True once after the venue announced serverShutdown on this connection; clears it. */
    public boolean takeShutdownAnnounced() {
        boolean b = shutdownAnnounced;
        shutdownAnnounced = false;
        return b;
    }

    /** True once after a -1021 refusal (the request's timestamp was outside recvWindow); clears it. */
    public boolean takeTimeResyncWanted() {
        boolean b = timeResyncWanted;
        timeResyncWanted = false;
        return b;
    }

    /** The last problem worth one log line (a foreign order's first report), then null. */
    public String takeProblem() {
        String p = lastProblem;
        lastProblem = null;
        return p;
    }
}
