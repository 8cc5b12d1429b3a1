package flox.connector.fix.internal.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderType;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExecutionReports;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.connector.fix.internal.wire.FixFields;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real FIX 4.4 order flow from testdata/fix: each client request of a log is played into the
 * host's tracker as the gateway would (new, replace, cancel; the client's ClOrdIDs renamed to
 * this run's), and each report of the venue is decoded and applied by the report rule. Every
 * report must decode, the tracker must refuse none, and orders must end as the venue said.
 */
@Timeout(20)
class FixLogReplayTest {
    static final String EXCHANGE = "LOGVENUE";
    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(4096);
    final List<ExecutionEvent> published = new ArrayList<>();
    final ExecutionReports reports = new ExecutionReports(tracker, event -> {
        published.add(new ExecutionEvent().copyFrom(event));
        return published.size();
    });
    final FixClientIds ids = new FixClientIds("FLXT_");
    final ExecutionReportDecoder decoder = new ExecutionReportDecoder(EXCHANGE, registry, tracker, ids);
    final FixFields fields = new FixFields();
    final OrderRequest request = new OrderRequest();
    final OrderState state = new OrderState();

    /** The log's ClOrdIDs (orders and replaces) to Flox's ids; cancel requests' ClOrdIDs to this run's cancel ids. */
    final Map<String, Long> orderIds = new HashMap<>();
    final Map<String, String> cancelIds = new HashMap<>();
    long nextId = 1;
    long cancels;
    final Map<Integer, Integer> decoded = new TreeMap<>();
    final Map<String, Integer> applied = new TreeMap<>();
    final List<String> refused = new ArrayList<>();
    final List<String> notSent = new ArrayList<>();

    /** Plays one log: messages from {@code client} are requests, the others (35=8, 35=9) reports. */
    void replay(List<String> messages, char delimiter, String client) throws Exception {
        for (String m : messages) {
            assertTrue(fields.wrap(m, 0, m.length(), delimiter), () -> fields.problem() + ": " + m);
            String type = value(35);
            if (client.equals(value(49))) {
                request(type, m);
            } else if (type.equals("8") || type.equals("9")) {
                String renamed = renamed(delimiter);
                assertTrue(fields.wrap(renamed, 0, renamed.length(), delimiter));
                int r = decoder.decode(fields, 1);
                decoded.merge(r, 1, Integer::sum);
                assertTrue(r != ExecutionReportDecoder.MALFORMED, () -> decoder.problem() + ": " + m);
                if (r == ExecutionReportDecoder.REPORT) {
                    TrackerResult t = reports.report(decoder.event);
                    applied.merge(t.kind() + " " + t, 1, Integer::sum);
                    if (t.isRefused()) refused.add(t + " " + decoder.event + " <- " + m);
                }
            }
        }
    }

    String value(int tag) {
        int i = fields.find(tag);
        return i < 0 ? null : fields.text().subSequence(fields.startAt(i), fields.endAt(i)).toString();
    }

    long scaled(int tag, int scale) {
        return fields.decimal(tag, scale, RoundingMode.HALF_EVEN, 0);
    }

    int symbol(String name) throws Exception {
        int id = registry.resolve(EXCHANGE, name);
        if (id != SymbolRegistry.UNKNOWN) return id;
        return registry.register(SymbolInfo.builder(EXCHANGE, name).priceScale(2).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
    }

    /** A client request, told to the tracker as the gateway does before the executor sends it. */
    void request(String type, String m) throws Exception {
        switch (type) {
            case "D": {
                long id = nextId++;
                orderIds.put(value(11), id);
                request.clear().clientOrderId(id).symbolId(symbol(value(55))).strategyId(1).side("1".equals(value(54)) ? Side.BUY : Side.SELL)
                        .orderType("1".equals(value(40)) ? OrderType.MARKET : OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                        .priceScaled(scaled(44, 2)).quantityScaled(scaled(38, 0));
                assertEquals(TrackerResult.APPLIED, tracker.onNew(request, 1), m);
                assertEquals(TrackerResult.APPLIED, tracker.onSubmitted(id, 1), m);
                break;
            }
            case "G": {
                long id = nextId++;
                TrackerResult r = tracker.onReplaceRequested(orderIds.get(value(41)), id, scaled(44, 2), scaled(38, 0), 1);
                if (r == TrackerResult.APPLIED) {
                    orderIds.put(value(11), id);
                } else { // the gateway refuses it: Flox never sends it, and the venue's answers name an id that is not ours
                    notSent.add(r + " " + value(11));
                }
                break;
            }
            case "F": {
                long order = orderIds.get(value(41));
                cancelIds.put(value(11), ids.appendCancel(order, ++cancels, new StringBuilder()).toString());
                assertEquals(TrackerResult.APPLIED, tracker.onCancelRequested(order, 1), m);
                break;
            }
            default: // order status requests (H), session messages
        }
    }

    /** The current message with the client's ClOrdIDs (11, 41) as this run's would be. */
    String renamed(char delimiter) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.count(); i++) {
            int tag = fields.tagAt(i);
            String v = fields.text().subSequence(fields.startAt(i), fields.endAt(i)).toString();
            if (tag == 11 || tag == 41) {
                Long order = orderIds.get(v);
                v = order != null ? ids.appendOrder(order, new StringBuilder()).toString() : cancelIds.getOrDefault(v, v);
            }
            b.append(tag).append('=').append(v).append(delimiter);
        }
        return b.toString();
    }

    OrderState order(String clOrdId) {
        assertTrue(tracker.read(orderIds.get(clOrdId), state), clOrdId);
        return state;
    }

