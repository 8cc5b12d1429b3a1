package flox.recorder.internal.journal;

import flox.api.symbol.SymbolInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * A segment's header as read: file, number, format version, creation time (epoch ns), UTC day
 * (yyyymmdd), the symbols its header lists, and where its records start.
 */
public record SegmentInfo(Path file, long number, int formatVersion, long createdEpochNs, int utcDay, List<SymbolInfo> symbols,
                          int headerLength) {
}
