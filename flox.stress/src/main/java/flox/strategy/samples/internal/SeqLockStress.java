package flox.strategy.samples.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * The samples' SeqLock (one writer, any readers): the writer makes two writes, (1, 1) then
 * (2, 2); a reader copies (a, b) and retries until isValid. It sees a pair that was written,
 * never a mix of two writes.
 */
@JCStressTest
@Outcome(id = {"0, 0", "1, 1", "2, 2"}, expect = ACCEPTABLE, desc = "a consistent copy before, between or after the writes")
@Outcome(expect = FORBIDDEN, desc = "a torn copy")
@State
public class SeqLockStress {
    private final SeqLock lock = new SeqLock();
    private long a, b;

    @Actor
    public void writer() {
        lock.beginWrite();
        a = 1;
        b = 1;
        lock.endWrite();
        lock.beginWrite();
        a = 2;
        b = 2;
        lock.endWrite();
    }

    @Actor
    public void reader(JJ_Result r) {
        long v, x, y;
        do {
            v = lock.beginRead();
            x = a;
            y = b;
        } while (!lock.isValid(v));
        r.r1 = x;
        r.r2 = y;
    }
}
