package flox.strategy.samples.internal.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ExecutionInboxTest {
    @Test
    void shouldRefuseWhenFullAndAcceptAgainOnceDrained() {
        ExecutionInbox inbox = new ExecutionInbox(4);
        ExecutionEvent e = new ExecutionEvent();
        for (int i = 1; i <= 4; i++) assertTrue(inbox.offer(e.reset(ExecType.ACCEPTED, i, 0, Side.BUY)));
        assertFalse(inbox.offer(e.reset(ExecType.ACCEPTED, 5, 0, Side.BUY)));
        long[] seen = new long[8];
        int[] n = {0};
        assertEquals(4, inbox.drain((type, id, px, qty, cum) -> seen[n[0]++] = id));
        assertTrue(inbox.offer(e.reset(ExecType.FILLED, 5, 0, Side.BUY).fill(7, 8, 9)));
        ExecType[] type = new ExecType[1];
        long[] fields = new long[4];
        assertEquals(1, inbox.drain((t, id, px, qty, cum) -> {
            type[0] = t;
            fields[0] = id;
            fields[1] = px;
            fields[2] = qty;
            fields[3] = cum;
        }));
        assertEquals(ExecType.FILLED, type[0]);
        assertEquals(5, fields[0]);
        assertEquals(7, fields[1]);
        assertEquals(8, fields[2]);
        assertEquals(9, fields[3]);
        assertEquals(1, seen[0]);
        assertEquals(4, seen[3]);
        assertEquals(0, inbox.size());
    }

    @Test
    void shouldDeliverEveryRecordOnceInOrderAcrossThreads() throws Exception {
        ExecutionInbox inbox = new ExecutionInbox(256);
        int total = 200_000;
        Thread producer = new Thread(() -> {
            ExecutionEvent e = new ExecutionEvent();
            for (int i = 1; i <= total; i++) {
                e.reset(ExecType.PARTIALLY_FILLED, i, 0, Side.SELL).fill(i * 2L, i * 3L, i * 4L);
                while (!inbox.offer(e)) Thread.onSpinWait();
            }
        });
        producer.start();
        long[] expected = {1};
        while (expected[0] <= total) {
            inbox.drain((t, id, px, qty, cum) -> {
                assertEquals(expected[0], id);
                assertEquals(id * 2, px);
                assertEquals(id * 3, qty);
                assertEquals(id * 4, cum);
                expected[0]++;
            });
        }
        producer.join();
        assertEquals(0, inbox.size());
    }
}
