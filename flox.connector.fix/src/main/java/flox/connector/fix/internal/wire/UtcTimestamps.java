package flox.connector.fix.internal.wire;

/**
 * FIX UTCTimestamp ({@code YYYYMMDD-HH:MM:SS[.sss|.ssssss|.sssssssss]}, SendingTime 52,
 * TransactTime 60) to nanoseconds since the Unix epoch, without allocation. Stateless; thread-safe.
 */
public final class UtcTimestamps {
    /** {@link #parseNs}'s answer for a value that is not a UTCTimestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private UtcTimestamps() {
    }

    /** The value of {@code tag} in {@code f} as epoch nanoseconds; 0 when absent, {@link #INVALID} when malformed. */
    public static long ofField(FixFields f, int tag) {
        int i = f.find(tag);
        return i < 0 ? 0 : parseNs(f.text(), f.startAt(i), f.endAt(i));
    }

    public static long parseNs(CharSequence s, int start, int end) {
        int n = end - start;
        if (n < 17 || s.charAt(start + 8) != '-' || s.charAt(start + 11) != ':' || s.charAt(start + 14) != ':') return INVALID;
        int year = digits(s, start, 4);
        int month = digits(s, start + 4, 2);
        int day = digits(s, start + 6, 2);
        int hour = digits(s, start + 9, 2);
        int minute = digits(s, start + 12, 2);
        int second = digits(s, start + 15, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 60) {
            return INVALID;
        }
        long fractionNs = 0;
        if (n > 17) {
            int fraction = n - 18;
            if (s.charAt(start + 17) != '.' || (fraction != 3 && fraction != 6 && fraction != 9)) return INVALID;
            for (int i = 0; i < 9; i++) {
                int d = i < fraction ? s.charAt(start + 18 + i) - '0' : 0;
                if (d < 0 || d > 9) return INVALID;
                fractionNs = fractionNs * 10 + d;
            }
        }
        long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000_000_000L + second * 1_000_000_000L + fractionNs;
    }

    private static int digits(CharSequence s, int at, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = s.charAt(at + i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097L + doe - 719468;
    }
}
