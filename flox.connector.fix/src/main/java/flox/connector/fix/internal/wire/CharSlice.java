package flox.connector.fix.internal.wire;

/**
 * A window {@code [start, end)} onto another CharSequence, reset in place: a FIX field's value
 * handed to code that takes a CharSequence (the symbol registry, a reason text) without a String.
 *
 * <p>Not thread-safe; one per reading thread. No allocation but {@link #toString()} and
 * {@link #subSequence}.
 */
public final class CharSlice implements CharSequence {
    private CharSequence text = "";
    private int start;
    private int end;

    public CharSlice set(CharSequence text, int start, int end) {
        this.text = text;
        this.start = start;
        this.end = end;
        return this;
    }

    public CharSlice clear() {
        return set("", 0, 0);
    }

    @Override
    public int length() {
        return end - start;
    }

    @Override
    public char charAt(int index) {
        return text.charAt(start + index);
    }

    /** Whether the characters equal {@code s}'s. No allocation. */
    public boolean contentEquals(CharSequence s) {
        int n = end - start;
        if (s.length() != n) return false;
        for (int i = 0; i < n; i++) if (text.charAt(start + i) != s.charAt(i)) return false;
        return true;
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        return text.subSequence(start + from, start + to);
    }

    @Override
    public String toString() {
        return text.subSequence(start, end).toString();
    }
}
