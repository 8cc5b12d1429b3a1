package flox.recorder.internal.component;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the recorder (pid flox.recorder); keys by the OSGi name mapping (segment_size_mb: segment.size.mb). */
@ObjectClassDefinition(name = "Flox recorder", description = "Journals every event of both buses into segmented memory-mapped files (docs/JOURNAL.md).")
public @interface RecorderConfig {
    @AttributeDefinition(name = "Enabled", description = "Record (true) or not (false: no subscription at all).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Directory", description = "The journal directory; empty: <home>/journal; a relative path is under the home.",
            required = false)
    String directory() default "";

    @AttributeDefinition(name = "Segment size (MiB)", description = "Size of a segment file; a new one starts when a record does not fit, and at each new UTC day.",
            min = "1", max = "1024")
    int segment_size_mb() default 64;

    @AttributeDefinition(name = "Retention (MiB)", description = "The most the journal directory keeps, current segment included; the oldest segments are deleted first. At least segment.size.mb.",
            min = "1", max = "1048576")
    long retention_mb() default 1024;

    @AttributeDefinition(name = "Event kinds", description = "BOOK_UPDATE, TRADE, VENUE_STATE, EXECUTION (comma separated); all by default.")
    String[] kinds() default {"BOOK_UPDATE", "TRADE", "VENUE_STATE", "EXECUTION"};

    @AttributeDefinition(name = "Symbols", description = "EXCHANGE:SYMBOL entries recorded; empty: all. Venue-wide states are always recorded.",
            required = false)
    String[] symbols() default {};

    @AttributeDefinition(name = "Ring size (KiB)", description = "The recorder's buffer between the bus threads and its writer thread (a power of two); a full ring drops and counts.",
            min = "64", max = "1048576")
    int ring_size_kb() default 8192;

    @AttributeDefinition(name = "Sync on roll", description = "msync each segment when it is closed, on the recorder's segment thread: closed segments survive an OS crash, "
            + "and the journal's sustained write rate is the disk's. false: the kernel writes the pages back on its own schedule (a process crash loses nothing either way).")
    boolean sync_on_roll() default true;
}
