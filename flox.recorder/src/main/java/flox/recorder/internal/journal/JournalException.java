package flox.recorder.internal.journal;

import java.nio.file.Path;

/** A journal that cannot be read at all (not a journal, an unknown format version, a damaged segment header): names the file and offset. */
public final class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long offset;

    public JournalException(Path file, long offset, String message) {
        super(file + " at offset " + offset + ": " + message);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
