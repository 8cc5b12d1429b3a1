package flox.bus.internal.delivery;

import flox.api.symbol.SymbolRegistry;
import java.lang.System.Logger.Level;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * The stall monitor of one {@link FanOutBus}: stalls, lag, the inline callback in progress and
 * symbol filters. {@link #tick} runs on the monitor's own thread ({@link #start}, from the bus's
 * open) or on a test's; its state is that thread's alone. Allocates only when something changes.
 */
final class BusMonitor {
    private static final System.Logger LOG = FanOutBus.LOG;
    private static final int HISTORY = 128;

    private final FanOutBus<?> bus;
    private final long[] historyNs = new long[HISTORY];
    private final long[] historyCursor = new long[HISTORY];
    private int historyNext;
    private int historyFilled;
    private int knownRegistrySize = -1;
    private Subscription inlineWatched;
    private long inlineWatchedDeliveries;
    private long inlineWatchedSinceNs;

    BusMonitor(FanOutBus<?> bus) {
        this.bus = bus;
    }

    /** Starts the monitor's thread, which ticks every {@code monitorSleepMs}; the caller closes the runner. */
    AgentRunner start() {
        String role = "flox-" + bus.name() + "-monitor";
        AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(bus.settings.monitorSleepMs()), bus::onAgentError, null,
                new Agent() {
                    @Override public int doWork() {
                        tick(System.nanoTime());
                        return 0;
                    }

                    @Override public String roleName() {
                        return role;
                    }
                });
        AgentRunner.startOnThread(runner, r -> {
            Thread t = new Thread(r, role);
            t.setDaemon(true);
            return t;
        });
        return runner;
    }

    /**
     * Samples progress: marks subscribers stalled after the stall timeout without progress
     * while events wait (a non-required lossless one stops gating publishers then, and gates
     * again once it is within half a ring), computes lag, and re-resolves symbol filters when
     * the registry has changed. Allocation only when something changes.
     */
    void tick(long nowNs) {
        long cursor = bus.ring.cursor();
        historyNs[historyNext] = nowNs;
        historyCursor[historyNext] = cursor;
        historyNext = (historyNext + 1) % HISTORY;
        if (historyFilled < HISTORY) historyFilled++;

        SymbolRegistry reg = bus.symbols;
        if (reg != null && reg.size() != knownRegistrySize) {
            knownRegistrySize = reg.size();
            synchronized (bus.subscriptionLock) {
                for (Subscription sub : bus.all) bus.resolveSymbols(sub);
            }
        }

        Subscription[] subs = bus.all;
        for (int i = 0; i < subs.length; i++) {
            Subscription sub = subs[i];
            SubscriberAgent<?> agent = sub.agent;
            if (agent == null || sub.runner == null) continue;
            long position = agent.reader.position.getAcquire();
            boolean behind = position < cursor;
            if (!behind || position != sub.monitorLastPosition) {
                sub.monitorLastPosition = position;
                sub.monitorLastProgressNs = nowNs;
                if (sub.stalled) {
                    sub.stalled = false;
                    LOG.log(Level.INFO, bus.name() + ": subscriber " + sub.name + " is making progress again");
                }
                if (agent.reader.detached && cursor - position < bus.ring.size() / 2 && bus.ring.attach(agent.reader)) {
                    LOG.log(Level.INFO, bus.name() + ": subscriber " + sub.name + " caught up; it gates publishers again");
                }
            } else if (!sub.stalled && nowNs - sub.monitorLastProgressNs >= bus.settings.stallTimeoutNs) {
                sub.stalled = true;
                bus.stalls.incrementAndGet();
                boolean detach = !sub.lossy && !sub.required;
                LOG.log(Level.WARNING, bus.name() + ": subscriber " + sub.name + " stalled: no progress for "
                        + (nowNs - sub.monitorLastProgressNs) / 1_000_000 + " ms with " + (cursor - position) + " event(s) waiting"
                        + (detach ? "; it no longer gates publishers (not required): events it misses are counted as dropped"
                                  : sub.lossy ? "; publishers go on, it drops what it misses" : "; publishers wait for it (required)"));
                if (detach) agent.reader.detached = true;
            }
            sub.lagNs = behind ? nowNs - publishedAtNs(position + 1) : 0;
        }

        Subscription current = bus.inlineCurrent;
        long deliveries = current == null ? 0 : current.delivered(); // moves whenever its callback returns
        if (current == null || current != inlineWatched || deliveries != inlineWatchedDeliveries) {
            if (inlineWatched != null && inlineWatched.stalled) {
                inlineWatched.stalled = false;
                LOG.log(Level.INFO, bus.name() + ": subscriber " + inlineWatched.name + " returned from its callback");
            }
            inlineWatched = current;
            inlineWatchedDeliveries = deliveries;
            inlineWatchedSinceNs = nowNs;
        } else if (!current.stalled && nowNs - inlineWatchedSinceNs >= bus.settings.stallTimeoutNs) {
            current.stalled = true;
            bus.stalls.incrementAndGet();
            LOG.log(Level.WARNING, bus.name() + ": subscriber " + current.name + " stalled in its callback for "
                    + (nowNs - inlineWatchedSinceNs) / 1_000_000 + " ms; sync mode: publishers wait for it");
        }
        if (current != null && current.stalled) current.lagNs = nowNs - inlineWatchedSinceNs;
    }

    /** When the cursor first reached {@code sequence}, as far as the sampled history tells. */
    private long publishedAtNs(long sequence) {
        long at = historyNs[(historyNext - 1 + HISTORY) % HISTORY];
        for (int k = 1; k <= historyFilled; k++) {
            int i = (historyNext - k + HISTORY) % HISTORY;
            if (historyCursor[i] < sequence) break;
            at = historyNs[i];
        }
        return at;
    }
}
