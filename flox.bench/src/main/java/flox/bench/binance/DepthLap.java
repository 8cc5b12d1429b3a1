package flox.bench.binance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The payload of {@link BinanceFeedBenchmark}: the depthUpdate frames of an hftbacktest
 * recording ({@code <receive ns> <frame>} lines, gzip) that follow its REST depth snapshot, as
 * one <b>lap</b> of consecutive diffs, and that snapshot. The lap starts at the first diff the
 * snapshot is continued by ({@code U <= L + 1 <= u}, the venue's rule) and runs to the end of
 * the recording; every later diff must start where the one before ended ({@code U = u + 1}), so
 * that the whole lap applies with no gap and no stale diff. Earlier diffs (contained in the
 * snapshot) are left out: every frame of the lap is one the book takes. The <b>mixed lap</b> is
 * every combined-stream frame (depthUpdate, trade, bookTicker) from the lap's first diff to the
 * end, in recorded order: the same diffs with the trades and bookTickers between them. Set-up
 * code only.
 */
public final class DepthLap {
    /** Default recording, relative to the repository root. */
    public static final String DEFAULT_RECORDING = "testdata/binance/recordings/hftbacktest/btcusdt_20240808.gz";

    /** The combined-stream frames of the lap, in order, each as its UTF-8 bytes. */
    public final byte[][] frames;
    /** The REST depth snapshot ({@code {"lastUpdateId":L,"bids":[...],"asks":[...]}}), as recorded. */
    public final byte[] snapshot;
    /** The snapshot's {@code lastUpdateId}. */
    public final long snapshotId;
    /** depthUpdate frames in the recording, and those before the lap (contained in the snapshot, so left out). */
    public final int depthFramesInRecording;
    public final int depthFramesBefore;
    /** Price levels (bids and asks) over the lap's frames. */
    public final long levels;
    /** The mixed lap: every combined-stream frame from the lap's first diff on, in recorded order. */
    public final byte[][] mixFrames;
    /** Per frame of the mixed lap, its kind: {@link #DEPTH}, {@link #TRADE} or {@link #BOOK_TICKER}. */
    public final byte[] mixKinds;
    /** Frame kinds of the mixed lap. */
    public static final byte DEPTH = 0, TRADE = 1, BOOK_TICKER = 2;

    private DepthLap(byte[][] frames, byte[] snapshot, long snapshotId, int inRecording, int before, long levels,
                     byte[][] mixFrames, byte[] mixKinds) {
        this.mixFrames = mixFrames;
        this.mixKinds = mixKinds;
        this.frames = frames;
        this.snapshot = snapshot;
        this.snapshotId = snapshotId;
        this.depthFramesInRecording = inRecording;
        this.depthFramesBefore = before;
        this.levels = levels;
    }

    /** The recording named by {@code -Dflox.bench.binance.recording}, else the default one under the working directory. */
    public static Path recording() {
        return Path.of(System.getProperty("flox.bench.binance.recording", DEFAULT_RECORDING));
    }

    /** Reads the lap and the snapshot of {@code recording}; fails unless the lap is gap-free. */
    public static DepthLap load(Path recording) throws IOException {
        List<String> depth = new ArrayList<>();
        List<String> all = new ArrayList<>(); // every combined-stream frame
        List<Byte> allKinds = new ArrayList<>(); // each one's kind, -1 for another stream
        List<Integer> depthAt = new ArrayList<>(); // each depthUpdate's index in all
        String snapshot = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(recording), 1 << 16),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                int sp = line.indexOf(' ');
                if (sp < 0) continue;
                String json = line.substring(sp + 1);
                if (json.startsWith("{\"lastUpdateId\"")) {
                    if (snapshot != null) throw new IOException(recording + ": more than one depth snapshot; the lap takes one");
                    snapshot = json;
                } else if (json.startsWith("{\"stream\":")) {
                    byte kind = json.contains("\"e\":\"depthUpdate\"") ? DEPTH : json.contains("\"e\":\"trade\"") ? TRADE
                            : json.startsWith("{\"stream\":\"") && json.indexOf("@bookTicker\"") > 0 ? BOOK_TICKER : -1;
                    if (kind == DEPTH) {
                        depth.add(json);
                        depthAt.add(all.size());
                    }
                    all.add(json);
                    allKinds.add(kind);
                }
            }
        }
        if (snapshot == null) throw new IOException(recording + ": no REST depth snapshot");
        long l = number(snapshot, "\"lastUpdateId\":");
        int first = -1;
        for (int i = 0; i < depth.size(); i++) {
            String f = depth.get(i);
            if (number(f, "\"U\":") <= l + 1 && l + 1 <= number(f, "\"u\":")) {
                first = i;
                break;
            }
        }
        if (first < 0) throw new IOException(recording + ": no depthUpdate continues the snapshot (lastUpdateId " + l + ")");
        List<byte[]> lap = new ArrayList<>();
        long u = -1;
        long levels = 0;
        for (int i = first; i < depth.size(); i++) {
            String f = depth.get(i);
            if (u >= 0 && number(f, "\"U\":") != u + 1) {
                throw new IOException(recording + ": depthUpdate " + (i + 1) + " starts at U=" + number(f, "\"U\":") + " after u=" + u
                        + ": the lap would have a gap");
            }
            u = number(f, "\"u\":");
            for (int at = f.indexOf("[\""); at >= 0; at = f.indexOf("[\"", at + 2)) levels++; // each level opens with ["
            lap.add(f.getBytes(StandardCharsets.UTF_8));
        }
        int mixStart = depthAt.get(first);
        byte[][] mix = new byte[all.size() - mixStart][];
        byte[] kinds = new byte[mix.length];
        for (int i = 0; i < mix.length; i++) {
            String f = all.get(mixStart + i);
            kinds[i] = allKinds.get(mixStart + i);
            if (kinds[i] < 0) throw new IOException(recording + ": a frame neither depthUpdate, trade nor bookTicker: " + f.substring(0, Math.min(120, f.length())));
            mix[i] = f.getBytes(StandardCharsets.UTF_8);
        }
        return new DepthLap(lap.toArray(new byte[0][]), snapshot.getBytes(StandardCharsets.UTF_8), l, depth.size(), first, levels, mix, kinds);
    }

    /** Frames of {@code kind} in the mixed lap. */
    public int mixCount(byte kind) {
        int n = 0;
        for (byte k : mixKinds) if (k == kind) n++;
        return n;
    }

    /** Mean price levels (bids and asks) per frame of the lap. */
    public double meanLevels() {
        return (double) levels / frames.length;
    }

    /** Mean frame size of the lap in bytes. */
    public double meanSize() {
        return meanSize(frames);
    }

    /** Mean size of {@code frames} in bytes. */
    public static double meanSize(byte[][] frames) {
        long sum = 0;
        for (byte[] f : frames) sum += f.length;
        return (double) sum / frames.length;
    }

    /** The non-negative integer right after {@code key} in {@code json}. */
    static long number(String json, String key) {
        int at = json.indexOf(key);
        if (at < 0) throw new IllegalArgumentException("no " + key + " in " + json.substring(0, Math.min(120, json.length())));
        at += key.length();
        long v = 0;
        int n = 0;
        while (at < json.length() && Character.isDigit(json.charAt(at))) {
            v = v * 10 + (json.charAt(at++) - '0');
            n++;
        }
        if (n == 0) throw new IllegalArgumentException("no number after " + key);
        return v;
    }
}
