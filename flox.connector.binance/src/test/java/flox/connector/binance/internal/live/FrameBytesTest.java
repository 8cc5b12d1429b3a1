package flox.connector.binance.internal.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameBytesTest {
    static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer d = ByteBuffer.allocateDirect(b.length + 4);
        d.position(2); // a payload is a slice of a read buffer: not at 0
        d.put(b).flip().position(2);
        return d;
    }

    static String text(FrameBytes f) {
        return new String(f.bytes(), 0, f.length(), StandardCharsets.US_ASCII);
    }

    @Test
    void shouldTakeAWholeMessageWithoutConsumingThePayload() {
        FrameBytes f = new FrameBytes(1 << 20);
        ByteBuffer p = direct("{\"e\":\"trade\"}");
        int before = p.position();
        assertEquals(1, f.take(p, true));
        assertEquals("{\"e\":\"trade\"}", text(f));
        assertEquals(before, p.position(), "Jetty releases the buffer after the callback; the copy must not move it");
    }

    @Test
    void shouldJoinAMessageSentInSeveralFramesAndStartAfreshAfterIt() {
        FrameBytes f = new FrameBytes(1 << 20);
        assertEquals(0, f.take(direct("{\"a\":"), false));
        assertEquals(0, f.take(ByteBuffer.allocate(0), false)); // an empty continuation
        assertEquals(1, f.take(direct("1}"), true));
        assertEquals("{\"a\":1}", text(f));
        assertEquals(1, f.take(direct("{}"), true));
        assertEquals("{}", text(f));
    }

    @Test
    void shouldGrowForALongMessageAndKeepWhatWasJoined() {
        FrameBytes f = new FrameBytes(1 << 20);
        char[] c = new char[100_000];
        Arrays.fill(c, 'x');
        String longPart = new String(c);
        assertEquals(0, f.take(direct("["), false));
        assertEquals(1, f.take(direct(longPart + "]"), true));
        assertEquals(100_002, f.length());
        assertArrayEquals(("[" + longPart + "]").getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(f.bytes(), f.length()));
    }

    @Test
    void shouldRefuseAMessageOverTheCapAndTakeTheNextOne() {
        FrameBytes f = new FrameBytes(10);
        assertEquals(0, f.take(direct("123456"), false));
        assertEquals(-1, f.take(direct("78901"), true), "11 bytes in all: over the cap of 10");
        assertEquals(1, f.take(direct("1234567890"), true), "exactly the cap is taken");
        assertEquals("1234567890", text(f));
    }

    @Test
    void shouldForgetAPartialMessageOnReset() {
        FrameBytes f = new FrameBytes(1 << 20);
        assertEquals(0, f.take(direct("{\"half"), false));
        f.reset(); // the connection it came on is gone
        assertEquals(1, f.take(direct("{}"), true));
        assertEquals("{}", text(f));
    }
}
