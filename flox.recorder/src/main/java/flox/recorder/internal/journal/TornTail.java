package flox.recorder.internal.journal;

import java.nio.file.Path;

/**
 * Where a segment stops being readable: the record at {@code offset} was not committed whole
 * (its length is 0 with bytes after it, it runs past the end of the file, or its CRC32C does not
 * match). Everything before it was read; nothing after it in that file is.
 */
public record TornTail(Path file, long offset, String reason) {
    @Override
    public String toString() {
        return file + " at offset " + offset + ": " + reason;
    }
}
