package flox.connector.binance.internal.sign;

/** Percent-encoding (RFC 3986) of UTF-8 text into a byte array, without allocation: unreserved characters as they are, others as %XX. */
final class Percent {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    private Percent() {
    }

    static int write(CharSequence s, byte[] out, int at) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (unreserved(c)) {
                out[at++] = (byte) c;
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) cp = Character.toCodePoint(c, s.charAt(++i));
            else if (Character.isSurrogate(c)) cp = '?';
            if (cp < 0x80) {
                at = escape(cp, out, at);
            } else if (cp < 0x800) {
                at = escape(0xC0 | (cp >> 6), out, at);
                at = escape(0x80 | (cp & 0x3F), out, at);
            } else if (cp < 0x10000) {
                at = escape(0xE0 | (cp >> 12), out, at);
                at = escape(0x80 | ((cp >> 6) & 0x3F), out, at);
                at = escape(0x80 | (cp & 0x3F), out, at);
            } else {
                at = escape(0xF0 | (cp >> 18), out, at);
                at = escape(0x80 | ((cp >> 12) & 0x3F), out, at);
                at = escape(0x80 | ((cp >> 6) & 0x3F), out, at);
                at = escape(0x80 | (cp & 0x3F), out, at);
            }
        }
        return at;
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    }

    private static int escape(int b, byte[] out, int at) {
        out[at++] = '%';
        out[at++] = HEX[(b >> 4) & 0xF];
        out[at++] = HEX[b & 0xF];
        return at;
    }
}
