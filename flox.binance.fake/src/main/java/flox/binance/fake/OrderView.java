package flox.binance.fake;

import java.math.BigDecimal;

/**
 * The fake venue's view of one order, for tests: {@code clientOrderId} is the current one (a
 * cancel replaces it with the cancel's id), {@code origClientOrderId} the one it was placed with;
 * {@code trades} how many trades it made.
 */
public record OrderView(long orderId, String symbol, String clientOrderId, String origClientOrderId, String side, String type,
                        String timeInForce, String status, BigDecimal price, BigDecimal stopPrice, BigDecimal origQty,
                        BigDecimal executedQty, BigDecimal cumulativeQuoteQty, boolean working, int trades) {
}
