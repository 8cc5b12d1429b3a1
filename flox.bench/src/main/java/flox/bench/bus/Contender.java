package flox.bench.bus;

import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventProcessor;
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
 * One side of a side-by-side run: a bus with its subscribers started; the publishing threads
 * call {@link #publish}. Implementations:
 * <ul>
 *   <li>{@code flox}: async, one agent thread per subscriber; with one publisher the
 *       one-publisher ring ({@code publishers=single}: a plain claim, as the Disruptor's SINGLE),
 *       with several the many-to-many ring (a claim is a CAS on the cursor, as MULTI);</li>
 *   <li>{@code flox-sync}: the publisher delivers to every subscriber before publish returns;</li>
 *   <li>{@code loop}: a plain loop on the publisher's thread calling the same subscribers with
 *       the publisher's event, no bus at all: the floor of in-thread delivery, the peer of
 *       {@code flox-sync} (an async ring is not);</li>
 *   <li>{@code disruptor-single}: the LMAX Disruptor with {@link ProducerType#SINGLE} (one
 *       publishing thread only; its best configuration for one publisher);</li>
 *   <li>{@code disruptor-multi}: the Disruptor with {@link ProducerType#MULTI} (several
 *       publishers).</li>
 * </ul>
 * A suffix {@code /batch=N} on a Disruptor name caps its BatchEventProcessor's batch at N
 * (default: unbounded, everything published so far; Flox's agents read at most 256 a turn).
 *
 * <p>Equivalent configuration: the same ring size, the same {@link TradeEvent} payload copied
 * into a preallocated entry on publish (one event per publish call on both sides: no batch
 * publishing), lossless subscribers gating the publishers (Flox "lossless", i.e. required; every
 * Disruptor handler gates), one consumer thread per subscriber, and the same wait-strategy
 * family: Flox idle "yielding" (spin then yield) vs YieldingWaitStrategy, "busy-spin"
 * (BusySpinIdleStrategy) vs BusySpinWaitStrategy. Each harness moves a new contender into the
 * old generation ({@link #promoteToOldGeneration()}) before it counts anything.
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

    /**
     * Moves every live object, a contender just built included, into the old generation, where a
     * running host's bus keeps its ring. A young ring skips G1's card marking on reference stores
     * into its slots and is promoted by whichever young collection comes first, in the middle of
     * a measurement. Called after {@link #create} and before the publishers start (G1, the
     * default here: a full collection compacts every live object into old regions).
     */
    static void promoteToOldGeneration() {
        System.gc();
    }

    /** As {@link #create(String, String, int, BenchSink[], int)} with one publisher. */
    static Contender create(String impl, String idle, int ringSize, BenchSink[] sinks) {
        return create(impl, idle, ringSize, sinks, 1);
    }

    /**
     * @param publishers how many threads will publish; {@code disruptor-single} takes only one
     *     (its claim is not thread-safe), the others any number.
     */
    static Contender create(String impl, String idle, int ringSize, BenchSink[] sinks, int publishers) {
        boolean onePublisher = publishers == 1; // as the Disruptor's SINGLE: the ring for one publishing thread
        if (impl.startsWith("flox@")) return new Flox(false, idle, ringSize, sinks, Long.parseLong(impl.substring(5)), onePublisher);
        int batch = 0;
        String base = impl;
        int at = impl.indexOf("/batch=");
        if (at > 0) {
            base = impl.substring(0, at);
            batch = Integer.parseInt(impl.substring(at + 7));
        }
        switch (base) {
            case "flox": return new Flox(false, idle, ringSize, sinks, 0, onePublisher);
            case "flox-sync": return new Flox(true, idle, ringSize, sinks, 0, false);
            case "loop": return new Loop(sinks);
            case "disruptor-single":
                if (publishers != 1) throw new IllegalArgumentException("disruptor-single takes one publisher, not " + publishers);
                return new Lmax(ProducerType.SINGLE, idle, ringSize, sinks, batch);
            case "disruptor-multi": return new Lmax(ProducerType.MULTI, idle, ringSize, sinks, batch);
            default: throw new IllegalArgumentException("impl is flox, flox-sync, loop, disruptor-single or disruptor-multi, not " + impl);
        }
    }

    /** The floor of in-thread delivery: the publisher calls every subscriber itself. */
    static final class Loop extends Contender {
        private final BenchSink[] sinks;

        Loop(BenchSink[] sinks) {
            this.sinks = sinks;
        }

        @Override
        long publish(TradeEvent event) {
            BenchSink[] s = sinks;
            for (int i = 0; i < s.length; i++) s[i].onTrade(event);
            return 0;
        }

        @Override
        void close() {
        }

        @Override
        List<Thread> consumerThreads() {
            return List.of();
        }

        @Override
        String problems() {
            return "";
        }
    }

    static final class Flox extends Contender {
        private final MarketDataBus bus;
        private final BenchSink[] sinks;
        private final List<Thread> threads = new ArrayList<>();
        private String stopReport = "";

        /**
         * @param monitorIntervalMs the bus monitor's sampling interval; 0: the bus's default
         * @param onePublisher async on the one-publisher ring (publishers=single)
         */
        Flox(boolean sync, String idle, int ringSize, BenchSink[] sinks, long monitorIntervalMs, boolean onePublisher) {
            this.sinks = sinks;
            // publish timeout: a publisher waits up to 10 s for a lagging subscriber before BACK_PRESSURED
            StandaloneBuses.Options options = new StandaloneBuses.Options().sync(sync).onePublisher(onePublisher).ringSize(ringSize).idle(idle)
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

        /** @param maxBatch the BatchEventProcessors' batch cap; 0: the Disruptor's default (unbounded) */
        Lmax(ProducerType producer, String idle, int ringSize, BenchSink[] sinks, int maxBatch) {
            disruptor = new Disruptor<>(TradeHolder.FACTORY, ringSize, r -> {
                Thread t = new Thread(r, "disruptor-consumer-" + threads.size());
                t.setDaemon(true);
                threads.add(t);
                return t;
            }, producer, waitStrategy(idle));
            if (maxBatch > 0) {
                EventProcessor[] processors = new EventProcessor[sinks.length];
                RingBuffer<TradeHolder> rb = disruptor.getRingBuffer();
                for (int i = 0; i < sinks.length; i++) {
                    processors[i] = new BatchEventProcessorBuilder().setMaxBatchSize(maxBatch).build(rb, rb.newBarrier(), sinks[i]);
                }
                disruptor.handleEventsWith(processors);
            } else {
                disruptor.handleEventsWith(sinks);
            }
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
