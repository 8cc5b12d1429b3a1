package flox.bench.sim;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExecutionReports;
import flox.bench.bus.Probes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The order path of the host, single-threaded (the venue inline, the execution bus sync), so
 * that {@code -prof gc}'s gc.alloc.rate.norm is the path's own allocation. See {@link SimRig}
 * for the wiring, the book and the risk limits.
 *
 * <ul>
 *   <li>{@code submitIoc}: one IOC limit order of one lot per op through the host's gateway
 *       ({@code OrderGateway.submit}: symbol check, tracker NEW, the real risk engine's six
 *       checks, tracker PENDING_NEW) to the simulated exchange, which matches it inline against
 *       the best level and reports ACCEPTED then FILLED; each report is applied to the tracker
 *       and published on the sync execution bus to the risk engine's position feed, all before
 *       submit returns. Ops alternate buy at the best ask and sell at the best bid, so the
 *       position stays within one lot; orders end FILLED, and once the tracker's 65,536 slots
 *       are used every new order evicts a finished one (steady state).</li>
 *   <li>{@code riskCheck}: the risk engine's check alone on the same order, for the breakdown.</li>
 *   <li>{@code executionReport}: the handling of one venue report, as the venue does it: a
 *       PARTIALLY_FILLED report (cumulative quantity grows by one lot) on one of 1,024 open
 *       orders, cycled, through {@code ExecutionReports}: applied to the tracker and, being
 *       applied, published on the sync execution bus to one subscriber, the risk engine's
 *       position feed.</li>
 * </ul>
 *
 * Every op must be accepted and every report applied: each trial checks at teardown that the
 * gateway refused nothing, that the tracker applied every report and that the bus lost nothing
 * (otherwise the figure would be an error path's). Target: about 0 B/op on all three.
 *
 * <p>Allocation: gc.alloc.rate.norm divides the whole JVM's allocation rate by the op rate, so a
 * constant background (JMH's harness, the execution bus's monitor thread waking every 50 ms)
 * shows as a fraction of a byte per op that grows with the op's duration. Since every op runs on
 * the benchmark thread, the benchmark also measures that thread alone (ThreadMXBean allocated
 * bytes over the measurement iterations, divided by their ops) and prints it as a {@code [sim]}
 * line, appended to the side file {@code -Dflox.bench.sidecar=path} (tab-separated: benchmark,
 * bytes per op, ops).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SubmissionBenchmark {
    static final int OPEN = 1_024;
    static final int OPEN_MASK = OPEN - 1;
    static final long HUGE_QTY = Long.MAX_VALUE / 4;

    /** Counts the benchmark thread's allocated bytes over the measurement iterations. */
    public abstract static class ThreadAllocation {
        private boolean measuring;
        private long iterationStartOps;
        private long iterationStartBytes;
        private long measuredOps;
        private long measuredBytes;

        /** Ops done so far. */
        abstract long opsSoFar();

        @Setup(Level.Iteration)
        public void beginIteration(IterationParams params) {
            measuring = params.getType() == IterationType.MEASUREMENT;
            iterationStartOps = opsSoFar();
            iterationStartBytes = Probes.allocatedBytes(List.of(), true);
        }

        @TearDown(Level.Iteration)
        public void endIteration() {
            long bytes = Probes.allocatedBytes(List.of(), true) - iterationStartBytes;
            if (measuring) {
                measuredOps += opsSoFar() - iterationStartOps;
                measuredBytes += bytes;
            }
        }

        /** Prints and records the benchmark thread's bytes per op. */
        void report(BenchmarkParams params) {
            String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            double perOp = measuredOps == 0 ? 0 : (double) measuredBytes / measuredOps;
            String line = String.join("\t", name, String.format(Locale.ROOT, "%.4f", perOp), Long.toString(measuredOps));
            System.out.println("[sim] " + line.replace('\t', ' ') + " (benchmark, benchmark thread's bytes/op, measured ops)");
            String sidecar = System.getProperty("flox.bench.sidecar");
            if (sidecar == null) return;
            try {
                Files.write(Path.of(sidecar), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot append to " + sidecar, e);
            }
        }
    }

    /** The rig with an inline venue, and the two orders the ops alternate between. */
    @State(Scope.Thread)
    public static class Submit extends ThreadAllocation {
        SimRig rig;
        final OrderRequest buy = new OrderRequest();
        final OrderRequest sell = new OrderRequest();
        long ops;
        long checks;
        long refused;

        @Setup(Level.Trial)
        public void setUp() {
            rig = new SimRig(true);
            buy.limit(0, SimRig.MEASURED_SYMBOL, Side.BUY, SimRig.BEST_ASK, SimRig.LOT, TimeInForce.IOC).strategyId(SimRig.STRATEGY);
            sell.limit(0, SimRig.MEASURED_SYMBOL, Side.SELL, SimRig.BEST_BID, SimRig.LOT, TimeInForce.IOC).strategyId(SimRig.STRATEGY);
        }

        @Override
        long opsSoFar() {
            return ops + checks;
        }

        @TearDown(Level.Trial)
        public void check(BenchmarkParams params) {
            report(params);
            String problems = rig.problems(RejectReason.NONE);
            long fills = rig.venue.fills();
            rig.close();
            if (refused != 0 || !problems.isEmpty() || fills != ops) {
                throw new IllegalStateException(ops + " orders, " + refused + " refused, " + fills + " fills; " + problems);
            }
        }
    }

    @Benchmark
    public RejectReason submitIoc(Submit st) {
        OrderRequest r = (++st.ops & 1) == 0 ? st.buy : st.sell;
        RejectReason result = st.rig.gateway.submit(r.clientOrderId(st.rig.gateway.nextClientOrderId()));
        if (result != RejectReason.NONE) st.refused++;
        return result;
    }

    @Benchmark
    public RejectReason riskCheck(Submit st) {
        OrderRequest r = (++st.checks & 1) == 0 ? st.buy : st.sell;
        RejectReason result = st.rig.risk.check(r);
        if (result != RejectReason.NONE) st.refused++;
        return result;
    }

    /** 1,024 accepted orders whose quantities are so large that they never fill completely. */
    @State(Scope.Thread)
    public static class Reports extends ThreadAllocation {
        SimRig rig;
        /** The rule every executor follows: applied to the tracker, published only if applied. */
        ExecutionReports reporter;
        final ExecutionEvent event = new ExecutionEvent();
        final long[] ids = new long[OPEN];
        final Side[] sides = new Side[OPEN];
        final long[] cumulative = new long[OPEN];
        long nextExecId;
        long reports;
        long notApplied;
        int cursor;

        @Setup(Level.Trial)
        public void setUp() {
            rig = new SimRig(true);
            reporter = new ExecutionReports(rig.tracker, rig.executionBus);
            OrderRequest request = new OrderRequest();
            for (int i = 0; i < OPEN; i++) {
                long id = rig.gateway.nextClientOrderId();
                ids[i] = id;
                sides[i] = i % 2 == 0 ? Side.BUY : Side.SELL;
                request.limit(id, SimRig.MEASURED_SYMBOL, sides[i], SimRig.MID, HUGE_QTY, TimeInForce.GTC).strategyId(SimRig.STRATEGY);
                require(rig.tracker.onNew(request, 1));
                require(rig.tracker.onSubmitted(id, 2));
                require(rig.tracker.apply(event.reset(ExecType.ACCEPTED, id, SimRig.MEASURED_SYMBOL, sides[i])
                        .order(SimRig.MID, HUGE_QTY).exchangeOrderId(id).execId(++nextExecId).timestamps(3, 3)));
            }
        }

        @Override
        long opsSoFar() {
            return reports;
        }

        @TearDown(Level.Trial)
        public void check(BenchmarkParams params) {
            report(params);
            long open = rig.tracker.openOrderCount();
            rig.close();
            if (notApplied != 0 || open != OPEN) {
                throw new IllegalStateException(reports + " reports, " + notApplied + " not applied by the tracker; " + open + " open orders");
            }
        }
    }

    @Benchmark
    public long executionReport(Reports st) {
        int i = st.cursor++ & OPEN_MASK;
        long id = st.ids[i];
        long cum = st.cumulative[i] += SimRig.LOT;
        st.reports++;
        ExecutionEvent e = st.event.reset(ExecType.PARTIALLY_FILLED, id, SimRig.MEASURED_SYMBOL, st.sides[i])
                .fill(SimRig.MID, SimRig.LOT, cum).execId(++st.nextExecId).timestamps(cum, cum);
        if (st.reporter.report(e) != TrackerResult.APPLIED) st.notApplied++;
        return st.reporter.published();
    }

    static void require(TrackerResult r) {
        if (r != TrackerResult.APPLIED) throw new IllegalStateException("setup update was " + r);
    }
}
