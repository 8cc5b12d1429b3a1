package flox.bus.internal;

import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.metrics.PluginFaults;
import flox.api.symbol.SymbolRegistry;
import flox.bus.internal.delivery.BusSettings;
import flox.bus.internal.delivery.ExecutionFanOut;
import flox.bus.internal.delivery.ExecutionSlot;
import flox.bus.internal.delivery.FanOutBus;
import flox.bus.internal.delivery.MarketDataFanOut;
import flox.bus.internal.delivery.MarketDataSlot;
import flox.bus.internal.delivery.Subscription;

/**
 * Buses outside OSGi, for benchmarks and tests (the package stays private to the bundle; the
 * benchmark jar has it on its plain classpath). Each bus is opened on creation; call
 * {@link #stop} when done so its threads end.
 */
public final class StandaloneBuses {
    private StandaloneBuses() {
    }

    /** Options of a standalone bus, mirroring the configuration of the OSGi one. */
    public static final class Options {
        boolean sync;
        boolean onePublisher;
        int ringSize = 4096;
        int bookLevels = 32;
        String idle = "backoff";
        long publishTimeoutMs = 1000;
        long stallTimeoutMs = 2000;
        long monitorIntervalMs = BusSettings.defaults().monitorIntervalMs;

        public Options sync(boolean v) { sync = v; return this; }
        /** Async: the one-publisher ring (publishers=single): publish from one thread at a time. */
        public Options onePublisher(boolean v) { onePublisher = v; return this; }
        public Options ringSize(int v) { ringSize = v; return this; }
        public Options bookLevels(int v) { bookLevels = v; return this; }
        /** busy-spin, yielding, backoff or sleeping. */
        public Options idle(String v) { idle = v; return this; }
        public Options publishTimeoutMs(long v) { publishTimeoutMs = v; return this; }
        public Options stallTimeoutMs(long v) { stallTimeoutMs = v; return this; }
        public Options monitorIntervalMs(long v) { monitorIntervalMs = v; return this; }

        BusSettings settings() {
            return new BusSettings(sync ? BusSettings.Mode.SYNC : BusSettings.Mode.ASYNC,
                    onePublisher ? BusSettings.Publishers.SINGLE : BusSettings.Publishers.MULTI, ringSize, bookLevels, 1024,
                    BusSettings.Idle.valueOf(idle.toUpperCase(java.util.Locale.ROOT).replace('-', '_')),
                    publishTimeoutMs * 1_000_000, stallTimeoutMs * 1_000_000, 2_000_000_000L, monitorIntervalMs);
        }
    }

    public static MarketDataBus marketData(Options options, SymbolRegistry symbols) {
        MarketDataFanOut bus = new MarketDataFanOut("market-data", options.settings(), symbols);
        bus.open();
        return bus;
    }

    public static ExecutionBus execution(Options options, SymbolRegistry symbols) {
        ExecutionFanOut bus = new ExecutionFanOut("execution", options.settings(), symbols);
        bus.open();
        return bus;
    }

    /**
     * Subscribes {@code listener} (a {@link MarketDataSubscriber} or {@link ExecutionSubscriber}).
     * {@code policy} is "lossless" (required), "lossless-optional" or "lossy"; priority orders sync delivery.
     */
    public static void subscribe(Object bus, Object listener, String name, String policy, int priority) {
        subscribe(bus, listener, name, policy, priority, -1);
    }

    /** As above, for a subscriber registered by bundle {@code bundleId} (reported to the fault book when it throws). */
    public static void subscribe(Object bus, Object listener, String name, String policy, int priority, long bundleId) {
        subscribe(bus, listener, name, policy, priority, bundleId, null);
    }

    /** As above; {@code delivery} is "inline", "agent" or null (the bus's mode decides). */
    public static void subscribe(Object bus, Object listener, String name, String policy, int priority, long bundleId, String delivery) {
        boolean lossy = policy.equals("lossy");
        boolean required = policy.equals("lossless");
        int kinds = bus instanceof MarketDataFanOut ? (1 << MarketDataSlot.BOOK) | (1 << MarketDataSlot.TRADE) | (1 << MarketDataSlot.VENUE)
                : 1 << ExecutionSlot.EXECUTION;
        int d = delivery == null ? Subscription.MODE_DEFAULT : delivery.equals("inline") ? Subscription.INLINE : Subscription.AGENT;
        ((FanOutBus<?>) bus).subscribe(new Subscription(listener, name, priority, 0, 0, bundleId, kinds, null, lossy, required, d));
    }

    /** Where throwing subscribers are reported (null: nowhere). */
    public static void pluginFaults(Object bus, PluginFaults faults) {
        ((FanOutBus<?>) bus).faults(faults);
    }

    public static boolean unsubscribe(Object bus, Object listener) {
        return ((FanOutBus<?>) bus).unsubscribe(listener);
    }

    /** Stops fan-out, drains, stops the threads; returns the stop report. */
    public static String stop(Object bus) {
        return ((FanOutBus<?>) bus).stop();
    }

    /** Counters of one subscriber: {delivered, dropped, errors}. */
    public static long[] counters(Object bus, Object listener) {
        Subscription s = ((FanOutBus<?>) bus).find(listener);
        return s == null ? null : new long[] {s.delivered(), s.dropped(), s.errors()};
    }
}
