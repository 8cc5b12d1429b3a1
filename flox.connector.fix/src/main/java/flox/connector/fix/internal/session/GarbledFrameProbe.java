package flox.connector.fix.internal.session;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import quickfix.Session;

/**
 * Asks the counterparty for a heartbeat (a TestRequest) when QuickFIX/J's frame decoder drops a
 * frame it cannot read. The decoder logs each such frame at SEVERE and, when a frame's CheckSum
 * is not where its BodyLength says, reads on past it, so the message after a garbled one can be
 * lost too; the session sees that gap only at the counterparty's next message, a heartbeat
 * interval later at worst. The heartbeat a TestRequest asks for is that next message, at once.
 * The decoder's log names no connection, so each running session of the bundle asks, once per
 * dropped frame: a limit could skip the request after the frame that swallowed a message (the
 * heartbeat answering an earlier request may be what it swallows), and a counterparty sending
 * garbage gets at most one small message back per frame. A frame the decoder drops with its
 * logger turned off goes unseen.
 *
 * <p>A java.util.logging handler on the decoder's logger (the bundle's SLF4J binding writes
 * there), added by {@link #open} at session start and removed by {@link #close} at stop. Runs on
 * the thread that logged (MINA's); allocates per dropped frame (cold).
 */
public final class GarbledFrameProbe extends Handler {
    /** The logger QuickFIX/J's frame decoder writes its dropped frames to. */
    public static final String DECODER_LOGGER = "quickfix.mina.message.FIXMessageDecoder";

    /** Held here: java.util.logging keeps loggers weakly, and a collected one would lose this handler. */
    private final Logger decoderLog = Logger.getLogger(DECODER_LOGGER);
    private final Supplier<Session> session;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong testRequests = new AtomicLong();

    /** @param session the session that asks (null or not logged on: it does not) */
    public GarbledFrameProbe(Supplier<Session> session) {
        this.session = session;
    }

    public void open() {
        decoderLog.addHandler(this);
    }

    @Override
    public void close() {
        decoderLog.removeHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() < Level.SEVERE.intValue()) return;
        dropped.incrementAndGet();
        Session s = session.get();
        if (s == null || !s.isLoggedOn()) return;
        s.generateTestRequest("FLOX-GARBLED-" + testRequests.incrementAndGet());
    }

    @Override
    public void flush() {
    }

    /** {@return frames QuickFIX/J's decoder dropped, on any connection of the bundle, while this session ran} */
    public long dropped() {
        return dropped.get();
    }

    /** {@return the TestRequests this session sent after a dropped frame} */
    public long testRequests() {
        return testRequests.get();
    }
}
