package flox.recorder.internal.component;

import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.EventKind;
import flox.api.metrics.StatusContributor;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.core.config.ConfigReader;
import flox.core.config.HomeState;
import flox.recorder.internal.journal.JournalFormat;
import flox.recorder.internal.journal.JournalWriter;
import flox.recorder.internal.journal.Recorder;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The recorder (pid {@value RecorderSettings#PID}): while enabled, registers a
 * {@link RecorderSubscriber} on both buses (inline, last: see {@link #PRIORITY}) feeding a {@link Recorder}
 * that journals under {@code <home>/journal} (docs/JOURNAL.md). A configuration change closes the
 * current segment and starts a new recorder with the new settings; a bad value is refused naming
 * file and key, the last good value kept. {@code flox:recorder} shows its state and counters;
 * it adds {@code rec ...} to the status line.
 *
 * <p>Configuration callbacks and the command may come from any thread; they synchronize on this.
 * The event path is {@link Recorder}'s.
 */
@Component(service = {RecorderComponent.class, StatusContributor.class}, configurationPid = RecorderSettings.PID, immediate = true,
        property = {"osgi.command.scope=flox", "osgi.command.function=recorder"})
@Designate(ocd = RecorderConfig.class)
public final class RecorderComponent implements StatusContributor {
    private static final System.Logger LOG = System.getLogger("flox.recorder");
    /**
     * How long a stop waits for the writer: past the segment thread's own stop (up to 30 s: it
     * msyncs what is queued), or the directory's lock is still held and a recorder started after a
     * configuration change is refused. Usually milliseconds.
     */
    private static final long STOP_TIMEOUT_MS = 35_000;
    /**
     * Inline delivery order on both buses: after every other inline subscriber, so a strategy's
     * order leaves before the event is encoded (the encode never waits: a full ring drops).
     */
    static final int PRIORITY = Integer.MAX_VALUE;

    private final SymbolRegistry symbols;
    private final NanoClock clock;
    private final BundleContext context;
    private final Path home;
    private final RecorderSubscriber subscriber = new RecorderSubscriber();
    private RecorderSettings settings;
    private Recorder recorder;
    private ServiceRegistration<?> registration;
    private String source = "etc/flox.recorder.cfg";
    /**
     * Totals of the recorders this one replaced: written per type, bytes, dropped (ring), dropped (failed), retention deletions, segments
     * opened, dropped (too large for the ring), dropped (too large for a segment).
     */
    private final long[] carried = new long[JournalFormat.TYPE_EXECUTION + 8];

    @Activate
    public RecorderComponent(@Reference SymbolRegistry symbols, @Reference NanoClock clock, BundleContext context, Map<String, Object> properties) {
        this.symbols = symbols;
        this.clock = clock;
        this.context = context;
        this.home = HomeState.home(context.getProperty("flox.home"));
        this.settings = RecorderSettings.defaults(home);
        apply(properties, true);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties, false);
    }

    @Deactivate
    synchronized void deactivate() {
        stopRecording();
    }

    private synchronized void apply(Map<String, Object> properties, boolean atStart) {
        Object f = properties.get("felix.fileinstall.filename");
        if (f != null) source = f.toString().replaceFirst("^file:", "");
        StringBuilder errors = new StringBuilder();
        RecorderSettings next = ConfigReader.isEmpty(properties) ? settings : RecorderSettings.read(properties, settings, home, errors);
        if (errors.length() > 0) LOG.log(Level.ERROR, errors.toString());
        String unknown = RecorderSettings.unknownKeys(properties);
        if (!unknown.isEmpty()) LOG.log(Level.WARNING, unknown);
        if (!atStart && next.equals(settings) && (recorder != null) == next.enabled()) return;
        settings = next;
        stopRecording();
        if (!next.enabled()) {
            LOG.log(Level.INFO, "recorder disabled (" + source + ": enabled=false)");
            return;
        }
        Recorder r = new Recorder(next.directory(), next.segmentSizeBytes(), next.retentionBytes(), next.ringBytes(),
                new Recorder.Filter(next.kinds(), next.symbols()), symbols, clock, next.syncOnRoll());
        try {
            r.start();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "recorder FAILED to start: " + e.getMessage() + "; fix " + source + " (directory) or the directory's permissions");
            failedStart = e.getMessage();
            return;
        }
        failedStart = null;
        recorder = r;
        subscriber.recorder(r);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(SubscriberProperties.DELIVERY, SubscriberProperties.DELIVERY_INLINE);
        props.put(SubscriberProperties.PRIORITY, PRIORITY);
        registration = context.registerService(new String[] {MarketDataSubscriber.class.getName(), ExecutionSubscriber.class.getName()}, subscriber, props);
        LOG.log(Level.INFO, "recording to " + r.writer().currentFile() + " (" + next + ")");
    }

    private String failedStart;

    private void stopRecording() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            registration = null;
        }
        subscriber.recorder(null);
        Recorder r = recorder;
        if (r == null) return;
        recorder = null;
        r.stop(STOP_TIMEOUT_MS);
        JournalWriter w = r.writer();
        for (int t = 0; t <= JournalFormat.TYPE_EXECUTION; t++) carried[t] += w.written(t);
        int i = JournalFormat.TYPE_EXECUTION + 1;
        carried[i++] += w.bytes();
        carried[i++] += r.droppedRingFull();
        carried[i++] += r.droppedFailed();
        carried[i++] += w.retentionDeletions();
        carried[i++] += w.segmentsOpened();
        carried[i++] += r.droppedTooLarge();
        carried[i] += w.tooLarge();
    }

    /** The recorder in use; null while disabled. For tests. */
    synchronized Recorder current() {
        return recorder;
    }

    /** flox:recorder */
    @Descriptor("recorder state, current segment, events written by kind, bytes, dropped, segments kept, retention deletions")
    public synchronized String recorder() {
        StringBuilder sb = new StringBuilder();
        Recorder r = recorder;
        String state = r == null ? (settings.enabled() ? "FAILED to start: " + failedStart : "DISABLED (" + source + ": enabled=false)")
                : r.failure() != null ? "FAILED: " + r.failure() : r.isRunning() ? "RECORDING" : "STOPPED";
        sb.append("recorder: ").append(state).append(System.lineSeparator());
        sb.append("  settings: ").append(settings).append(System.lineSeparator());
        JournalWriter w = r == null ? null : r.writer();
        sb.append("  current segment: ").append(w == null || w.currentFile() == null ? "none" : w.currentFile()).append(System.lineSeparator());
        sb.append("  written:");
        for (EventKind k : EventKind.values()) sb.append(' ').append(k).append(' ').append(written(w, type(k)));
        sb.append(", SYMBOL ").append(written(w, JournalFormat.TYPE_SYMBOL)).append(System.lineSeparator());
        int i = JournalFormat.TYPE_EXECUTION + 1;
        long bytes = carried[i] + (w == null ? 0 : w.bytes());
        sb.append("  bytes: ").append(bytes).append(String.format(" (%.1f MiB)", bytes / 1048576.0)).append(System.lineSeparator());
        long ringFull = carried[i + 1] + (r == null ? 0 : r.droppedRingFull());
        long afterFailure = carried[i + 2] + (r == null ? 0 : r.droppedFailed());
        sb.append("  policy: never makes a publisher wait: the publisher encodes into the recorder's ring, and an event that does not fit is "
                + "dropped and counted here").append(System.lineSeparator());
        sb.append("  dropped: ").append(ringFull).append(" (recorder ring full)");
        if (afterFailure > 0) sb.append(", ").append(afterFailure).append(" (after the writer failed)");
        long tooLarge = carried[i + 5] + (r == null ? 0 : r.droppedTooLarge());
        if (tooLarge > 0) sb.append(", ").append(tooLarge).append(" (larger than an eighth of the ring: raise ring.size.kb)");
        long tooLargeForSegment = carried[i + 6] + (w == null ? 0 : w.tooLarge());
        if (tooLargeForSegment > 0) sb.append(", ").append(tooLargeForSegment).append(" (larger than a segment holds: raise segment.size.mb)");
        sb.append(System.lineSeparator());
        if (r != null) {
            sb.append("  not recorded (kinds/symbols filter):");
            for (EventKind k : EventKind.values()) sb.append(' ').append(k).append(' ').append(r.filtered(k));
            sb.append(System.lineSeparator());
            sb.append("  ring: ").append(r.ringBacklog()).append(" of ").append(r.ringCapacity()).append(" bytes waiting").append(System.lineSeparator());
        }
        sb.append("  segments kept: ").append(w == null ? "-" : String.valueOf(w.segmentsKept()))
                .append(", opened: ").append(carried[i + 4] + (w == null ? 0 : w.segmentsOpened()))
                .append(", retention deletions: ").append(carried[i + 3] + (w == null ? 0 : w.retentionDeletions()));
        sb.append(System.lineSeparator());
        return sb.toString();
    }

    private long written(JournalWriter w, int type) {
        return carried[type] + (w == null ? 0 : w.written(type));
    }

    private static int type(EventKind k) {
        switch (k) {
            case BOOK_UPDATE: return JournalFormat.TYPE_BOOK_UPDATE;
            case TRADE: return JournalFormat.TYPE_TRADE;
            case VENUE_STATE: return JournalFormat.TYPE_VENUE_STATE;
            default: return JournalFormat.TYPE_EXECUTION;
        }
    }

    @Override
    public synchronized String statusFragment() {
        Recorder r = recorder;
        if (r == null) return settings.enabled() ? "rec FAILED" : "";
        if (r.failure() != null) return "rec FAILED";
        JournalWriter w = r.writer();
        long events = 0;
        for (EventKind k : EventKind.values()) events += written(w, type(k));
        int i = JournalFormat.TYPE_EXECUTION + 1;
        long dropped = carried[i + 1] + r.droppedRingFull() + carried[i + 5] + r.droppedTooLarge() + carried[i + 6] + w.tooLarge();
        return String.format("rec %d ev %.1f MB%s", events, (carried[i] + w.bytes()) / 1e6,
                dropped > 0 ? " dropped " + dropped : "");
    }

    /** At exit (the recorder still runs): what the journal holds of this run and where, and what it dropped. */
    @Override
    public synchronized String summaryTable() {
        Recorder r = recorder;
        if (r == null) return settings.enabled() ? "journal: recorder FAILED to start: " + failedStart + System.lineSeparator() : "";
        JournalWriter w = r.writer();
        long events = 0;
        for (EventKind k : EventKind.values()) events += written(w, type(k));
        int i = JournalFormat.TYPE_EXECUTION + 1;
        long dropped = carried[i + 1] + r.droppedRingFull() + carried[i + 2] + r.droppedFailed() + carried[i + 5] + r.droppedTooLarge()
                + carried[i + 6] + w.tooLarge();
        return String.format(java.util.Locale.ROOT, "journal: %d events, %.1f MB, %d segment(s) opened this run, in %s%s; dropped %d%s%n",
                events, (carried[i] + w.bytes()) / 1e6, carried[i + 4] + w.segmentsOpened(), settings.directory(),
                r.failure() != null ? " (FAILED: " + r.failure() + ")" : "", dropped, dropped > 0 ? " (see flox:recorder)" : "");
    }
}
