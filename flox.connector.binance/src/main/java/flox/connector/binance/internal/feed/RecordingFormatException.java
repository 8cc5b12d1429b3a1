package flox.connector.binance.internal.feed;

import java.io.IOException;

/**
 * A recording line that cannot be read: names the file, the 1-based line number, the kind of
 * problem ({@link FeedProblem}) and what is wrong. Thrown by {@link BinanceRecordingReader} under {@link MalformedLinePolicy#FAIL}; under
 * {@link MalformedLinePolicy#SKIP} the same message is counted and kept in
 * {@link ReplayStats#problems()} instead.
 */
public final class RecordingFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final FeedProblem kind;

    public RecordingFormatException(String file, long line, FeedProblem kind, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.kind = kind;
    }

    /** The kind of problem, for counting and logging once per kind. */
    public FeedProblem kind() { return kind; }

    /** The file's name as given to the reader. */
    public String file() { return file; }

    /** 1-based line number. */
    public long line() { return line; }
}
