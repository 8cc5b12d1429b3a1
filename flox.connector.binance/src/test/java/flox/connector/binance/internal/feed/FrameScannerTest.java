package flox.connector.binance.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The decoder's byte scanner (depth diffs and snapshots in Binance's own compact form) decodes
 * exactly what Jackson's path decodes: the same result, the same update field by field, the same
 * refusal. Over every line of the shipped recordings, at the wire scale and at coarser scales
 * (where some values are not representable), and over seeded mutations of real frames.
 */
class FrameScannerTest {
    /** The recordings' symbols at 8 decimals, as the connector registers them. */
    static final class Wire implements ReplaySymbols {
        private final int priceScale;
        private final int quantityScale;

        Wire(int priceScale, int quantityScale) {
            this.priceScale = priceScale;
            this.quantityScale = quantityScale;
        }

        @Override
        public int idOf(CharSequence s) {
            String n = s.toString();
            switch (n) {
                case "BTCUSDT": return 0;
                case "NKNUSDT": return 1;
                case "BLZETH": return 2;
                case "LRCBTC": return 3;
                default: return UNKNOWN; // RUNEEUR: an unknown symbol on purpose
            }
        }

        @Override public int priceScale(int id) { return priceScale; }
        @Override public int quantityScale(int id) { return quantityScale; }
    }

