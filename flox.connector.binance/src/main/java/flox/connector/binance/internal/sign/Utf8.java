package flox.connector.binance.internal.sign;

/** UTF-8 encoding of a CharSequence into a byte array, without allocation. The caller sizes the array (4 bytes a char at most). */
final class Utf8 {
    private Utf8() {
    }

    static int write(CharSequence s, byte[] out, int at) {
        return write(s, out, at, false);
    }

    /** As {@link #write}, with JSON's escapes for quote, backslash and control characters. */
    static int writeJsonEscaped(CharSequence s, byte[] out, int at) {
        return write(s, out, at, true);
    }

    private static int write(CharSequence s, byte[] out, int at, boolean json) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (json && (c == '"' || c == '\\')) {
                    out[at++] = '\\';
                    out[at++] = (byte) c;
                } else if (json && c < 0x20) {
                    out[at++] = '\\';
                    out[at++] = 'u';
                    out[at++] = '0';
                    out[at++] = '0';
                    out[at++] = (byte) Character.forDigit(c >> 4, 16);
                    out[at++] = (byte) Character.forDigit(c & 0xF, 16);
                } else {
                    out[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xF0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[at++] = '?'; // a lone surrogate is not text
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }
}
