package flox.connector.binance.internal.orders;

import flox.api.order.OrderRequest;
import flox.api.order.OrderType;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.connector.binance.internal.sign.RequestSigner;
import flox.connector.binance.internal.sign.SignedParams;

/**
 * Signed requests of Binance's WebSocket API, written as JSON text frames into a reused buffer:
 * {@code order.place}, {@code order.cancel}, {@code order.cancelReplace}, {@code order.status},
 * {@code openOrders.status} and {@code userDataStream.subscribe.signature} (which any key type
 * may sign; {@code session.logon} would need an Ed25519 key). Every request carries the API key,
 * {@code timestamp} and {@code recvWindow}, and is signed with the account's key.
 *
 * <p>Order types (docs/ARCHITECTURE.md, Binance connector): LIMIT with GTC, IOC or FOK is LIMIT;
 * LIMIT with POST_ONLY is LIMIT_MAKER; MARKET is MARKET; STOP is STOP_LOSS; STOP_LIMIT is
 * STOP_LOSS_LIMIT (GTC, IOC or FOK; not POST_ONLY). New orders ask for {@code ACK} replies: fills
 * come from the user-data stream only.
 *
 * <p>The connector's sending thread only. No allocation per request.
 */
public final class WsApiRequests {
    /** Largest request written: a few hundred bytes; room for long symbols and ids. */
    public static final int BUFFER_SIZE = 4096;

    private final String apiKey;
    private final RequestSigner signer;
    private final BinanceClientIds ids;
    private final long recvWindowMs;
    private final SignedParams params = new SignedParams();
    private final byte[] payload = new byte[BUFFER_SIZE];
    private final byte[] signature = new byte[RequestSigner.MAX_SIGNATURE_LENGTH];
    private final StringBuilder clientId = new StringBuilder(BinanceClientIds.MAX_LENGTH);
    private final StringBuilder otherClientId = new StringBuilder(BinanceClientIds.MAX_LENGTH);
    /** The last request written: bytes [0, {@link #length()}). */
    private final byte[] request = new byte[BUFFER_SIZE];
    private int length;

    public WsApiRequests(String apiKey, RequestSigner signer, BinanceClientIds ids, long recvWindowMs) {
        this.apiKey = apiKey;
        this.signer = signer;
        this.ids = ids;
        this.recvWindowMs = recvWindowMs;
    }

    public byte[] buffer() {
        return request;
    }

    public int length() {
        return length;
    }

    /** False for an order Binance cannot take as asked (STOP_LIMIT with POST_ONLY): refuse it before it is sent. */
    public static boolean supported(OrderType type, TimeInForce tif) {
        return !(type == OrderType.STOP_LIMIT && tif == TimeInForce.POST_ONLY);
    }

    /** {@code order.place} of {@code order} for {@code venueSymbol} at the symbol's scales; returns the request's length. */
    public int place(long requestId, OrderRequest order, CharSequence venueSymbol, int priceScale, int quantityScale, long timestampMs) {
        params.clear().text("symbol", venueSymbol).text("side", side(order.side()));
        orderFields(order.orderType(), order.timeInForce(), order.priceScaled(), order.quantityScaled(), order.stopPriceScaled(), priceScale, quantityScale);
        clientId.setLength(0);
        params.text("newClientOrderId", ids.append(order.clientOrderId(), clientId)).text("newOrderRespType", "ACK");
        return finish(requestId, "order.place", timestampMs);
    }

    /** {@code order.cancel} of our order {@code clientOrderId}. */
    public int cancel(long requestId, CharSequence venueSymbol, long clientOrderId, long timestampMs) {
        if (BinanceClientIds.isAdopted(clientOrderId)) return cancelVenueOrder(requestId, venueSymbol, BinanceClientIds.venueOrderIdOf(clientOrderId), timestampMs);
        clientId.setLength(0);
        params.clear().text("symbol", venueSymbol).text("origClientOrderId", ids.append(clientOrderId, clientId));
        return finish(requestId, "order.cancel", timestampMs);
    }

    /**
     * {@code order.cancelReplace} in {@code STOP_ON_FAILURE} mode: cancels {@code origClientOrderId}
     * and, only if that succeeded, places {@code newClientOrderId} with the given fields (the
     * quantity is the new order's: what remains to fill, the caller works it out).
     */
    public int cancelReplace(long requestId, CharSequence venueSymbol, long origClientOrderId, long newClientOrderId, Side side, OrderType type,
                             TimeInForce tif, long priceScaled, long quantityScaled, long stopPriceScaled, int priceScale, int quantityScale,
                             long timestampMs) {
        clientId.setLength(0);
        otherClientId.setLength(0);
        params.clear().text("symbol", venueSymbol).text("cancelReplaceMode", "STOP_ON_FAILURE")
                .text("cancelOrigClientOrderId", ids.append(origClientOrderId, otherClientId)).text("side", side(side));
        orderFields(type, tif, priceScaled, quantityScaled, stopPriceScaled, priceScale, quantityScale);
        params.text("newClientOrderId", ids.append(newClientOrderId, clientId)).text("newOrderRespType", "ACK");
        return finish(requestId, "order.cancelReplace", timestampMs);
    }