    /** A line to decode: a stream frame, or a REST snapshot for {@code snapshotSymbol}. */
    record Input(byte[] json, String snapshotSymbol) {
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldDecodeEveryRecordedLineAsJacksonDoesAndScanEveryDepthFrame() throws IOException {
        List<Input> inputs = recordedInputs();
        Outcome counts = compareAll(inputs, new Wire(8, 8));
        assertTrue(counts.depth > 3_000, "depth frames decoded: " + counts.depth);
        assertEquals(counts.depth + counts.snapshots, counts.scanned,
                "the scanner takes every recorded depth frame and snapshot at the wire scale (else the fast path silently regressed)");
        // coarser scales: prices at 2 decimals refuse most of the altcoins' values, quantities at 5 none of BTCUSDT
        Outcome coarse = compareAll(inputs, new Wire(2, 5));
        assertTrue(coarse.refused > 0 && coarse.scanned > 0, "coarse scales: scanned " + coarse.scanned + ", refused " + coarse.refused);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldDecodeMutatedFramesAsJacksonDoes() throws IOException {
        List<Input> seeds = new ArrayList<>();
        List<Input> all = recordedInputs();
        for (int i = 0; i < all.size(); i += 7) {
            String json = new String(all.get(i).json(), StandardCharsets.ISO_8859_1);
            if (json.contains("depthUpdate") || json.startsWith("{\"lastUpdateId\"")) seeds.add(all.get(i)); // what the scanner reads
        }
        byte[] alphabet = "0123456789.\"',[]{}: \\e-+Eabu@\t\u007f".getBytes(StandardCharsets.ISO_8859_1);
        SplittableRandom random = new SplittableRandom(20261206L);
        List<Input> mutated = new ArrayList<>();
        for (int n = 0; n < 30_000; n++) {
            Input seed = seeds.get(random.nextInt(seeds.size()));
            mutated.add(new Input(mutate(seed.json(), random, alphabet), seed.snapshotSymbol()));
        }
        Outcome wire = compareAll(mutated, new Wire(8, 8));
        Outcome coarse = compareAll(mutated, new Wire(2, 5));
        assertTrue(wire.refused > 5_000 && wire.scanned > 5_000, "mutations both taken and refused: scanned " + wire.scanned + ", refused " + wire.refused);
        assertTrue(coarse.scanned > 0, "coarse: scanned " + coarse.scanned);
    }

    @Test
    void shouldReadEightDigitsAtOnceOrRefuseANonDigit() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] b = new byte[10];
        for (int n = 0; n < 200_000; n++) {
            long expected = 0;
            for (int i = 0; i < 10; i++) {
                // mostly digits; sometimes a byte next to them in ASCII, or anything
                int r = random.nextInt(20);
                b[i] = (byte) (r < 17 ? '0' + random.nextInt(10) : r == 17 ? '/' : r == 18 ? ':' : random.nextInt(256));
            }
            int at = random.nextInt(3);
            for (int i = at; i < at + 8; i++) {
                if (b[i] < '0' || b[i] > '9') {
                    expected = -1;
                    break;
                }
                expected = expected * 10 + (b[i] - '0');
            }
            assertEquals(expected, BinanceFrameDecoder.eightDigits(b, at), () -> new String(b, StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] mutate(byte[] json, SplittableRandom random, byte[] alphabet) {
        byte[] b = json.clone();
        if (random.nextBoolean()) { // values only: digits changed, the frame stays well-formed (mostly taken by the scanner)
            for (int e = 1 + random.nextInt(4); e > 0; e--) {
                int at = random.nextInt(b.length);
                if (b[at] >= '0' && b[at] <= '9') b[at] = (byte) ('0' + random.nextInt(10));
            }
            return b;
        }
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 2; e++) {
            int at = random.nextInt(b.length);
            byte c = alphabet[random.nextInt(alphabet.length)];
            switch (random.nextInt(5)) {
                case 0: b[at] = c; break; // replace
                case 1: b = concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, at + 1, b.length)); break; // delete
                case 2: b = concat(Arrays.copyOfRange(b, 0, at), new byte[] {c}, Arrays.copyOfRange(b, at, b.length)); break; // insert
                case 3: b = Arrays.copyOfRange(b, 0, at); break; // truncate
                default: // repeat a short range
                    int len = Math.min(1 + random.nextInt(12), b.length - at);
                    b = concat(Arrays.copyOfRange(b, 0, at + len), Arrays.copyOfRange(b, at, b.length));
            }
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static final class Outcome {
        long depth;
        long snapshots;
        long scanned;
        long refused;
    }

    /** Decodes every input with the scanner and without it; the two must agree on each. */
    private static Outcome compareAll(List<Input> inputs, ReplaySymbols symbols) {
        BinanceFrameDecoder withScanner = new BinanceFrameDecoder(symbols, 5_000, true);
        BinanceFrameDecoder jacksonOnly = new BinanceFrameDecoder(symbols, 5_000, false);
        Outcome o = new Outcome();
        long number = 0;
        for (Input in : inputs) {
            number++;
            String a = describe(withScanner, in, number);
            String b = describe(jacksonOnly, in, number);
            if (!a.equals(b)) {
                throw new AssertionError("scanner and Jackson disagree on " + new String(in.json(), StandardCharsets.ISO_8859_1)
                        + (in.snapshotSymbol() != null ? " (snapshot of " + in.snapshotSymbol() + ")" : "") + "\n scanner: " + a + "\n jackson: " + b);
            }
            if (a.startsWith("DEPTH")) o.depth++;
            if (a.startsWith("SNAPSHOT")) o.snapshots++;
            if (a.startsWith("refused")) o.refused++;
        }
        o.scanned = withScanner.scannedFrames();
        assertEquals(0, jacksonOnly.scannedFrames(), "the Jackson-only decoder never scans");
        return o;
    }

    static String describe(BinanceFrameDecoder d, Input in, long number) {
        byte[] b = in.json();
        int r;
        try {
            r = in.snapshotSymbol() != null
                    ? d.decodeSnapshot(b, 0, b.length, in.snapshotSymbol(), 77, "test", number)
                    : d.decodeFrame(b, 0, b.length, 77, "test", number);
        } catch (RecordingFormatException e) {
            String m = e.getMessage();
            int location = m.indexOf("\n at [Source");
            // Jackson's location counts from the reused parser's first input: it depends on how many frames it was fed
            return "refused " + e.kind() + ": " + (location < 0 ? m : m.substring(0, location));
        }
        if (r == BinanceFrameDecoder.DEPTH_DIFF || r == BinanceFrameDecoder.SNAPSHOT) {
            return (r == BinanceFrameDecoder.DEPTH_DIFF ? "DEPTH " : "SNAPSHOT ") + d.symbolId() + " " + levels(d.update);
        }
        return "result " + r + " symbol " + (r == BinanceFrameDecoder.UNKNOWN_SYMBOL ? "?" : Integer.toString(d.symbolId()));
    }

    private static String levels(BookUpdate u) {
        StringBuilder s = new StringBuilder();
        s.append(u.symbolId()).append(' ').append(u.type()).append(" flags ").append(u.flags())
                .append(" ids ").append(u.firstUpdateId()).append('-').append(u.lastUpdateId())
                .append(" ts ").append(u.exchangeTimestampNs()).append('/').append(u.receiveTimestampNs()).append(" b");
        for (int i = 0; i < u.bidCount(); i++) s.append(' ').append(u.bidPrice(i)).append(':').append(u.bidQuantity(i));
        s.append(" a");
        for (int i = 0; i < u.askCount(); i++) s.append(' ').append(u.askPrice(i)).append(':').append(u.askQuantity(i));
        return s.toString();
    }

    /** Every JSON line of the shipped recordings: hftbacktest (frames and its snapshot) and cryptofeed (frames and REST snapshots). */
    static List<Input> recordedInputs() throws IOException {
        List<Input> inputs = new ArrayList<>();
        Path hft = SharedData.file("binance/recordings/hftbacktest/btcusdt_20240808.gz");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(hft)), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String json = line.substring(line.indexOf(' ') + 1);
                inputs.add(new Input(json.getBytes(StandardCharsets.UTF_8), json.startsWith("{\"lastUpdateId\"") ? "BTCUSDT" : null));
            }
        }
        for (String line : Files.readAllLines(SharedData.file("binance/recordings/cryptofeed/BINANCE.ws.1.0"), StandardCharsets.UTF_8)) {
            int colon = line.indexOf(": ");
            if (colon > 0 && line.charAt(colon + 2) == '{') inputs.add(new Input(line.substring(colon + 2).getBytes(StandardCharsets.UTF_8), null));
        }
        for (String line : Files.readAllLines(SharedData.file("binance/recordings/cryptofeed/BINANCE.http.0.0"), StandardCharsets.UTF_8)) {
            int symbol = line.indexOf("/depth?symbol=");
            int colon = line.indexOf(": {");
            if (symbol < 0 || colon < 0) continue;
            int end = line.indexOf('&', symbol);
            inputs.add(new Input(line.substring(colon + 2).getBytes(StandardCharsets.UTF_8), line.substring(symbol + 14, end)));
        }
        return inputs;
    }
}
