package flox.connector.fix.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {
    static long ns(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    static long parse(String s) {
        return UtcTimestamps.parseNs(s, 0, s.length());
    }

    @Test
    void shouldReadSecondsMillisMicrosAndNanos() {
        assertEquals(ns("2020-03-24T16:45:41Z"), parse("20200324-16:45:41"));
        assertEquals(ns("2020-03-24T16:45:41.792Z"), parse("20200324-16:45:41.792"));
        assertEquals(ns("2000-02-29T23:59:59.000001Z"), parse("20000229-23:59:59.000001"));
        assertEquals(ns("2262-04-11T23:47:16.854775807Z"), parse("22620411-23:47:16.854775807"));
        assertEquals(0, parse("19700101-00:00:00.000"));
        assertEquals(ns("1969-12-31T23:59:59Z"), parse("19691231-23:59:59"));
    }

    @Test
    void shouldRefuseWhatIsNotAUtcTimestamp() {
        for (String bad : new String[] {"2020032416:45:41", "20200324-16:45:41.7", "20201324-16:45:41", "20200324-24:00:00",
                "20200324-16:45:41.79x", "20200324 16:45:41", ""}) {
            assertEquals(UtcTimestamps.INVALID, parse(bad), bad);
        }
    }
}
