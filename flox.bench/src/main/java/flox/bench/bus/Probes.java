package flox.bench.bus;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Measuring aids: the core-to-core round trip (tells which of the machine's two regimes a
 * figure was taken in, see ANCHORS.md) and per-thread allocated bytes.
 */
public final class Probes {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static volatile long ball;
    private static volatile boolean stop;

    private Probes() {
    }

    /**
     * Median over up to 9 batches of the average cache-line round trip between this thread and
     * a helper thread, in ns; 2,000 round trips a batch, at most ~300 ms in all (threads sharing
     * one core hand over only at scheduler ticks: then the figure is in the milliseconds).
     */
    public static long roundTripNs() {
        final int batches = 9, perBatch = 2_000;
        final long deadline = System.nanoTime() + 300_000_000L;
        ball = 0;
        stop = false;
        Thread echo = new Thread(() -> {
            for (long expect = 1; ; expect += 2) {
                while (ball != expect) {
                    if (stop) return;
                    Thread.onSpinWait();
                }
                ball = expect + 1;
            }
        }, "round-trip-probe");
        echo.setDaemon(true);
        echo.start();
        long[] avg = new long[batches];
        int done = 0;
        long v = 0;
        while (done < batches && (done == 0 || System.nanoTime() - deadline < 0)) {
            long start = System.nanoTime();
            int i = 0;
            for (; i < perBatch; i++) {
                ball = ++v;
                long want = ++v;
                while (ball != want) Thread.onSpinWait();
                if ((i & 63) == 63 && System.nanoTime() - deadline > 0) {
                    i++;
                    break;
                }
            }
            avg[done++] = (System.nanoTime() - start) / i;
        }
        stop = true;
        Contender.join(echo);
        java.util.Arrays.sort(avg, 0, done);
        return avg[done / 2];
    }

    /**
     * {busy ticks of the whole machine, CPU ticks of this process} from /proc (Linux; USER_HZ
     * ticks, 10 ms), or {0, 0} where unavailable.
     */
    public static long[] cpuTicks() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) busy += Long.parseLong(f[i]); // user nice system (idle iowait) irq softirq steal
            }
            String self = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] g = self.substring(self.lastIndexOf(')') + 2).split(" ");
            return new long[] {busy, Long.parseLong(g[11]) + Long.parseLong(g[12])}; // utime, stime (fields 14, 15)
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Total time the JIT compilers have spent so far, in ms (0 where unsupported). */
    public static long jitMs() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * CPU time so far of the JIT compiler threads, in ms (10 ms resolution, from /proc; 0
     * elsewhere). Unlike {@link #jitMs}, which moves only when a compilation finishes, it also
     * shows a long compilation still running.
     */
    public static long compilerCpuMs() {
        long ticks = 0;
        for (java.util.Map.Entry<String, long[]> e : threadStats().entrySet()) {
            if (e.getKey().startsWith("C1_CompilerThre") || e.getKey().startsWith("C2_CompilerThre")) ticks += e.getValue()[0];
        }
        return ticks * 10;
    }

    /**
     * Waits until the JIT has neither finished a compilation nor used CPU for {@code quietMs}, at
     * most {@code maxMs}; returns the time waited, in ms.
     */
    public static long awaitJitQuiet(long quietMs, long maxMs) {
        long start = System.nanoTime();
        long lastDone = jitMs(), lastCpu = compilerCpuMs();
        long quietSince = start;
        while (System.nanoTime() - start < maxMs * 1_000_000L) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            long done = jitMs(), cpu = compilerCpuMs();
            if (done != lastDone || cpu != lastCpu) {
                lastDone = done;
                lastCpu = cpu;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quietMs * 1_000_000L) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1_000_000L;
    }

    /**
     * Per thread of this process ("kernel name/tid"): {CPU ticks (utime + stime, 10 ms),
     * involuntary context switches} so far, from /proc/self/task (Linux; empty elsewhere).
     */
    public static java.util.Map<String, long[]> threadStats() {
        java.util.Map<String, long[]> m = new java.util.TreeMap<>();
        try (java.nio.file.DirectoryStream<java.nio.file.Path> tasks = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : tasks) {
                try {
                    String st = java.nio.file.Files.readString(t.resolve("stat"));
                    String name = st.substring(st.indexOf('(') + 1, st.lastIndexOf(')')).replace(' ', '_') + "/" + t.getFileName();
                    String[] g = st.substring(st.lastIndexOf(')') + 2).split(" ");
                    long involuntary = 0;
                    for (String line : java.nio.file.Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("nonvoluntary_ctxt_switches:")) involuntary = Long.parseLong(line.substring(27).trim());
                    }
                    m.put(name, new long[] {Long.parseLong(g[11]) + Long.parseLong(g[12]), involuntary});
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return m;
        }
        return m;
    }

    /** CPU time other processes used between two {@link #cpuTicks} samples, in ms (10 ms resolution). */
    public static long foreignCpuMs(long[] before, long[] after) {
        return ((after[0] - before[0]) - (after[1] - before[1])) * 10;
    }

    /** Bytes allocated so far by these threads (and the calling one if {@code withCaller}). */
    public static long allocatedBytes(List<Thread> threads, boolean withCaller) {
        long sum = withCaller ? THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) : 0;
        for (int i = 0; i < threads.size(); i++) {
            long b = THREADS.getThreadAllocatedBytes(threads.get(i).getId());
            if (b > 0) sum += b;
        }
        return sum;
    }
}
