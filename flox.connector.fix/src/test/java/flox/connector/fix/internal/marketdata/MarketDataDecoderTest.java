package flox.connector.fix.internal.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.connector.fix.internal.Allocation;
import flox.connector.fix.internal.wire.FixFields;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The market-data decoder on raw FIX 4.4 strings ('|' for SOH), publishing on the host's bus
 * (flox.bus, sync) to a subscriber that keeps the books as a strategy would.
 */
class MarketDataDecoderTest {
    static final String EXCHANGE = "VENUE";
    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final int ibm;
    final int msft;
    final int other;
    final FixFields fields = new FixFields();
    BusRecorder recorder;
    MarketDataDecoder decoder;
    String ibmReq;
    String msftReq;

    MarketDataDecoderTest() throws Exception {
        ibm = registry.register(SymbolInfo.builder(EXCHANGE, "IBM").priceScale(2).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
        msft = registry.register(SymbolInfo.builder(EXCHANGE, "MSFT").priceScale(2).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
        other = registry.register(SymbolInfo.builder("ELSEWHERE", "IBM").priceScale(2).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
    }

    @BeforeEach
    void subscribe() {
        recorder = new BusRecorder(registry, 4);
        decoder = new MarketDataDecoder(EXCHANGE, registry, recorder.bus, 64, 1_000_000_000L, "R");
        List<MarketDataDecoder.Request> requests = decoder.subscribeAll();
        assertEquals(2, requests.size(), "the exchange's symbols only: " + requests);
        ibmReq = decoder.mdReqId(ibm);
        msftReq = decoder.mdReqId(msft);
        assertEquals("R1", ibmReq);
        assertEquals("R2", msftReq);
        assertNull(decoder.mdReqId(other));
    }

    @AfterEach
    void close() {
        recorder.close();
    }

    void feed(String pipe) {
        assertTrue(fields.wrap(pipe, 0, pipe.length(), '|'), fields.problem());
        decoder.onMessage(fields, System.nanoTime());
    }

    static int count(String entries, String delimiter) {
        int n = 0;
        for (int i = entries.indexOf(delimiter); i >= 0; i = entries.indexOf(delimiter, i + 1)) if (i == 0 || entries.charAt(i - 1) == '|') n++;
        return n;
    }

    static String snapshot(String reqId, String symbol, String entries) {
        return "8=FIX.4.4|9=100|35=W|49=VENUE|56=FLOX|34=5|52=20240101-12:00:00.000|" + (reqId == null ? "" : "262=" + reqId + "|") + "55=" + symbol
                + "|268=" + count(entries, "269=") + "|" + entries + "10=000|";
    }

    static String incremental(String reqId, String entries) {
        return "8=FIX.4.4|9=100|35=X|49=VENUE|56=FLOX|34=6|52=20240101-12:00:01.000|" + (reqId == null ? "" : "262=" + reqId + "|") + "268="
                + count(entries, "279=") + "|" + entries + "10=000|";
    }

    void ibmSnapshot() {
        feed(snapshot(ibmReq, "IBM", "269=0|270=12.50|271=100|269=0|270=12.49|271=200|269=1|270=12.52|271=50|269=1|270=12.53|271=70|"
                + "269=2|270=12.51|271=5|"));
    }

    @Test
    void shouldPublishASnapshotAsTheBook() {
        ibmSnapshot();
        assertEquals("bids 1250@100,1249@200 | asks 1252@50,1253@70", recorder.book(ibm));
        assertTrue(recorder.consistent(ibm));
        assertEquals(List.of("SNAPSHOT " + ibm + " 2x2"), recorder.events(), "the snapshot's last trade is not a new trade");
        assertEquals(1, decoder.snapshots());
        assertEquals(1, decoder.snapshotTrades());
        assertTrue(decoder.isValid(ibm));
        assertFalse(decoder.allValid(), "MSFT has no snapshot yet");
        feed(snapshot(msftReq, "MSFT", ""));
        assertTrue(decoder.allValid());
        assertEquals("bids  | asks ", recorder.book(msft), "an empty book is a valid one");
    }

    @Test
    void shouldSplitASnapshotDeeperThanTheBusInContinuedFragments() {
        StringBuilder e = new StringBuilder();
        for (int i = 0; i < 6; i++) e.append("269=0|270=12.").append(50 - i).append("|271=").append(10 + i).append('|');
        for (int i = 0; i < 5; i++) e.append("269=1|270=12.").append(52 + i).append("|271=").append(20 + i).append('|');
        feed(snapshot(ibmReq, "IBM", e.toString()));
        assertEquals(List.of("SNAPSHOT+ " + ibm + " 4x4", "DELTA " + ibm + " 2x1"), recorder.events());
        assertEquals("bids 1250@10,1249@11,1248@12,1247@13,1246@14,1245@15 | asks 1252@20,1253@21,1254@22,1255@23,1256@24", recorder.book(ibm));
    }

    @Test
    void shouldApplyNewChangeAndDeleteAsOneDeltaPerSymbol() {
        ibmSnapshot();
        feed(snapshot(msftReq, "MSFT", "269=0|270=300.00|271=10|269=1|270=300.10|271=10|"));
        recorder.clearEvents();
        feed(incremental(ibmReq, "279=0|269=0|55=IBM|270=12.51|271=30|"     // new bid, the best
                + "279=1|269=1|55=IBM|270=12.52|271=45|"                     // change the best offer
                + "279=2|269=0|55=IBM|270=12.49|"                            // delete a bid (no size)
                + "279=2|269=1|270=12.53|271=0|"                             // delete, the symbol carried from the entry before
                + "279=2|269=1|55=IBM|270=12.60|"));                         // delete a price not in the book: nothing
        assertEquals("bids 1251@30,1250@100 | asks 1252@45", recorder.book(ibm));
        assertEquals(List.of("DELTA " + ibm + " 2x3"), recorder.events());
        feed(incremental(null, "279=1|269=0|55=MSFT|270=300.00|271=11|279=0|269=1|55=IBM|270=12.55|271=1|"));
        assertEquals("bids 30000@11 | asks 30010@10", recorder.book(msft));
        assertEquals("bids 1251@30,1250@100 | asks 1252@45,1255@1", recorder.book(ibm));
        assertEquals(2, decoder.incrementals());
        assertEquals(0, decoder.scaleRefusals());
    }

    @Test
    void shouldPublishTradesInOrderWithTheBookChangesAroundThem() {
        ibmSnapshot();
        recorder.clearEvents();
        feed(incremental(ibmReq, "279=1|269=1|55=IBM|270=12.52|271=40|279=0|269=2|55=IBM|270=12.52|271=10|278=T-17|2446=1|"
                + "279=0|269=2|55=IBM|270=12.52|271=3|278=18|"));
        assertEquals(List.of("DELTA " + ibm + " 0x1", "TRADE " + ibm + " 1252x10", "TRADE " + ibm + " 1252x3"), recorder.events());
        List<TradeEvent> t = recorder.trades();
        assertEquals(Side.BUY, t.get(0).aggressorSide());
        assertTrue(t.get(0).tradeId() < 0, "a non-numeric MDEntryID is hashed (VenueIds)");
        assertEquals(18, t.get(1).tradeId());
        assertNull(t.get(1).aggressorSide());
        assertEquals(1_704_110_401_000_000_000L, t.get(1).exchangeTimestampNs(), "SendingTime");
        assertEquals(2, decoder.trades());
    }

    @Test
    void shouldCountAndNameARejectedRequest() {
        feed("8=FIX.4.4|9=50|35=Y|49=VENUE|56=FLOX|34=3|52=20240101-12:00:00.000|262=" + msftReq + "|281=0|58=no such instrument|10=000|");
        assertEquals(1, decoder.rejects());
        assertEquals("unknown symbol: no such instrument", decoder.rejection(msft));
        assertTrue(decoder.describeBooks().contains("MSFT: refused by the venue (unknown symbol: no such instrument)"), decoder.describeBooks());
        ibmSnapshot();
        assertTrue(decoder.allValid(), "a refused symbol is left out");
        feed("8=FIX.4.4|9=50|35=Y|49=VENUE|56=FLOX|34=4|52=20240101-12:00:00.000|262=NOPE|281=3|10=000|");
        assertEquals(2, decoder.rejects(), "one naming no subscription is counted (and logged) too");
    }

    @Test
    void shouldRefuseALevelFinerThanTheScaleAndAskForANewSnapshot() {
        ibmSnapshot();
        recorder.clearEvents();
        feed(incremental(ibmReq, "279=0|269=0|55=IBM|270=12.51|271=30|279=1|269=1|55=IBM|270=12.525|271=45|"));
        assertEquals(List.of("INVALID " + ibm + " 0x0"), recorder.events(), "nothing of the message applied, the book INVALID");
        assertEquals("INVALID", recorder.book(ibm));
        assertEquals(1, decoder.scaleRefusals());
        assertFalse(decoder.isValid(ibm));
        feed(incremental(ibmReq, "279=0|269=0|55=IBM|270=12.51|271=30|"));
        assertEquals(1, decoder.skippedUntilSnapshot(), "nothing applied until a snapshot");
        MarketDataDecoder.Request again = decoder.pollResubscribe(System.nanoTime());
        assertNotNull(again, "a fresh snapshot asked for at once the first time");
        assertEquals(ibmReq, again.previousMdReqId());
        assertEquals("R3", again.mdReqId());
        assertNull(decoder.pollResubscribe(System.nanoTime()));
        ibmSnapshot(); // the old MDReqID's: stale
        assertEquals(1, decoder.staleMessages());
        assertEquals("INVALID", recorder.book(ibm));
        ibmReq = again.mdReqId();
        ibmSnapshot();
        assertEquals("bids 1250@100,1249@200 | asks 1252@50,1253@70", recorder.book(ibm));
        // a snapshot with a finer price is not applied either, and the next request waits the interval
        feed(snapshot(ibmReq, "IBM", "269=0|270=12.501|271=100|"));
        assertEquals("INVALID", recorder.book(ibm));
        assertEquals(2, decoder.scaleRefusals());
        assertNull(decoder.pollResubscribe(System.nanoTime()), "not again within the interval");
        assertNotNull(decoder.pollResubscribe(System.nanoTime() + 2_000_000_000L));
        // a trade at a finer price is refused, not rounded
        feed(incremental(decoder.mdReqId(ibm), "279=0|269=2|55=IBM|270=12.515|271=1|"));
        assertEquals(1, decoder.tradeRefusals());
        assertTrue(recorder.trades().isEmpty());
    }

    @Test
    void shouldInvalidateEveryBookWhenTheSessionIsLost() {
        ibmSnapshot();
        feed(snapshot(msftReq, "MSFT", "269=0|270=300.00|271=10|"));
        recorder.clearEvents();
        decoder.invalidateAll(System.nanoTime());
        assertEquals(List.of("INVALID " + ibm + " 0x0", "INVALID " + msft + " 0x0"), recorder.events());
        assertFalse(decoder.allValid());
        decoder.subscribeAll();
        assertEquals("R3", decoder.mdReqId(ibm), "a new MDReqID per subscription");
        ibmSnapshot(); // the old subscription's, resent: stale
        assertEquals("INVALID", recorder.book(ibm));
    }

    @Test
    void shouldResubscribeValidBooksAfterAGapFill() {
        ibmSnapshot();
        decoder.onGapFill(System.nanoTime());
        assertEquals("INVALID", recorder.book(ibm));
        MarketDataDecoder.Request r = decoder.pollResubscribe(System.nanoTime());
        assertEquals("IBM", r.symbol());
        assertNull(decoder.pollResubscribe(System.nanoTime()), "MSFT had no valid book: its request stands");
    }

    @Test
    void shouldRepublishValidBooksWholeForLateSubscribers() {
        ibmSnapshot();
        feed(incremental(ibmReq, "279=0|269=0|55=IBM|270=12.51|271=30|"));
        recorder.clearEvents();
        decoder.republish(System.nanoTime());
        assertEquals(List.of("SNAPSHOT " + ibm + " 3x2"), recorder.events(), "MSFT has no valid book: not republished");
        assertEquals("bids 1251@30,1250@100,1249@200 | asks 1252@50,1253@70", recorder.book(ibm));
        assertEquals(1, decoder.republished());
    }

    @Test
    void shouldIgnoreOtherSymbolsAndEntryTypes() {
        ibmSnapshot();
        recorder.clearEvents();
        feed(incremental(null, "279=0|269=0|55=GOOG|270=1.00|271=1|279=0|269=4|55=IBM|270=12.00|"));
        assertEquals(1, decoder.unknownSymbols());
        assertEquals(1, decoder.otherEntries());
        assertTrue(recorder.events().isEmpty());
    }

    @Test
    void shouldAllocateNothingPerMessageAfterWarmUp() throws Exception {
        // the recorder allocates (it keeps copies): a subscriber that only counts, on a bus of its own
        flox.api.bus.MarketDataBus bus = flox.bus.internal.StandaloneBuses.marketData(
                new flox.bus.internal.StandaloneBuses.Options().sync(true).ringSize(1024).bookLevels(4), registry);
        long[] seen = new long[2];
        flox.bus.internal.StandaloneBuses.subscribe(bus, new flox.api.bus.MarketDataSubscriber() {
            @Override public void onBookUpdate(flox.api.event.BookUpdate u) { seen[0]++; }
            @Override public void onTrade(TradeEvent t) { seen[1]++; }
        }, "count", "lossless", 0);
        decoder = new MarketDataDecoder(EXCHANGE, registry, bus, 64, 1_000_000_000L, "A");
        decoder.subscribeAll();
        ibmReq = decoder.mdReqId(ibm);
        ibmSnapshot();
        String inc = incremental(ibmReq, "279=1|269=0|55=IBM|270=12.50|271=101|279=1|269=1|55=IBM|270=12.52|271=51|279=0|269=2|55=IBM|270=12.52|271=1|278=99|");
        String snap = snapshot(ibmReq, "IBM", "269=0|270=12.50|271=100|269=1|270=12.52|271=50|");
        long bytes = Allocation.leastPerRound(() -> {
            for (int i = 0; i < 2_000; i++) {
                fields.wrap(inc, 0, inc.length(), '|');
                decoder.onMessage(fields, i);
                fields.wrap(snap, 0, snap.length(), '|');
                decoder.onMessage(fields, i);
            }
        }, 20, 1);
        flox.bus.internal.StandaloneBuses.stop(bus);
        assertEquals(0, bytes, "bytes per 4,000 messages");
        assertTrue(seen[0] > 4_000 && seen[1] > 2_000, seen[0] + " books, " + seen[1] + " trades");
    }
}
