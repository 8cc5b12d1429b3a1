package flox.connector.binance.internal.feed;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;

/**
 * One recording file, read line by line into a reusable byte buffer, with each line's prefix
 * parsed (receive time, kind, where its JSON starts). Gzip is recognised by its magic bytes.
 *
 * <p>Prefixes understood:
 * <pre>
 *   hftbacktest        1723161254036059768 {json}              receive time in ns
 *   cryptofeed ws      1633998512.0633569: {json}              receive time in s
 *   cryptofeed http    https://host/path?query -> 1633998512.32: {json}
 *   cryptofeed control wss://host/stream?... &lt;-&gt; 1633998511.15   (connect; no event)
 *                      configuration: {...}                     (no event)
 * </pre>
 * A control line takes the previous line's receive time, so merging keeps it in place.
 *
 * <p>Not thread-safe. Allocation: the line buffer grows (doubling) only for a line longer than
 * any before it, up to {@link #MAX_LINE_BYTES}; otherwise reading allocates nothing.
 */
final class RecordingSource implements Closeable {
    static final int MAX_LINE_BYTES = 64 << 20;

    enum Kind { FRAME, HTTP, CONTROL, MALFORMED }

    final RecordingInput input;
    final String name;
    private final InputStream in;
    private byte[] buf = new byte[1 << 20];
    private int pos;      // start of unread data
    private int limit;    // end of valid data
    private int scanFrom; // where the newline search resumes
    private boolean eof;

    /** Current line: [lineStart, lineEnd) of {@link #buffer()}, without '\n' or '\r'. */
    int lineStart;
    int lineEnd;
    long lineNumber;
    Kind kind;
    long receiveNs = Long.MIN_VALUE;
    int jsonStart;
    int urlStart;
    int urlEnd;
    /** Why the current line is MALFORMED; a constant, so no allocation. */
    String problem;

