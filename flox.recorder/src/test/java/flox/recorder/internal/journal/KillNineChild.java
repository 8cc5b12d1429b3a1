package flox.recorder.internal.journal;

import flox.api.event.EventKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/**
 * The process {@link KillNineTest} kills: records trades with ids 1, 2, ... through a real
 * {@link Recorder} (ring, writer thread, 128 KiB segments so it also rolls) and prints
 * {@code ack N} once trade N is committed to the journal. Never ends by itself.
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
        for (long id = 1; ; id++) {
            r.onTrade(JournalTestSupport.trade(0, id));
            while (r.writer().events() < id) Thread.onSpinWait();
            out.println("ack " + id);
            out.flush();
        }
    }
}
