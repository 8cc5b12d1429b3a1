package flox.risk.internal;

import static flox.risk.internal.RiskFixture.STRATEGY;
import static flox.risk.internal.RiskFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The price band against a book the feed flagged INVALID, and against a fragmented update. */
@Timeout(30)
class RiskInvalidBookTest {
    static final long PX = 6_000_000;       // 60000.00 at price scale 2
    static final long ONE_BTC = 100_000;    // 1 at quantity scale 5

    static void invalidate(RiskFixture f, int symbol) {
        f.engine.onBookUpdate(f.book.resetInvalid(symbol));
    }

    @Test
    void shouldRefuseLimitOrdersAgainstAnInvalidBookUntilTheNextSnapshot() throws Exception {
        RiskFixture f = new RiskFixture(only("price.band.bps", "100"));
        f.book(f.btc, 5_999_000, 6_001_000);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        invalidate(f, f.btc);
        assertEquals(RejectReason.BOOK_INVALID, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "not passed without a band check");
        long refused = f.lastId();
        assertTrue(f.published.contains("REJECTED " + refused + " BOOK_INVALID"), f.published.toString());
        assertEquals(1, f.engine.counted(RiskCounter.BOOK_INVALID));
        assertEquals(1, f.engine.refusedBy(STRATEGY, RiskCounter.BOOK_INVALID));
        assertEquals(0, f.engine.counted(RiskCounter.LIMIT_WITHOUT_REFERENCE), "an invalid book is not a missing one");
        String shown = f.engine.describe();
        assertTrue(shown.contains("book invalid (until the next snapshot)") && shown.contains("book invalid"), shown);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.eth, Side.BUY, PX, 1), "other symbols are unaffected");

        // a delta does not make it the venue's book again; a snapshot does
        f.book.reset(f.btc, BookUpdate.Type.DELTA).addBid(5_999_000, 5);
        f.book.addAsk(6_001_000, 5);
        f.engine.onBookUpdate(f.book);
        assertEquals(RejectReason.BOOK_INVALID, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        f.book(f.btc, 5_999_000, 6_001_000);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertEquals(2, f.engine.counted(RiskCounter.BOOK_INVALID));
    }

    @Test
    void shouldRefuseMarketOrdersAgainstAnInvalidBookEvenWithTheBandOff() throws Exception {
        RiskFixture f = new RiskFixture(only("price.band.bps", "0"));
        f.book(f.btc, 5_999_000, 6_001_000);
        invalidate(f, f.btc);
        assertEquals(RejectReason.BOOK_INVALID, f.submitMarket(STRATEGY, f.btc, Side.BUY, ONE_BTC), "nothing to price it at");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "band off: a limit order is the operator's choice");
        assertEquals(1, f.engine.counted(RiskCounter.BOOK_INVALID));
    }

    @Test
    void shouldKeepTheLastConsistentMidWhileAFragmentedUpdateIsApplied() throws Exception {
        RiskFixture f = new RiskFixture(only("price.band.bps", "100"));
        f.book(f.btc, 5_999_000, 6_001_000);  // mid 60000.00
        // a fragmented snapshot: the first fragment brings only bids, far above the old asks
        f.book.reset(f.btc, BookUpdate.Type.SNAPSHOT).flags(BookUpdate.CONTINUED).addBid(6_199_000, 1);
        f.engine.onBookUpdate(f.book);
        assertEquals(6_000_000, f.engine.mid(f.btc), "a half-applied book is no reference");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        f.book.reset(f.btc, BookUpdate.Type.DELTA).addAsk(6_201_000, 1); // the last fragment
        f.engine.onBookUpdate(f.book);
        assertEquals(6_200_000, f.engine.mid(f.btc));
        assertEquals(RejectReason.PRICE_BAND, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
    }
}
