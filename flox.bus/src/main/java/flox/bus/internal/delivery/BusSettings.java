package flox.bus.internal.delivery;

import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.util.Locale;
import java.util.Map;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * A bus's configuration, read from Configuration Admin properties (see the components'
 * metatype). A bad value is refused with an error naming the file and field, and the
 * fallback (the last good value) is kept. Immutable; cold path.
 */
public final class BusSettings {
    public enum Mode { SYNC, ASYNC }

    public enum Idle { BUSY_SPIN, YIELDING, BACKOFF, SLEEPING }

    /** Async mode's ring: one publishing thread (no locked instruction per event) or any number. */
    public enum Publishers { SINGLE, MULTI }

    final Mode mode;
    final Publishers publishers;
    final int ringSize;
    final int bookLevels;
    final int reentrantQueueSize;
    final Idle idle;
    final long publishTimeoutNs;
    final long stallTimeoutNs;
    final long drainTimeoutNs;
    public final long monitorIntervalMs;

    BusSettings(Mode mode, int ringSize, int bookLevels, int reentrantQueueSize, Idle idle, long publishTimeoutNs,
                long stallTimeoutNs, long drainTimeoutNs, long monitorIntervalMs) {
        this(mode, Publishers.MULTI, ringSize, bookLevels, reentrantQueueSize, idle, publishTimeoutNs, stallTimeoutNs, drainTimeoutNs,
                monitorIntervalMs);
    }

    public BusSettings(Mode mode, Publishers publishers, int ringSize, int bookLevels, int reentrantQueueSize, Idle idle, long publishTimeoutNs,
                long stallTimeoutNs, long drainTimeoutNs, long monitorIntervalMs) {
        this.mode = mode;
        this.publishers = publishers;
        this.ringSize = ringSize;
        this.bookLevels = bookLevels;
        this.reentrantQueueSize = reentrantQueueSize;
        this.idle = idle;
        this.publishTimeoutNs = publishTimeoutNs;
        this.stallTimeoutNs = stallTimeoutNs;
        this.drainTimeoutNs = drainTimeoutNs;
        this.monitorIntervalMs = monitorIntervalMs;
    }

    /** Most levels per side of a book update (market-data bus). */
    public int bookLevels() {
        return bookLevels;
    }

    public static BusSettings defaults() {
        return new BusSettings(Mode.ASYNC, 4096, 32, 1024, Idle.BACKOFF, 1_000_000_000L, 2_000_000_000L, 2_000_000_000L, 250);
    }

    /**
     * Reads {@code config} over {@code fallback} against {@code schema}, the buses' metatype:
     * its ranges and options decide what is refused (errors collected in {@code config}); the one
     * rule it cannot say, a power-of-two ring, is checked here.
     */
    static BusSettings read(ConfigReader config, Metatype schema, BusSettings fallback) {
        Mode mode = Mode.valueOf(schema.optionValue(config, "mode", Metatype.option(fallback.mode)).toUpperCase(Locale.ROOT));
        Publishers publishers = Publishers.valueOf(schema.optionValue(config, "publishers", Metatype.option(fallback.publishers)).toUpperCase(Locale.ROOT));
        int ring = (int) schema.longValue(config, "ring.size", fallback.ringSize);
        if (Integer.bitCount(ring) != 1) {
            config.reject("ring.size", ring + " is not a power of two", fallback.ringSize);
            ring = fallback.ringSize;
        }
        Idle idle = Idle.valueOf(schema.optionValue(config, "idle.strategy", Metatype.option(fallback.idle)).toUpperCase(Locale.ROOT).replace('-', '_'));
        return new BusSettings(mode, publishers, ring,
                (int) schema.longValue(config, "book.levels", fallback.bookLevels),
                (int) schema.longValue(config, "reentrant.queue.size", fallback.reentrantQueueSize),
                idle,
                schema.longValue(config, "publish.timeout.ms", fallback.publishTimeoutNs / 1_000_000) * 1_000_000,
                schema.longValue(config, "stall.timeout.ms", fallback.stallTimeoutNs / 1_000_000) * 1_000_000,
                schema.longValue(config, "drain.timeout.ms", fallback.drainTimeoutNs / 1_000_000) * 1_000_000,
                schema.longValue(config, "monitor.interval.ms", fallback.monitorIntervalMs));
    }

    /** The metatype's defaults, as the components start without a configuration. */
    public static BusSettings defaults(Class<?> schema) {
        Metatype m = Metatype.of(schema);
        return read(new ConfigReader("defaults", java.util.Map.of()), m, defaults());
    }

    /** As above, from a component's properties; keys not in {@code schema} (its metatype) are logged as unknown. */
    public static BusSettings read(String pid, Map<String, ?> properties, Class<?> schema, BusSettings fallback, StringBuilder errors) {
        ConfigReader config = new ConfigReader(pid, properties);
        BusSettings s = read(config, Metatype.of(schema), fallback);
        if (config.hasErrors()) errors.append(config.errors());
        String unknown = config.unknownKeys(ConfigReader.keysOf(schema));
        if (!unknown.isEmpty()) FanOutBus.LOG.log(System.Logger.Level.WARNING, unknown);
        return s;
    }

    /**
     * How long the monitor sleeps between samples: the configured interval, but at most a
     * quarter of the stall timeout, so a stall is reported within 1.25 stall timeouts. Every
     * wake-up of the monitor takes a core from a busy thread for a moment (measured on 2 cores:
     * 50 ms sampling added ~14 involuntary context switches per 0.8 s to the process), hence a
     * low rate.
     */
    long monitorSleepMs() {
        return Math.max(1, Math.min(monitorIntervalMs, stallTimeoutNs / 4_000_000L));
    }

    IdleStrategy newIdleStrategy(FanOutBus<?> bus) {
        switch (idle) {
            case BUSY_SPIN: return new BusySpinIdleStrategy();
            case YIELDING: return new SpinThenYieldIdleStrategy(bus);
            case SLEEPING: return new SleepingMillisIdleStrategy(1);
            default: return new BackoffIdleStrategy(64, 64, 1_000, 100_000);
        }
    }

    /** True when async mode runs the one-publisher ring. */
    boolean singlePublisher() {
        return mode == Mode.ASYNC && publishers == Publishers.SINGLE;
    }

    BusSettings withPublishers(Publishers p) {
        return new BusSettings(mode, p, ringSize, bookLevels, reentrantQueueSize, idle, publishTimeoutNs, stallTimeoutNs, drainTimeoutNs, monitorIntervalMs);
    }

    BusSettings withMode(Mode m) {
        return new BusSettings(m, publishers, ringSize, bookLevels, reentrantQueueSize, idle, publishTimeoutNs, stallTimeoutNs, drainTimeoutNs, monitorIntervalMs);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BusSettings)) return false;
        BusSettings b = (BusSettings) o;
        return mode == b.mode && publishers == b.publishers && ringSize == b.ringSize && bookLevels == b.bookLevels && reentrantQueueSize == b.reentrantQueueSize
                && idle == b.idle && publishTimeoutNs == b.publishTimeoutNs && stallTimeoutNs == b.stallTimeoutNs
                && drainTimeoutNs == b.drainTimeoutNs && monitorIntervalMs == b.monitorIntervalMs;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(mode, publishers, ringSize, bookLevels, idle);
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT) + (singlePublisher() ? ", single publisher" : "") + ", ring " + ringSize + ", idle " + idle.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + ", publish timeout " + publishTimeoutNs / 1_000_000 + " ms, stall timeout " + stallTimeoutNs / 1_000_000 + " ms";
    }
}
