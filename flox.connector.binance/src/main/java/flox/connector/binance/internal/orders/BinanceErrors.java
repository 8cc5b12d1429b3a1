package flox.connector.binance.internal.orders;

import flox.api.order.RejectReason;

/**
 * What a refused Binance request means for the order (errors.md; SPEC-NOTES.md section 3), by
 * HTTP-like status and error code, matching on the code (messages may change; they are read only
 * where one code covers several causes, -2010 and -1013). Stateless; no allocation.
 */
public final class BinanceErrors {
    /** What the connector does with the order after a refused request. */
    public enum Outcome {
        /** The venue refused it: the order is rejected (or the cancel/replace refused) with {@link #reason}. */
        REFUSED,
        /** The outcome is unknown (5XX, -1007 timeout, -1006): the order stays pending and is queried. */
        UNKNOWN,
        /** 429 / -1015 / -1003: back off until Retry-After; the venue state becomes RATE_LIMITED. */
        RATE_LIMITED,
        /** 418: the IP is banned until the time given; the venue state becomes BANNED. */
        BANNED,
        /** 403 (WAF) or -1008 (server busy): the venue is unavailable for now. */
        UNAVAILABLE
    }

    private BinanceErrors() {
    }

    public static Outcome outcome(int status, int code) {
        if (status == 418) return Outcome.BANNED;
        if (status == 429 || code == -1015 || code == -1003) return Outcome.RATE_LIMITED;
        if (status >= 500 || code == -1007 || code == -1006) return Outcome.UNKNOWN;
        if (status == 403 || code == -1008) return Outcome.UNAVAILABLE;
        return Outcome.REFUSED;
    }

    /** The reject reason of a refusal ({@link Outcome#REFUSED}, or the others for the record). */
    public static RejectReason reason(int status, int code, CharSequence msg) {
        switch (outcome(status, code)) {
            case RATE_LIMITED:
            case BANNED:
                return RejectReason.VENUE_RATE_LIMIT;
            case UNAVAILABLE:
            case UNKNOWN:
                return RejectReason.VENUE_UNAVAILABLE;
            default:
                break;
        }
        switch (code) {
            case -1121: return RejectReason.UNKNOWN_SYMBOL;
            case -2011:
            case -2013: return RejectReason.UNKNOWN_ORDER;
            case -1013: return filterFailure(msg);
            case -2010: return newOrderRejected(msg);
            default: return RejectReason.VENUE_REJECT;
        }
    }

    /** -1013 "Filter failure: NAME". */
    private static RejectReason filterFailure(CharSequence msg) {
        if (contains(msg, "PRICE_FILTER") || contains(msg, "PERCENT_PRICE")) return RejectReason.INVALID_PRICE;
        if (contains(msg, "LOT_SIZE")) return RejectReason.INVALID_QUANTITY; // LOT_SIZE and MARKET_LOT_SIZE
        if (contains(msg, "MIN_NOTIONAL")) return RejectReason.BELOW_MIN_NOTIONAL;
        return RejectReason.VENUE_REJECT; // NOTIONAL (either bound), MAX_NUM_ORDERS, ...: the text says which
    }

    /** -2010, the matching engine's refusals (errors.md lists the messages). */
    private static RejectReason newOrderRejected(CharSequence msg) {
        if (contains(msg, "insufficient balance")) return RejectReason.INSUFFICIENT_BALANCE;
        if (contains(msg, "would immediately match and take")) return RejectReason.WOULD_TAKE_LIQUIDITY;
        if (contains(msg, "Duplicate order")) return RejectReason.DUPLICATE_ORDER_ID;
        if (contains(msg, "Market is closed") || contains(msg, "not supported for this symbol")) return RejectReason.SYMBOL_NOT_TRADABLE;
        if (contains(msg, "self-trade") || contains(msg, "Self trade")) return RejectReason.SELF_TRADE_PREVENTION;
        return RejectReason.VENUE_REJECT;
    }

    /** Case-insensitive for ASCII; no allocation. */
    static boolean contains(CharSequence s, String part) {
        int n = s.length() - part.length();
        for (int i = 0; i <= n; i++) {
            int j = 0;
            while (j < part.length() && Character.toLowerCase(s.charAt(i + j)) == Character.toLowerCase(part.charAt(j))) j++;
            if (j == part.length()) return true;
        }
        return false;
    }
}
