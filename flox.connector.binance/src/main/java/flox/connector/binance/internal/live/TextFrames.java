package flox.connector.binance.internal.live;

/**
 * A WebSocket text frame as bytes for the parsers: the JDK hands text as a {@code CharSequence}
 * (in parts when a frame is long); the parts are joined and the whole encoded as UTF-8 into a
 * reused buffer. One per connection, on its receiving thread; no allocation but a buffer's growth.
 */
final class TextFrames {
    private final StringBuilder parts = new StringBuilder(16 * 1024);
    private byte[] bytes = new byte[16 * 1024];
    private int length;

    /** Takes one part; true when {@code last} completed a frame, which {@link #bytes()} and {@link #length()} then hold. */
    boolean take(CharSequence data, boolean last) {
        if (!last) {
            parts.append(data);
            return false;
        }
        if (parts.length() > 0) {
            parts.append(data);
            length = encode(parts);
            parts.setLength(0);
        } else {
            length = encode(data);
        }
        return true;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    private int encode(CharSequence s) {
        int n = s.length();
        if (bytes.length < 3 * n) bytes = new byte[Math.max(3 * n, 2 * bytes.length)];
        int at = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes[at++] = (byte) c;
            } else if (c < 0x800) {
                bytes[at++] = (byte) (0xC0 | (c >> 6));
                bytes[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                bytes[at++] = (byte) (0xE0 | (c >> 12)); // surrogate pairs come out as two 3-byte sequences: not in Binance's messages
                bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }
}
