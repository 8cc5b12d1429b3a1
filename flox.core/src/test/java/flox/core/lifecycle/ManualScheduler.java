package flox.core.lifecycle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} whose time only moves when the test calls {@link #advance}:
 * one-shot {@code schedule(Runnable, ...)} tasks run on the caller's thread, in due order, once
 * the manual clock reaches them. Everything else is unsupported. Single-threaded test use.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    final class Task implements ScheduledFuture<Object> {
        final Runnable command;
        final long dueMs;
        final long delayMs;
        boolean canceled;
        boolean done;

        Task(Runnable command, long dueMs, long delayMs) {
            this.command = command;
            this.dueMs = dueMs;
            this.delayMs = delayMs;
        }

        @Override public long getDelay(TimeUnit unit) { return unit.convert(dueMs - nowMs, TimeUnit.MILLISECONDS); }
        @Override public int compareTo(Delayed o) { return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS)); }
        @Override public boolean cancel(boolean mayInterrupt) {
            if (done || canceled) return false;
            canceled = true;
            return true;
        }
        @Override public boolean isCancelled() { return canceled; }
        @Override public boolean isDone() { return done || canceled; }
        @Override public Object get() { throw new UnsupportedOperationException(); }
        @Override public Object get(long timeout, TimeUnit unit) { throw new UnsupportedOperationException(); }
    }

    private long nowMs;
    /** Every task ever scheduled, in scheduling order. */
    final List<Task> scheduled = new ArrayList<>();

    /** Moves the clock by {@code ms} and runs the tasks that became due (not canceled), earliest first. */
    void advance(long ms) {
        long target = nowMs + ms;
        while (true) {
            Task next = scheduled.stream().filter(t -> !t.isDone() && t.dueMs <= target)
                    .min(Comparator.comparingLong(t -> t.dueMs)).orElse(null);
            if (next == null) break;
            nowMs = next.dueMs;
            next.done = true;
            next.command.run();
        }
        nowMs = target;
    }

    /** Tasks neither run nor canceled. */
    List<Task> waiting() {
        List<Task> out = new ArrayList<>();
        for (Task t : scheduled) if (!t.isDone()) out.add(t);
        return out;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        long ms = unit.toMillis(delay);
        Task t = new Task(command, nowMs + ms, ms);
        scheduled.add(t);
        return t;
    }

    @Override public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) { throw new UnsupportedOperationException(); }
    @Override public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) { throw new UnsupportedOperationException(); }
    @Override public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) { throw new UnsupportedOperationException(); }
    @Override public void execute(Runnable command) { throw new UnsupportedOperationException(); }
    @Override public void shutdown() { throw new UnsupportedOperationException(); }
    @Override public List<Runnable> shutdownNow() { throw new UnsupportedOperationException(); }
    @Override public boolean isShutdown() { return false; }
    @Override public boolean isTerminated() { return false; }
    @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return false; }
}
