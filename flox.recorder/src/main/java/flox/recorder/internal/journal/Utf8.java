package flox.recorder.internal.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * UTF-8 of a CharSequence into an Agrona buffer and back into a StringBuilder, without
 * allocating (String.getBytes would allocate per event). Unpaired surrogates are written as '?'.
 * Stateless; thread-safe.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** Bytes {@link #encode} writes for {@code s} (null: 0). */
    public static int length(CharSequence s) {
        if (s == null) return 0;
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) n++;
            else n += 3;
        }
        return n;
    }

    /** Writes {@code s} at {@code index}; returns the bytes written ({@link #length}). */
    public static int encode(CharSequence s, MutableDirectBuffer b, int index) {
        if (s == null) return 0;
        int p = index;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b.putByte(p++, (byte) c);
            } else if (c < 0x800) {
                b.putByte(p++, (byte) (0xC0 | c >> 6));
                b.putByte(p++, (byte) (0x80 | c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b.putByte(p++, (byte) (0xF0 | cp >> 18));
                b.putByte(p++, (byte) (0x80 | cp >> 12 & 0x3F));
                b.putByte(p++, (byte) (0x80 | cp >> 6 & 0x3F));
                b.putByte(p++, (byte) (0x80 | cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b.putByte(p++, (byte) '?');
            } else {
                b.putByte(p++, (byte) (0xE0 | c >> 12));
                b.putByte(p++, (byte) (0x80 | c >> 6 & 0x3F));
                b.putByte(p++, (byte) (0x80 | c & 0x3F));
            }
        }
        return p - index;
    }

    /** Appends the UTF-8 text of {@code length} bytes at {@code index} to {@code out}; malformed bytes become U+FFFD. */
    public static StringBuilder decode(DirectBuffer b, int index, int length, StringBuilder out) {
        int end = index + length;
        int p = index;
        while (p < end) {
            int c = b.getByte(p++) & 0xFF;
            if (c < 0x80) {
                out.append((char) c);
                continue;
            }
            int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
            if (extra < 0 || p + extra > end) {
                out.append('\uFFFD');
                continue;
            }
            int cp = c & (0x3F >> extra);
            boolean ok = true;
            for (int k = 0; k < extra; k++) {
                int cc = b.getByte(p + k) & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    ok = false;
                    break;
                }
                cp = cp << 6 | cc & 0x3F;
            }
            if (!ok) {
                out.append('\uFFFD');
                continue;
            }
            p += extra;
            out.appendCodePoint(cp);
        }
        return out;
    }
}
