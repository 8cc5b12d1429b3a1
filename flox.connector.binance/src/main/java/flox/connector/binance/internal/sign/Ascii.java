package flox.connector.binance.internal.sign;

/** Whole numbers and fixed-point decimals written as ASCII digits, without allocation. */
final class Ascii {
    private Ascii() {
    }

    static int writeLong(long v, byte[] out, int at) {
        if (v == Long.MIN_VALUE) throw new IllegalArgumentException("Long.MIN_VALUE is not a request value");
        if (v < 0) {
            out[at++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }

    /** {@code scaled} with {@code scale} fraction digits, all written ("1.50000000"); no point at scale 0. */
    static int writeDecimal(long scaled, int scale, byte[] out, int at) {
        if (scale == 0) return writeLong(scaled, out, at);
        if (scaled < 0) {
            out[at++] = '-';
            scaled = -scaled; // prices and quantities are never Long.MIN_VALUE
        }
        long unit = 1;
        for (int i = 0; i < scale; i++) unit *= 10;
        at = writeLong(scaled / unit, out, at);
        out[at++] = '.';
        long frac = scaled % unit;
        for (int i = scale - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + frac % 10);
            frac /= 10;
        }
        return at + scale;
    }
}
