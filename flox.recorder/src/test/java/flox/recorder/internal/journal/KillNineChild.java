package flox.recorder.internal.journal;

import flox.api.event.EventKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/**
 * The process {@link KillNineTest} kills: records trades with ids 1, 2, ... through a real
 * {@link Recorder} (ring, writer thread, 128 KiB segments so it also rolls) and prints
 * {@code ack N} once trades up to N are committed to the journal (batches of 64). Never ends by itself.
 */
public final class KillNineChild {
    private KillNineChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Recorder r = new Recorder(dir, 128 << 10, 1L << 30, 1 << 20, new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of()),
                JournalTestSupport.registry(), new JournalTestSupport.TestClock());
        r.start();
        PrintStream out = System.out;
        out.println("started");
        out.flush();
        for (long id = 1; ; ) {
            long last = id + 63; // in batches: the writer sleeps 1 ms when its ring is empty
            for (; id <= last; id++) r.onTrade(JournalTestSupport.trade(0, id));
            while (r.writer().events() < last) Thread.onSpinWait();
            out.println("ack " + last);
            out.flush();
        }
    }
}
