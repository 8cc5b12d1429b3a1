package flox.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PacerTest {
    /** A clock that moves 1 ns per read, and jumps when told (a publisher descheduled). */
    private static final class FakeClock {
        long now = 1_000;

        long read() {
            return now++;
        }
    }

    @Test
    void shouldStampEachEventWithItsDueTimeAndNotItsSendTime() {
        FakeClock clock = new FakeClock();
        Pacer pacer = new Pacer(clock::read, 1_000_000).start(5_000); // 1 µs period, 5 events

        List<Long> stamps = new ArrayList<>();
        for (long s; (s = pacer.awaitNext()) >= 0; ) stamps.add(s);

        assertEquals(List.of(1_000L, 2_000L, 3_000L, 4_000L, 5_000L), stamps);
    }

    @Test
    void shouldHandOutAStalledPublishersBacklogWithItsWaitInsteadOfDroppingIt() {
        FakeClock clock = new FakeClock();
        Pacer pacer = new Pacer(clock::read, 1_000_000).start(10_000); // 10 events due at 1,000 .. 10,000
        assertEquals(1_000, pacer.awaitNext());

        clock.now = 7_500; // descheduled for 6.5 µs: events due at 2,000 .. 7,000 are overdue
        long[] overdue = new long[6];
        for (int i = 0; i < overdue.length; i++) overdue[i] = pacer.awaitNext();
        long[] rest = {pacer.awaitNext(), pacer.awaitNext(), pacer.awaitNext(), pacer.awaitNext()};

        assertArrayEquals(new long[] {2_000, 3_000, 4_000, 5_000, 6_000, 7_000}, overdue, "every overdue event keeps its own due time");
        assertArrayEquals(new long[] {8_000, 9_000, 10_000, -1}, rest, "the schedule ends where it would have: nothing dropped, nothing added");
        assertEquals(7_500 - 2_000, pacer.maxLagNs(), "the worst lag is the first overdue event's wait");
    }
}
