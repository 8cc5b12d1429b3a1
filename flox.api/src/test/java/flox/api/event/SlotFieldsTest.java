package flox.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The events a bus copies into its long-lived slots keep no mutable reference fields (the G1
 * write barrier: docs/ARCHITECTURE.md, "Slots store no references"), and their codes round-trip
 * every enum value and null.
 */
class SlotFieldsTest {
    /** Non-final, non-static instance fields of a reference type. */
    private static List<String> mutableReferenceFields(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) || Modifier.isFinal(m) || f.getType().isPrimitive()) continue;
            names.add(f.getName());
        }
        return names;
    }

    @Test
    void shouldKeepTradesAndBookUpdatesFreeOfReferenceStores() {
        assertEquals(List.of(), mutableReferenceFields(TradeEvent.class));
        assertEquals(List.of(), mutableReferenceFields(BookUpdate.class));
    }

    @Test
    void shouldStoreOnlyTheFeeAssetAsAReferenceInAnExecutionReport() {
        assertEquals(List.of("feeAsset"), mutableReferenceFields(ExecutionEvent.class));
    }

    @Test
    void shouldRoundTripEverySideThroughATradeCopy() {
        TradeEvent copy = new TradeEvent();
        for (Side side : Side.values()) {
            assertSame(side, copy.copyFrom(new TradeEvent().set(1, 2, 3, 4, side, 5, 6)).aggressorSide());
        }
        assertNull(copy.copyFrom(new TradeEvent().set(1, 2, 3, 4, null, 5, 6)).aggressorSide());
    }

    @Test
    void shouldRoundTripEveryBookUpdateType() {
        BookUpdate copy = new BookUpdate(1);
        for (BookUpdate.Type type : BookUpdate.Type.values()) {
            assertTrue(copy.copyFrom(new BookUpdate(1).reset(7, type)));
            assertSame(type, copy.type());
        }
    }

    @Test
    void shouldRoundTripEveryEnumOfAnExecutionReport() {
        ExecutionEvent copy = new ExecutionEvent();
        for (ExecType type : ExecType.values()) {
            assertSame(type, copy.copyFrom(new ExecutionEvent().reset(type, 1, 2, Side.SELL)).execType());
        }
        for (RejectReason reason : RejectReason.values()) {
            assertSame(reason, copy.copyFrom(new ExecutionEvent().reset(ExecType.REJECTED, 1, 2, Side.BUY).reason(reason, "x")).reason());
        }
        for (Liquidity liquidity : Liquidity.values()) {
            assertSame(liquidity, copy.copyFrom(new ExecutionEvent().reset(ExecType.FILLED, 1, 2, Side.BUY).liquidity(liquidity)).liquidity());
        }
        for (OrderStatus status : OrderStatus.values()) {
            assertSame(status, copy.copyFrom(new ExecutionEvent().reset(ExecType.RESTATED, 1, 2, Side.BUY).venueStatus(status)).venueStatus());
        }
        ExecutionEvent cleared = copy.copyFrom(new ExecutionEvent().reset(null, 1, 2, null));
        assertNull(cleared.execType());
        assertNull(cleared.side());
        assertNull(cleared.venueStatus());
        assertSame(RejectReason.NONE, cleared.reason());
        assertSame(Liquidity.UNKNOWN, cleared.liquidity());
        assertSame(Liquidity.UNKNOWN, copy.liquidity(null).liquidity());
    }

    @Test
    void shouldCopyTheFeeAssetAndClearItOnReset() {
        ExecutionEvent report = new ExecutionEvent().reset(ExecType.FILLED, 1, 2, Side.BUY).fee(5, 8, "BNB");
        ExecutionEvent copy = new ExecutionEvent().copyFrom(report);
        assertEquals("BNB", copy.feeAsset());
        assertEquals("x", copy.copyFrom(report.reason(RejectReason.NONE, "x")).text().toString());
        assertNull(copy.reset(ExecType.ACCEPTED, 1, 2, Side.BUY).feeAsset());
    }
}
