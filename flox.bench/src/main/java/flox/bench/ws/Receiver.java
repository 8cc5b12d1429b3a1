package flox.bench.ws;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * One client of {@link WsReceiveBenchmark}: its library's callback (on the library's thread)
 * puts each text frame's bytes into {@link #buf}, the byte[] the connector's feed decoder would
 * read, and calls {@link #frameDone}; the benchmark thread waits in {@link #awaitFrames}.
 * Frame lengths are checked against the recording's, in order, so a lost, torn or reordered frame
 * fails the trial. Allocation: none per frame in this class (a thread set entry when the callback
 * changes threads).
 */
abstract class Receiver {
    /** The decoder's input, reused for every frame (larger than any frame of the recording). */
    final byte[] buf = new byte[1 << 20];
    /** Bytes of the current frame so far. */
    int len;

    private final int[] expected;
    private long frames;
    private long mismatches;
    private volatile long published;
    private volatile long target = Long.MAX_VALUE;
    private volatile Thread waiter;
    private volatile Throwable failure;
    private volatile boolean stopping;
    private long consumed;
    private Thread lastThread;
    /** Threads the callback ran on. */
    final Set<Thread> callbackThreads = ConcurrentHashMap.newKeySet();

    Receiver(int[] expected) {
        this.expected = expected;
    }

    /** Connects to the server: {@code ws} the WebSocket URI, {@code tcpPort} the floor's port. */
    abstract void open(URI ws, int tcpPort) throws Exception;

    /** Disconnects and stops the library's threads. */
    abstract void close() throws Exception;

    /** Name prefixes of the threads the client library runs (its allocation is the client's cost). */
    abstract String[] threadPrefixes();

    /** Length of the frame expected next (the recording's, in order). */
    final int expectedNext() {
        return expected[(int) (frames % expected.length)];
    }

    /** Called by the callback when the frame in {@link #buf}[0, len) is complete. */
    final void frameDone() {
        Thread t = Thread.currentThread();
        if (t != lastThread) {
            lastThread = t;
            callbackThreads.add(t);
        }
        if (len != expected[(int) (frames % expected.length)]) mismatches++;
        len = 0;
        long n = ++frames;
        published = n;
        if (n >= target) {
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        }
    }

    /** Disconnects; errors the library reports from then on (a closed channel) are not failures. */
    final void stop() throws Exception {
        stopping = true;
        close();
    }

    /** The callback saw an error: the benchmark fails at its next wait. */
    final void fail(Throwable t) {
        if (stopping) return;
        failure = t;
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
    }

    /** Waits until {@code count} more frames than last time have been received (10 s without one fails). */
    final long awaitFrames(int count) {
        long goal = consumed += count;
        if (published >= goal) return goal;
        waiter = Thread.currentThread();
        target = goal;
        long seen = published;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (published < goal) {
            if (failure != null) throw new IllegalStateException("the client failed", failure);
            LockSupport.parkNanos(this, 1_000_000L);
            long now = published;
            if (now != seen) {
                seen = now;
                deadline = System.nanoTime() + 10_000_000_000L;
            } else if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no frame for 10 s after " + now + " frames");
            }
        }
        return goal;
    }

    /** Frames received so far (any thread). */
    final long published() {
        return published;
    }

    final long mismatches() {
        return mismatches;
    }

    final Throwable failure() {
        return failure;
    }
}