    /** {@code order.status} of our order {@code clientOrderId} (an unknown outcome, reconciliation). */
    public int status(long requestId, CharSequence venueSymbol, long clientOrderId, long timestampMs) {
        if (BinanceClientIds.isAdopted(clientOrderId)) { // an adopted order: by the venue's order id
            return statusOfVenueOrder(requestId, venueSymbol, BinanceClientIds.venueOrderIdOf(clientOrderId), timestampMs);
        }
        clientId.setLength(0);
        params.clear().text("symbol", venueSymbol).text("origClientOrderId", ids.append(clientOrderId, clientId));
        return finish(requestId, "order.status", timestampMs);
    }

    /** How long a request stays valid at the venue after its timestamp. */
    public long recvWindowMs() {
        return recvWindowMs;
    }

    /** The client ids this run writes (and parses back). */
    public BinanceClientIds ids() {
        return ids;
    }

    /** {@code order.cancel} by the venue's order id: an order this run did not place (reconciliation, the foreign-order policy). */
    public int cancelVenueOrder(long requestId, CharSequence venueSymbol, long orderId, long timestampMs) {
        params.clear().text("symbol", venueSymbol).number("orderId", orderId);
        return finish(requestId, "order.cancel", timestampMs);
    }

    /** {@code myTrades} of one order (by the venue's order id): its fills, for reconciliation. */
    public int myTrades(long requestId, CharSequence venueSymbol, long orderId, long timestampMs) {
        params.clear().text("symbol", venueSymbol).number("orderId", orderId);
        return finish(requestId, "myTrades", timestampMs);
    }

    /**
     * {@code myTrades} of a symbol from trade id {@code fromId}, or (when {@code fromId} is not
     * positive) executed from {@code startTimeMs} on: the trades a lost user-data stream may not
     * have delivered (reconciliation); {@code limit} at most.
     */
    public int recentTrades(long requestId, CharSequence venueSymbol, long fromId, long startTimeMs, int limit, long timestampMs) {
        params.clear().text("symbol", venueSymbol).number("limit", limit);
        if (fromId > 0) params.number("fromId", fromId);
        else params.number("startTime", startTimeMs);
        return finish(requestId, "myTrades", timestampMs);
    }

    /** {@code order.status} by the venue's order id: whose order a trade found by {@link #recentTrades} was. */
    public int statusOfVenueOrder(long requestId, CharSequence venueSymbol, long orderId, long timestampMs) {
        params.clear().text("symbol", venueSymbol).number("orderId", orderId);
        return finish(requestId, "order.status", timestampMs);
    }

    /** {@code openOrders.status}: every open order of the account ({@code venueSymbol} null) or of one symbol. */
    public int openOrders(long requestId, CharSequence venueSymbol, long timestampMs) {
        params.clear();
        if (venueSymbol != null) params.text("symbol", venueSymbol);
        return finish(requestId, "openOrders.status", timestampMs);
    }

    /** {@code userDataStream.subscribe.signature}: this account's execution reports on this connection. */
    public int subscribeUserData(long requestId, long timestampMs) {
        params.clear();
        return finish(requestId, "userDataStream.subscribe.signature", timestampMs);
    }

    private void orderFields(OrderType type, TimeInForce tif, long price, long quantity, long stopPrice, int priceScale, int quantityScale) {
        switch (type) {
            case LIMIT:
                if (tif == TimeInForce.POST_ONLY) {
                    params.text("type", "LIMIT_MAKER");
                } else {
                    params.text("type", "LIMIT").text("timeInForce", tif(tif));
                }
                params.decimal("price", price, priceScale).decimal("quantity", quantity, quantityScale);
                break;
            case MARKET:
                params.text("type", "MARKET").decimal("quantity", quantity, quantityScale);
                break;
            case STOP:
                params.text("type", "STOP_LOSS").decimal("quantity", quantity, quantityScale).decimal("stopPrice", stopPrice, priceScale);
                break;
            case STOP_LIMIT:
                if (!supported(type, tif)) throw new IllegalArgumentException("STOP_LIMIT with POST_ONLY is not a Binance order");
                params.text("type", "STOP_LOSS_LIMIT").text("timeInForce", tif(tif)).decimal("price", price, priceScale)
                        .decimal("quantity", quantity, quantityScale).decimal("stopPrice", stopPrice, priceScale);
                break;
            default:
                throw new IllegalArgumentException("order type " + type);
        }
    }

    private static String side(Side side) {
        return side == Side.BUY ? "BUY" : "SELL";
    }

    private static String tif(TimeInForce tif) {
        switch (tif) {
            case IOC: return "IOC";
            case FOK: return "FOK";
            default: return "GTC";
        }
    }

    /** Adds key, time and window, signs, and writes {@code {"id":..,"method":..,"params":{..}}}. */
    private int finish(long requestId, String method, long timestampMs) {
        params.text("apiKey", apiKey).number("timestamp", timestampMs).number("recvWindow", recvWindowMs);
        int payloadLength = params.writeSigningPayload(payload, 0);
        int signatureLength = signer.sign(payload, 0, payloadLength, signature, 0);
        int at = ascii("{\"id\":", 0);
        at = writeLong(requestId, at);
        at = ascii(",\"method\":\"", at);
        at = ascii(method, at);
        at = ascii("\",\"params\":", at);
        at = params.writeJson(request, at, signature, signatureLength);
        request[at++] = '}';
        length = at;
        return at;
    }

    private int ascii(String s, int at) {
        for (int i = 0; i < s.length(); i++) request[at++] = (byte) s.charAt(i);
        return at;
    }

    private int writeLong(long v, int at) {
        if (v < 0) throw new IllegalArgumentException("request id " + v);
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        for (int i = digits - 1; i >= 0; i--) {
            request[at + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }
}