    RecordingSource(RecordingInput input) throws IOException {
        this.input = input;
        this.name = input.path().toString();
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(input.path()), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        try {
            in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (IOException e) {
            raw.close();
            throw new RecordingFormatException(name, 1, FeedProblem.BAD_LINE, "a .gz whose header cannot be read (" + e.getMessage() + "): truncated or damaged?", e);
        }
    }

    byte[] buffer() {
        return buf;
    }

    /** Reads the next line and parses its prefix; false at the end of the file. */
    boolean advance() throws IOException {
        if (!readLine()) {
            return false;
        }
        lineNumber++;
        parsePrefix();
        return true;
    }

    private boolean readLine() throws IOException {
        while (true) {
            for (int i = scanFrom; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    scanFrom = pos;
                    return true;
                }
            }
            scanFrom = limit;
            if (eof) {
                if (pos < limit) { // last line without a newline
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(int start, int end) {
        if (end > start && buf[end - 1] == '\r') {
            end--;
        }
        lineStart = start;
        lineEnd = end;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            scanFrom -= pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE_BYTES) {
                throw new RecordingFormatException(name, lineNumber + 1, FeedProblem.BAD_LINE, "line longer than " + MAX_LINE_BYTES + " bytes", null);
            }
            byte[] bigger = new byte[Math.min(buf.length * 2, MAX_LINE_BYTES)];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (RecordingFormatException e) {
            throw e;
        } catch (IOException e) { // e.g. a .gz cut off while it was written: fails under every policy
            throw new RecordingFormatException(name, lineNumber + 1, FeedProblem.BAD_LINE, "the file cannot be read past line " + lineNumber
                    + " (" + e.getMessage() + "): truncated or damaged?", e);
        }
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    // ------------------------------------------------------------------ prefixes

    private void parsePrefix() {
        problem = null;
        int i = lineStart;
        int end = lineEnd;
        if (i == end) {
            kind = Kind.CONTROL;
            return;
        }
        byte c = buf[i];
        if (c >= '0' && c <= '9') {
            parseTimestampedFrame(i, end);
        } else if (startsWith(i, end, "http://") || startsWith(i, end, "https://")) {
            parseHttp(i, end);
        } else if (startsWith(i, end, "wss://") || startsWith(i, end, "ws://") || startsWith(i, end, "configuration:")) {
            kind = Kind.CONTROL;
        } else {
            malformed("expected a receive time, an http response or a control line at the start of the line");
        }
    }

    /** {@code <ns> <json>} or {@code <s.fraction>: <json>}. */
    private void parseTimestampedFrame(int i, int end) {
        int j = parseTime(i, end);
        if (j < 0) {
            return;
        }
        if (j < end && buf[j] == ':') {
            j++;
        }
        if (j >= end || buf[j] != ' ') {
            malformed("expected ' ' or ': ' after the receive time");
            return;
        }
        j++;
        if (j >= end || buf[j] != '{') {
            malformed("expected a JSON object after the receive time");
            return;
        }
        kind = Kind.FRAME;
        jsonStart = j;
    }

    /** {@code <url> -> <s.fraction>: <json>}. */
    private void parseHttp(int i, int end) {
        int arrow = indexOf(i, end, " -> ");
        if (arrow < 0) {
            malformed("http line without ' -> '");
            return;
        }
        int j = parseTime(arrow + 4, end);
        if (j < 0) {
            return;
        }
        if (j + 2 >= end || buf[j] != ':' || buf[j + 1] != ' ' || buf[j + 2] != '{') {
            malformed("expected ': {' after the http response time");
            return;
        }
        kind = Kind.HTTP;
        urlStart = i;
        urlEnd = arrow;
        jsonStart = j + 2;
    }

    /**
     * Parses a receive time: integer nanoseconds, or seconds when a fraction follows (at most 9
     * fraction digits are kept). Sets {@link #receiveNs}; returns the index after it, or -1 (and
     * the line is MALFORMED).
     */
    private int parseTime(int i, int end) {
        long whole = 0;
        int digits = 0;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            if (++digits > 19 || whole > (Long.MAX_VALUE - 9) / 10) {
                malformed("receive time out of range");
                return -1;
            }
            whole = whole * 10 + (buf[i++] - '0');
        }
        if (digits == 0) {
            malformed("expected a receive time");
            return -1;
        }
        if (i < end && buf[i] == '.') {
            i++;
            long nanos = 0;
            int fractionDigits = 0;
            while (i < end && buf[i] >= '0' && buf[i] <= '9') {
                if (fractionDigits < 9) {
                    nanos = nanos * 10 + (buf[i] - '0');
                    fractionDigits++;
                }
                i++;
            }
            if (fractionDigits == 0) {
                malformed("receive time has a '.' without digits");
                return -1;
            }
            for (int k = fractionDigits; k < 9; k++) {
                nanos *= 10;
            }
            if (whole > (Long.MAX_VALUE - nanos) / 1_000_000_000L) {
                malformed("receive time out of range");
                return -1;
            }
            receiveNs = whole * 1_000_000_000L + nanos;
        } else {
            receiveNs = whole;
        }
        return i;
    }

    private void malformed(String why) {
        kind = Kind.MALFORMED;
        problem = why;
    }

    /** Value of query parameter {@code key} in the current HTTP line's URL: [start, end) packed in a long, or -1. */
    long urlParameter(String key) {
        int q = indexOf(urlStart, urlEnd, "?");
        if (q < 0) {
            return -1;
        }
        int i = q + 1;
        while (i < urlEnd) {
            int amp = indexOf(i, urlEnd, "&");
            int paramEnd = amp < 0 ? urlEnd : amp;
            int keyEnd = i + key.length();
            if (keyEnd < paramEnd && buf[keyEnd] == '=' && startsWith(i, paramEnd, key)) {
                return ((long) (keyEnd + 1) << 32) | paramEnd;
            }
            i = paramEnd + 1;
        }
        return -1;
    }

    boolean urlPathEndsWith(String suffix) {
        int q = indexOf(urlStart, urlEnd, "?");
        int pathEnd = q < 0 ? urlEnd : q;
        return pathEnd - suffix.length() >= urlStart && startsWith(pathEnd - suffix.length(), pathEnd, suffix);
    }

    boolean startsWith(int i, int end, String s) {
        if (end - i < s.length()) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (buf[i + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(int i, int end, String s) {
        for (int k = i; k + s.length() <= end; k++) {
            if (startsWith(k, end, s)) {
                return k;
            }
        }
        return -1;
    }

    /** The current line for messages (allocates; cold path), cut to {@code max} characters. */
    String excerpt(int max) {
        int n = Math.min(lineEnd - lineStart, max);
        return new String(buf, lineStart, n, java.nio.charset.StandardCharsets.UTF_8) + (n < lineEnd - lineStart ? "..." : "");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
