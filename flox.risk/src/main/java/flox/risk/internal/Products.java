package flox.risk.internal;

/**
 * Exact comparison of products of non-negative longs in 128 bits ({@link Math#multiplyHigh}),
 * so that price x quantity at any pair of scales never overflows. Stateless; no allocation.
 */
final class Products {
    private Products() {
    }

    /**
     * Compares {@code a * b} with {@code c * d}, all four non-negative.
     *
     * @return negative, zero or positive as {@code a * b} is less than, equal to or greater than {@code c * d}
     */
    static int compare(long a, long b, long c, long d) {
        long high1 = Math.multiplyHigh(a, b);
        long high2 = Math.multiplyHigh(c, d);
        if (high1 != high2) {
            return Long.compare(high1, high2);
        }
        return Long.compareUnsigned(a * b, c * d);
    }

    /** {@code a + b}, saturating at {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}. */
    static long addSaturated(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** {@code a - b}, saturating at {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}. */
    static long subtractSaturated(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
