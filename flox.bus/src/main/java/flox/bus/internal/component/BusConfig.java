package flox.bus.internal.component;

import flox.bus.internal.delivery.BusSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype of a bus (pids flox.bus.marketdata and flox.bus.execution): each key's default,
 * range and options, written only here. {@link BusSettings} reads the properties against the
 * XML bnd generates from it ({@link flox.core.config.Metatype}) and reports bad values by file
 * and field instead of failing.
 */
@ObjectClassDefinition(name = "Flox event bus", description = "Delivery mode, ring and backpressure of one bus.")
@interface BusConfig {
    @AttributeDefinition(name = "Mode", description = "sync: the publisher's thread delivers, in priority order (replay, backtests, tests); "
            + "async: every subscriber on its own thread, unless it asks for flox.subscriber.delivery=inline.", options = {@Option(label = "async", value = "async"), @Option(label = "sync", value = "sync")})
    String mode() default "async";

    @AttributeDefinition(name = "Publishers", description = "Async mode: single (one thread publishes at a time: no locked instruction per event; "
            + "a publish from a second live thread is refused as INVALID and logged) or multi (any number of threads).",
            options = {@Option(label = "multi", value = "multi"), @Option(label = "single", value = "single")})
    String publishers() default "multi";

    @AttributeDefinition(name = "Ring size", description = "Events buffered per bus (power of two), preallocated.", min = "64", max = "4194304")
    int ring_size() default 4096;

    @AttributeDefinition(name = "Book levels", description = "Levels per side a book update may carry on this bus (market data).", min = "1", max = "5000")
    int book_levels() default 32;

    @AttributeDefinition(name = "Reentrant queue", description = "Sync mode: events a subscriber may publish on the same bus from inside a delivery, queued.", min = "1", max = "1048576")
    int reentrant_queue_size() default 1024;

    @AttributeDefinition(name = "Idle strategy", description = "How subscriber threads wait for events: busy-spin, yielding (spins 100 times first while the bus's threads fit the cores), backoff (default; threads outnumber cores), sleeping.",
            options = {@Option(label = "backoff", value = "backoff"), @Option(label = "yielding", value = "yielding"),
                       @Option(label = "busy-spin", value = "busy-spin"), @Option(label = "sleeping", value = "sleeping")})
    String idle_strategy() default "backoff";

    @AttributeDefinition(name = "Publish timeout (ms)", description = "How long a publisher waits for a lossless subscriber before it is told BACK_PRESSURED.", min = "0", max = "3600000")
    long publish_timeout_ms() default 1000;

    @AttributeDefinition(name = "Stall timeout (ms)", description = "No progress for this long with events waiting: the subscriber is reported stalled.", min = "1", max = "3600000")
    long stall_timeout_ms() default 2000;

    @AttributeDefinition(name = "Drain timeout (ms)", description = "On stop, how long subscribers may take to receive what was already published.", min = "0", max = "3600000")
    long drain_timeout_ms() default 2000;

    @AttributeDefinition(name = "Monitor interval (ms)", description = "How often progress, stalls and lag are sampled (at most a quarter of the stall timeout is used). Each sample wakes a thread that briefly takes a core from the bus's busy threads.", min = "1", max = "60000")
    long monitor_interval_ms() default 250;
}
