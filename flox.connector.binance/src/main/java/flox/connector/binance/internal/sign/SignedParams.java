package flox.connector.binance.internal.sign;

/**
 * The parameters of one WebSocket API request, written two ways without allocation: the payload
 * Binance signs (every parameter but {@code signature}, sorted by name, {@code name=value} joined
 * with {@code &}, UTF-8, no percent-encoding) and the JSON {@code "params"} object sent.
 * Values are text, whole numbers or fixed-point decimals (written with exactly their scale's
 * digits, as Binance echoes them).
 *
 * <p>Reused per request by the connector's sending thread; not thread-safe. Names must be
 * constants (they are compared and written as given); at most {@link #CAPACITY} parameters.
 */
public final class SignedParams {
    public static final int CAPACITY = 24;
    private static final int TEXT = -1;
    private static final int NUMBER = -2;
    private static final int BOOLEAN = -3;

    private final String[] names = new String[CAPACITY];
    private final CharSequence[] texts = new CharSequence[CAPACITY];
    private final long[] numbers = new long[CAPACITY];
    /** Per parameter: a decimal's scale (>= 0), or TEXT, NUMBER, BOOLEAN. */
    private final int[] kinds = new int[CAPACITY];
    private final int[] sorted = new int[CAPACITY];
    private int count;

    public SignedParams clear() {
        for (int i = 0; i < count; i++) texts[i] = null;
        count = 0;
        return this;
    }

    public int size() {
        return count;
    }

    public SignedParams text(String name, CharSequence value) {
        int i = add(name, TEXT);
        texts[i] = value;
        return this;
    }

    public SignedParams number(String name, long value) {
        numbers[add(name, NUMBER)] = value;
        return this;
    }

    public SignedParams bool(String name, boolean value) {
        numbers[add(name, BOOLEAN)] = value ? 1 : 0;
        return this;
    }

    /** {@code scaled} at {@code scale} decimals (12345 at scale 2 is "123.45"). */
    public SignedParams decimal(String name, long scaled, int scale) {
        if (scale < 0 || scale > 18) throw new IllegalArgumentException("scale " + scale);
        numbers[add(name, scale)] = scaled;
        return this;
    }

    private int add(String name, int kind) {
        if (count == CAPACITY) throw new IllegalStateException("more than " + CAPACITY + " parameters");
        names[count] = name;
        kinds[count] = kind;
        return count++;
    }

    /** Writes the payload to sign at {@code offset}; returns the offset after it. */
    public int writeSigningPayload(byte[] out, int offset) {
        sortByName();
        int at = offset;
        for (int k = 0; k < count; k++) {
            int i = sorted[k];
            if (k > 0) out[at++] = '&';
            at = Utf8.write(names[i], out, at);
            out[at++] = '=';
            at = writeValue(i, out, at, false);
        }
        return at;
    }

    /**
     * Writes a REST query string at {@code offset}, in the order added, each name and value
     * percent-encoded (UTF-8) except RFC 3986's unreserved characters: what REST signs and sends.
     */
    public int writeQuery(byte[] out, int offset) {
        int at = offset;
        for (int i = 0; i < count; i++) {
            if (i > 0) out[at++] = '&';
            at = Percent.write(names[i], out, at);
            out[at++] = '=';
            if (kinds[i] == TEXT) at = Percent.write(texts[i], out, at);
            else at = writeValue(i, out, at, false); // digits, '-', '.', true/false: all unreserved
        }
        return at;
    }

    /**
     * Writes {@code {"name":value,...,"signature":"..."}} at {@code offset} in the order added,
     * the signature (ASCII) last when {@code signatureLength > 0}; returns the offset after it.
     */
    public int writeJson(byte[] out, int offset, byte[] signature, int signatureLength) {
        int at = offset;
        out[at++] = '{';
        for (int i = 0; i < count; i++) {
            if (i > 0) out[at++] = ',';
            out[at++] = '"';
            at = Utf8.write(names[i], out, at);
            out[at++] = '"';
            out[at++] = ':';
            at = writeValue(i, out, at, true);
        }
        if (signatureLength > 0) {
            if (count > 0) out[at++] = ',';
            at = Utf8.write("\"signature\":\"", out, at);
            System.arraycopy(signature, 0, out, at, signatureLength);
            at += signatureLength;
            out[at++] = '"';
        }
        out[at++] = '}';
        return at;
    }

    /** Text and decimals are JSON strings (Binance takes decimals as strings); numbers and booleans are bare. */
    private int writeValue(int i, byte[] out, int at, boolean json) {
        int kind = kinds[i];
        if (kind == TEXT) {
            if (!json) return Utf8.write(texts[i], out, at);
            out[at++] = '"';
            at = Utf8.writeJsonEscaped(texts[i], out, at);
            out[at++] = '"';
            return at;
        }
        if (kind == NUMBER) return Ascii.writeLong(numbers[i], out, at);
        if (kind == BOOLEAN) return Utf8.write(numbers[i] != 0 ? "true" : "false", out, at);
        if (json) out[at++] = '"';
        at = Ascii.writeDecimal(numbers[i], kind, out, at);
        if (json) out[at++] = '"';
        return at;
    }

    /** Insertion sort of the indexes by name (few parameters; no allocation). */
    private void sortByName() {
        for (int i = 0; i < count; i++) {
            int v = sorted[i] = i;
            int j = i - 1;
            while (j >= 0 && names[sorted[j]].compareTo(names[v]) > 0) {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = v;
        }
    }
}