    @Test
    void shouldFollowTheIreachOrderFlowWithoutARefusal() throws Exception {
        replay(FixLogs.messages("Ireach_test_logs.txt", ';'), ';', "IREACH");
        assertEquals(List.of(), refused, "reports the tracker refused");
        // the test venue let the client replace a filled order to buy more; Flox's gateway would not send that
        assertEquals(List.of("REFUSED_ILLEGAL_TRANSITION IREACH_t186_AGLIM.o3kt3.1y#a1"), notSent);
        assertEquals(Map.of(ExecutionReportDecoder.REPORT, 211, ExecutionReportDecoder.NO_CHANGE, 1, ExecutionReportDecoder.NOT_OURS, 3), decoded);
        // the venue's pending-cancel and pending-replace acks repeat what the tracker holds; two reports go back in time
        assertEquals(Map.of("APPLIED APPLIED", 138, "IGNORED DUPLICATE", 71, "IGNORED STALE", 2), applied);
        assertEquals(138, published.size(), "only what the tracker applied is published");
        // LLOYLN: refused for its price, a market order canceled, a market sell filled in two trades at 50.1985 (rounded to 50.20)
        assertEquals(OrderStatus.REJECTED, order("IREACH_t182_LLOYLN.nx83e.j#a1").status());
        assertEquals(OrderStatus.CANCELED, order("IREACH_t182_LLOYLN.nx83e.k#a1").status());
        OrderState filled = order("IREACH_t183_LLOYLN.nx83e.m#a1");
        assertEquals(OrderStatus.FILLED, filled.status());
        assertEquals(5020, filled.lastFillPriceScaled());
        // a limit sell replaced four times (one of them to 800), partly filled, then canceled
        for (String replaced : new String[] {"o", "p", "q", "r"}) {
            assertEquals(OrderStatus.REPLACED, order("IREACH_t183_LLOYLN.nx83e." + replaced + "#a1").status(), replaced);
        }
        OrderState canceled = order("IREACH_t183_LLOYLN.nx83e.s#a1");
        assertEquals(OrderStatus.CANCELED, canceled.status());
        assertEquals(400, canceled.filledQuantityScaled());
        assertEquals(800, canceled.quantityScaled());
        // ABIBB: three replaces refused by OrderCancelReject (434=2), the original goes on and is replaced by the fourth
        for (String rejected : new String[] {"x", "y", "z"}) {
            assertEquals(OrderStatus.REJECTED, order("IREACH_t192_ABIBB.nx83e." + rejected + "#a1").status(), rejected);
        }
        assertEquals(OrderStatus.REPLACED, order("IREACH_t192_ABIBB.nx83e.w#a1").status());
        assertTrue(decoder.roundedPrices() > 0, "fills at 4 decimals on symbols at 2 are rounded, not dropped");
    }

    @Test
    void shouldFollowTheMontranFlowThroughPendingNewToFilled() throws Exception {
        replay(FixLogs.messages("Montran_order_messages.log", FixFields.SOH), FixFields.SOH, "FIXTESTA");
        assertEquals(List.of(), refused);
        assertEquals(Map.of(ExecutionReportDecoder.REPORT, 4, ExecutionReportDecoder.NO_CHANGE, 2), decoded, "pending new changes nothing");
        assertEquals(OrderStatus.FILLED, order("FIXTESTA05").status());
        assertEquals(100, state.filledQuantityScaled());
        assertEquals(9500, state.lastFillPriceScaled());
        assertEquals(OrderStatus.FILLED, order("FIXTESTA06").status());
    }

    /**
     * The two logs whose messages were edited by hand (SOURCES.md: BodyLength and CheckSum left as
     * they were): a session drops such a message before reading it, so the replay plays only the
     * well-framed ones. Test_UserDefined's second order exists only in edited copies: its reports
     * name an order this run never sent.
     */
    @Test
    void shouldFindTheEditedMessagesByTheirFramingAndFollowTheRest() throws Exception {
        List<String> all = FixLogs.messages("Test_UserDefined.log", FixFields.SOH);
        List<String> framed = all.stream().filter(m -> FixLogs.framed(m, FixFields.SOH)).toList();
        assertEquals(15, all.size());
        assertEquals(10, framed.size(), "five edited messages");
        List<String> edited = FixLogs.messages("20200105.txt", '|');
        assertEquals(1, edited.size());
        assertTrue(!FixLogs.framed(edited.get(0), '|'), "its one message was edited");
        assertTrue(FixLogs.messages("Montran_order_messages.log", FixFields.SOH).stream().allMatch(m -> FixLogs.framed(m, FixFields.SOH)),
                "the check passes the unedited log it was copied from");

        replay(framed, FixFields.SOH, "FIXTESTA");
        assertEquals(List.of(), refused);
        assertEquals(Map.of(ExecutionReportDecoder.REPORT, 2, ExecutionReportDecoder.NOT_OURS, 3), decoded, "05: new, filled; 06: not sent");
        assertEquals(OrderStatus.FILLED, order("FIXTESTA05").status());
        assertEquals(100, state.filledQuantityScaled());
    }

    @Test
    void shouldLeaveTradesEnteredOutsideFixAlone() throws Exception {
        // 360T's FX fills for MUREX carry no ClOrdID: orders placed elsewhere, not Flox's
        replay(FixLogs.messages("FIX.4.4-MUREX_TI_TEST-360T_TI_TEST.body", FixFields.SOH), FixFields.SOH, "360T_TI_TEST");
        assertEquals(Map.of(ExecutionReportDecoder.NOT_OURS, 2), decoded);
        assertEquals(0, tracker.trackedOrderCount());
    }
}
