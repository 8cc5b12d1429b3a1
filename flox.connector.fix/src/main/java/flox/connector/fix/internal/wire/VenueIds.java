package flox.connector.fix.internal.wire;

/**
 * A venue's OrderID (37) or ExecID (17) string as the long Flox keeps
 * ({@code ExecutionEvent.exchangeOrderId}, {@code execId}): all digits and within a long, the
 * number itself (positive); otherwise a 64-bit hash with the sign bit set (negative), so a hashed
 * id never equals a numeric one. 0 means none. Two different non-numeric ids share a value with
 * probability about n^2 / 2^64 for n ids (FNV-1a with a final mix); see docs/ARCHITECTURE.md.
 *
 * <p>Stateless; thread-safe; no allocation.
 */
public final class VenueIds {
    private VenueIds() {
    }

    /** The long of {@code tag}'s value in {@code f}; 0 when absent or empty. */
    public static long ofField(FixFields f, int tag) {
        int i = f.find(tag);
        return i < 0 ? 0 : toLong(f.text(), f.startAt(i), f.endAt(i));
    }

    public static long toLong(CharSequence s, int start, int end) {
        if (start >= end) return 0;
        long v = 0;
        boolean numeric = end - start <= 19;
        for (int i = start; i < end && numeric; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || v > (Long.MAX_VALUE - (c - '0')) / 10) {
                numeric = false;
            } else {
                v = v * 10 + (c - '0');
            }
        }
        if (numeric && v > 0) return v;
        long h = 0xcbf29ce484222325L; // FNV-1a, 64 bits, over UTF-16 code units
        for (int i = start; i < end; i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33; // MurmurHash3's fmix64: every input bit reaches every output bit
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h | Long.MIN_VALUE;
    }

    public static long toLong(CharSequence s) {
        return toLong(s, 0, s.length());
    }
}
