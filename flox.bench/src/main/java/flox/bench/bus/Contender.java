package flox.bench.bus;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import flox.api.bus.MarketDataBus;
import flox.api.event.TradeEvent;
import flox.bus.internal.StandaloneBuses;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One side of a side-by-side run: a bus with its subscribers started, the calling thread
 * being the (only) publisher. Implementations: {@code flox} (async: one agent thread per
 * subscriber), {@code flox-sync} (the publisher delivers to every subscriber before publish
 * returns; no consumer threads), {@code disruptor} (one BatchEventProcessor thread per handler).
 *
 * <p>Equivalent configuration: multi-producer on both (Flox always is; the Disruptor gets
 * {@link ProducerType#MULTI}), the same ring size, the same {@link TradeEvent} payload copied
 * into a preallocated entry on publish, lossless subscribers gating the publisher (Flox
 * "lossless", i.e. required; every Disruptor handler gates), and the same wait-strategy family:
 * Flox idle "yielding" (Agrona YieldingIdleStrategy) vs YieldingWaitStrategy, "busy-spin"
 * (BusySpinIdleStrategy) vs BusySpinWaitStrategy.
 */
abstract class Contender {
    /** Keeps the bus's INFO lines (one per subscriber joining) out of benchmark output. */
    private static final Logger BUS_LOG = Logger.getLogger("flox.bus");

    static {
        BUS_LOG.setLevel(Level.WARNING);
    }

    /** @return >= 0, or a negative {@link flox.api.bus.BusResult} code (Flox only). */
    abstract long publish(TradeEvent event);

    /** Waits until every published event is delivered, then stops the consumer threads. */
    abstract void close();

    /** The threads that deliver to subscribers (empty in sync mode: the publisher delivers). */
    abstract List<Thread> consumerThreads();

    /** Anything the bus itself reports as not delivered or dropped; empty when all is well. */
    abstract String problems();

    static Contender create(String impl, String idle, int ringSize, BenchSink[] sinks) {
        if (impl.startsWith("flox@")) return new Flox(false, idle, ringSize, sinks, Long.parseLong(impl.substring(5)));
        switch (impl) {
            case "flox": return new Flox(false, idle, ringSize, sinks);
            case "flox-sync": return new Flox(true, idle, ringSize, sinks);
            case "disruptor": return new Lmax(idle, ringSize, sinks);
            default: throw new IllegalArgumentException("impl is flox, flox-sync or disruptor, not " + impl);
        }
    }

    static final class Flox extends Contender {
        private final MarketDataBus bus;
        private final BenchSink[] sinks;
        private final List<Thread> threads = new ArrayList<>();
        private String stopReport = "";

        Flox(boolean sync, String idle, int ringSize, BenchSink[] sinks) {
            this(sync, idle, ringSize, sinks, 0);
        }

        /** @param monitorIntervalMs the bus monitor's sampling interval; 0: the bus's default */
        Flox(boolean sync, String idle, int ringSize, BenchSink[] sinks, long monitorIntervalMs) {
            this.sinks = sinks;
            // publish timeout: a publisher waits up to 10 s for a lagging subscriber before BACK_PRESSURED
            StandaloneBuses.Options options = new StandaloneBuses.Options().sync(sync).ringSize(ringSize).idle(idle)
                    .publishTimeoutMs(10_000).stallTimeoutMs(10_000);
            if (monitorIntervalMs > 0) options.monitorIntervalMs(monitorIntervalMs);
            bus = StandaloneBuses.marketData(options, null);
            for (int i = 0; i < sinks.length; i++) StandaloneBuses.subscribe(bus, sinks[i], "sub" + i, "lossless", i);
            if (!sync) {
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().startsWith("flox-market-data-sub")) threads.add(t);
                }
                if (threads.size() != sinks.length) {
                    throw new IllegalStateException("expected " + sinks.length + " agent threads, found " + threads);
                }
            }
        }

        @Override
        long publish(TradeEvent event) {
            return bus.publishTrade(event);
        }

        @Override
        void close() {
            stopReport = StandaloneBuses.stop(bus);
            for (Thread t : threads) join(t);
        }

        @Override
        List<Thread> consumerThreads() {
            return threads;
        }

        @Override
        String problems() {
            StringBuilder b = new StringBuilder();
            for (BenchSink s : sinks) {
                long[] c = StandaloneBuses.counters(bus, s);
                if (c != null && (c[1] != 0 || c[2] != 0)) b.append("dropped ").append(c[1]).append(", errors ").append(c[2]).append("; ");
            }
            if (stopReport.contains("undelivered")) b.append(stopReport);
            return b.toString();
        }
    }

    static final class Lmax extends Contender {
        private final Disruptor<TradeHolder> disruptor;
        private final RingBuffer<TradeHolder> ring;
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        Lmax(String idle, int ringSize, BenchSink[] sinks) {
            disruptor = new Disruptor<>(TradeHolder.FACTORY, ringSize, r -> {
                Thread t = new Thread(r, "disruptor-consumer-" + threads.size());
                t.setDaemon(true);
                threads.add(t);
                return t;
            }, ProducerType.MULTI, waitStrategy(idle));
            disruptor.handleEventsWith(sinks);
            ring = disruptor.start();
        }

        private static WaitStrategy waitStrategy(String idle) {
            switch (idle) {
                case "busy-spin": return new BusySpinWaitStrategy();
                case "yielding": return new YieldingWaitStrategy();
                default: throw new IllegalArgumentException("the side-by-side runs use busy-spin or yielding, not " + idle);
            }
        }

        @Override
        long publish(TradeEvent event) {
            ring.publishEvent(TradeHolder.TRANSLATOR, event);
            return 0;
        }

        @Override
        void close() {
            try {
                disruptor.shutdown(10, TimeUnit.SECONDS); // waits until every handler consumed everything, then halts
            } catch (com.lmax.disruptor.TimeoutException e) {
                disruptor.halt();
                throw new IllegalStateException("disruptor did not drain within 10 s");
            }
            for (Thread t : threads) join(t);
        }

        @Override
        List<Thread> consumerThreads() {
            return threads;
        }

        @Override
        String problems() {
            return "";
        }
    }

    static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not stop within 10 s");
    }
}
