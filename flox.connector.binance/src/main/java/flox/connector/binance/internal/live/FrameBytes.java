package flox.connector.binance.internal.live;

import java.nio.ByteBuffer;

/**
 * A WebSocket text message as bytes for the parsers, from the payloads of its frames (a first
 * frame and its continuations): copied into a reused buffer, which grows up to a cap. One per
 * connection, used under the connection's session lock; no allocation but the buffer's growth.
 */
final class FrameBytes {
    private final int maxMessageBytes;
    private byte[] bytes = new byte[16 * 1024];
    private int length;
    private boolean complete = true;

    /** @param maxMessageBytes the largest message taken; a longer one is refused by {@link #take} */
    FrameBytes(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Takes one frame's payload (not consumed: its position stays). Returns 1 when {@code fin}
     * completed a message, which {@link #bytes()} and {@link #length()} then hold; 0 when more
     * frames follow; -1 when the message would pass the cap (the part taken is dropped).
     */
    int take(ByteBuffer payload, boolean fin) {
        if (complete) length = 0;
        int n = payload == null ? 0 : payload.remaining();
        if ((long) length + n > maxMessageBytes) {
            length = 0;
            complete = true;
            return -1;
        }
        if (length + n > bytes.length) {
            byte[] grown = new byte[(int) Math.min(maxMessageBytes, Math.max((long) length + n, 2L * bytes.length))];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
        }
        if (n > 0) payload.get(payload.position(), bytes, length, n);
        length += n;
        complete = fin;
        return fin ? 1 : 0;
    }

    /** Forgets a message in progress (the connection it came on is gone). */
    void reset() {
        length = 0;
        complete = true;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }
}
