package flox.connector.binance.internal.feed;

/**
 * A reusable {@link CharSequence} view over part of a char array (Jackson's text buffer, a
 * symbol buffer), so text can be parsed and compared without creating Strings. Only
 * {@link #toString()} and {@link #subSequence} allocate (for messages). Not thread-safe; valid
 * until the array it views changes.
 */
public final class CharView implements CharSequence {
    private char[] chars;
    private int offset;
    private int length;

    public CharView set(char[] chars, int offset, int length) {
        this.chars = chars;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return chars[offset + index];
    }

    public boolean contentEquals(CharSequence s) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    boolean startsWith(String prefix) {
        if (prefix.length() > length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (chars[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return new String(chars, offset, length);
    }
}
