package flox.core.gateway;

import flox.core.config.ConfigReader;

/**
 * The gateway's {@code first.id} setting: where client order ids start. A whole number N (default
 * 1) starts every run at N, so a replay gives the same ids each time; {@code epoch} starts at the
 * wall-clock milliseconds since the Unix epoch times {@value #IDS_PER_MS}, so a restart never
 * reuses an id of an earlier run that a venue may still hold. Why that holds, and its limits,
 * are in {@link flox.api.order.OrderGateway#nextClientOrderId()}. Cold path.
 */
public final class ClientOrderIds {
    public static final String KEY = "first.id";
    public static final String EPOCH = "epoch";
    /** Ids one millisecond of wall-clock time pays for, a power of two; see OrderGateway. */
    public static final long IDS_PER_MS = 1024;
    static final int MS_SHIFT = Long.numberOfTrailingZeros(IDS_PER_MS);
    /** Highest fixed first id: leaves 2^62 ids before a long overflows. */
    static final long MAX_FIXED = 1L << 62;

    private final String setting;
    private final long fixedFirst;

    private ClientOrderIds(String setting, long fixedFirst) {
        this.setting = setting;
        this.fixedFirst = fixedFirst;
    }

    /** Ids from 1: deterministic. */
    public static ClientOrderIds deterministic() {
        return new ClientOrderIds("1", 1);
    }

    /**
     * The setting in {@code config}; a value that is neither {@code epoch} nor a whole number in
     * [1, 2^62] is refused through {@code config} (file and field named) and {@code fallback} kept.
     */
    public static ClientOrderIds read(ConfigReader config, ClientOrderIds fallback) {
        String v = config.stringValue(KEY, null);
        if (v == null) return fallback;
        ClientOrderIds parsed = parse(v);
        if (parsed != null) return parsed;
        config.reject(KEY, "'" + v + "' is neither epoch nor a whole number in [1, " + MAX_FIXED + "]", fallback.setting);
        return fallback;
    }

    /** {@code epoch} or a whole number in [1, 2^62]; null for anything else. */
    public static ClientOrderIds parse(String setting) {
        if (setting.equalsIgnoreCase(EPOCH)) return new ClientOrderIds(EPOCH, 0);
        try {
            long n = Long.parseLong(setting);
            if (n >= 1 && n <= MAX_FIXED) return new ClientOrderIds(setting, n);
        } catch (NumberFormatException ignored) {
            // not a number
        }
        return null;
    }

    public boolean epochSeeded() {
        return fixedFirst == 0;
    }

    /** The first id of a run that starts at wall-clock time {@code epochNanos}. */
    public long firstId(long epochNanos) {
        return epochSeeded() ? epochSeed(epochNanos) : fixedFirst;
    }

    /** Milliseconds since the epoch times {@link #IDS_PER_MS}; never 0 or negative for a clock after 1970. */
    static long epochSeed(long epochNanos) {
        return Math.max(1, (epochNanos / 1_000_000L) << MS_SHIFT);
    }

    /** As written in the configuration: {@code epoch} or the number. */
    @Override
    public String toString() {
        return setting;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientOrderIds && ((ClientOrderIds) o).fixedFirst == fixedFirst;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fixedFirst);
    }
}
