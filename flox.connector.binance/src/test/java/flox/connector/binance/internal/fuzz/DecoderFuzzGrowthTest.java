package flox.connector.binance.internal.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.connector.binance.internal.Allocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * "No allocation growth" of the fuzz targets ({@link DecoderFuzzTest}), under {@code ./mvnw verify}:
 * <ul>
 * <li>the regression inputs fed over and over to one long-lived target: once its bounded buffers
 * are full (the session buffers at most {@code MAX_BUFFERED} diffs), 200 more rounds keep exactly
 * as many bytes, and a round allocates no more than before and at most a fixed amount per input
 * (what a refused input allocates: its exception and a new parser);</li>
 * <li>a well-formed frame or reply of the regression inputs allocates nothing in steady state;</li>
 * <li>however many malformed, huge or ever-new inputs come (new field names, long names, long
 * values, deep nesting, full-size diffs never synced, new fee assets and rate-limit windows,
 * seeded mutations of the regression inputs), what each target keeps stays within its bound.</li>
 * </ul>
 * Deterministic (fixed inputs, a seeded Random); a few seconds.
 */
class DecoderFuzzGrowthTest {
    private static final String MARKET_DATA = "shouldTakeOrRefuseAnyMarketDataFrameAndReadTheNextGoodOne";
    private static final String SCANNER = "shouldDecodeAnyDepthFrameAsJacksonDoes";
    private static final String USER_DATA = "shouldTakeOrRefuseAnyUserDataEventOrReply";
    /** Rounds over the regression inputs that fill every bounded buffer (more than MAX_BUFFERED). */
    private static final int FILL_ROUNDS = 2 * DecoderFuzzTest.MAX_BUFFERED;
    /** What one input may allocate at most, in steady state (a refused one: exception, message, a new parser). */
    private static final long BYTES_PER_INPUT = 16_384;

    static List<byte[]> regressionInputs(String target) throws Exception {
        Path dir = Path.of(DecoderFuzzGrowthTest.class.getResource("DecoderFuzzTestInputs/" + target).toURI());
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) inputs.add(Files.readAllBytes(p));
        }
        assertTrue(inputs.size() >= 4, "regression inputs of " + target);
        return inputs;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Consumer<byte[]> userData(DecoderFuzzTest t) {
        return in -> {
            try {
                t.shouldTakeOrRefuseAnyUserDataEventOrReply(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    // ------------------------------------------------------------------ the regression inputs over and over

    @Test
    void shouldKeepAndAllocateNoMoreForTheMarketDataInputsOverAndOver() throws Exception {
        DecoderFuzzTest t = new DecoderFuzzTest();
        overAndOver(regressionInputs(MARKET_DATA), t::shouldTakeOrRefuseAnyMarketDataFrameAndReadTheNextGoodOne, t::marketDataState);
        t.assertMarketDataBounded();
    }

    @Test
    void shouldKeepAndAllocateNoMoreForTheScannerInputsOverAndOver() throws Exception {
        DecoderFuzzTest t = new DecoderFuzzTest();
        overAndOver(regressionInputs(SCANNER), t::shouldDecodeAnyDepthFrameAsJacksonDoes, t::scannerState);
        t.assertScannerBounded();
    }

    @Test
    void shouldKeepAndAllocateNoMoreForTheUserDataInputsOverAndOver() throws Exception {
        DecoderFuzzTest t = new DecoderFuzzTest();
        overAndOver(regressionInputs(USER_DATA), userData(t), t::userDataState);
        t.assertUserDataBounded();
    }

    private static void overAndOver(List<byte[]> inputs, Consumer<byte[]> target, Supplier<Retained> state) throws Exception {
        Allocation.Work round = () -> {
            for (byte[] in : inputs) target.accept(in);
        };
        for (int i = 0; i < FILL_ROUNDS; i++) round.run();
        Retained filled = state.get();
        long before = Allocation.leastPerRound(round, 7, 1);
        for (int i = 0; i < 200; i++) round.run();
        Retained after = state.get();
        long later = Allocation.leastPerRound(round, 7, 1);
        assertEquals(filled.total, after.total, "200 more rounds of the same inputs kept more: " + after.growthSince(filled) + "; now " + after);
        assertTrue(later <= before + 1_024, "a round allocates " + later + " B now against " + before + " B 200 rounds ago");
        assertTrue(later <= BYTES_PER_INPUT * inputs.size(), "a round of " + inputs.size() + " inputs allocates " + later + " B");
    }

    // ------------------------------------------------------------------ well-formed messages allocate nothing

    @Test
    void shouldAllocateNothingForAWellFormedFrameOrReplyInSteadyState() throws Exception {
        DecoderFuzzTest t = new DecoderFuzzTest();
        List<byte[]> frames = new ArrayList<>();
        for (byte[] in : regressionInputs(MARKET_DATA)) {
            long malformed = t.session.stats().malformedLines;
            t.session.onFrame(in, 0, in.length, 1);
            if (t.session.stats().malformedLines == malformed) frames.add(in);
        }
        assertTrue(frames.size() >= 3, frames.size() + " well-formed frames (trade, bookTicker, depthUpdate)");
        byte[] ok = DecoderFuzzTest.GOOD_REPLY;
        List<byte[]> replies = new ArrayList<>(List.of(ok));
        for (byte[] in : regressionInputs(USER_DATA)) {
            if (new String(in, StandardCharsets.UTF_8).startsWith("{\n  \"id\": \"") && !new String(in, StandardCharsets.UTF_8).contains("orderLd")) replies.add(in);
        }
        assertTrue(replies.size() >= 3, replies.size() + " well-formed replies");
        byte[][] f = frames.toArray(new byte[0][]); // arrays: a list's iterator would be the test's own allocation
        byte[][] r = replies.toArray(new byte[0][]);
        long bytes = Allocation.leastPerRound(() -> {
            for (int i = 0; i < 200; i++) {
                for (int j = 0; j < f.length; j++) t.session.onFrame(f[j], 0, f[j].length, 2);
                for (int j = 0; j < r.length; j++) t.replies.decode(r[j], 0, r[j].length, t.limits, 2);
            }
        }, 7, 64);
        assertTrue(bytes < 64, bytes + " bytes over 200 rounds of " + frames.size() + " frames and " + replies.size() + " replies, in the least of 7 rounds");
    }

    // ------------------------------------------------------------------ bounded whatever comes

    @Test
    void shouldKeepTheMarketDataSessionWithinItsBoundHoweverManyInputsCome() throws Exception {
        DecoderFuzzTest t = new DecoderFuzzTest();
        Consumer<byte[]> target = t::shouldTakeOrRefuseAnyMarketDataFrameAndReadTheNextGoodOne;
        String longName = "n".repeat(4_000);
        for (int i = 0; i < 4_000; i++) { // long new names: refused beyond 256 characters, so never kept
            target.accept(utf8("{\"stream\":\"btcusdt@ticker\",\"data\":{},\"" + longName + i + "\":0}"));
        }
        t.assertMarketDataBounded();
        target.accept(utf8("{\"stream\":\"btcusdt@ticker\",\"data\":{\"x\":\"" + "v".repeat(2_000_000) + "\"}}"));
        target.accept(utf8("{\"stream\":\"btcusdt@ticker\",\"data\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"));
        for (String symbol : new String[] {"btcusdt", "ethbtc"}) { // full-size diffs, never synced: the buffer keeps MAX_BUFFERED
            for (int i = 0; i < 3 * DecoderFuzzTest.MAX_BUFFERED; i++) target.accept(fullDiff(symbol, 10L * i + 1_000));
        }
        t.assertMarketDataBounded();
        mutations(regressionInputs(MARKET_DATA), target, 20_000);
        t.assertMarketDataBounded();
    }

    /** A depthUpdate of {@code BOOK_LEVELS} bids and asks. */
    private static byte[] fullDiff(String symbol, long firstId) {
        StringBuilder sb = new StringBuilder("{\"stream\":\"" + symbol + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\""
                + symbol.toUpperCase() + "\",\"U\":" + firstId + ",\"u\":" + (firstId + 9) + ",\"b\":[");
        for (int side = 0; side < 2; side++) {
            for (int i = 0; i < DecoderFuzzTest.BOOK_LEVELS; i++) {
                if (i > 0) sb.append(',');
                sb.append("[\"").append(side == 0 ? 50_000 - i : 50_001 + i).append(".00000000\",\"1.00000000\"]");
            }
            sb.append(side == 0 ? "],\"a\":[" : "]}}");
        }
        return utf8(sb.toString());
    }

    @Test
    void shouldKeepTheScannerDifferentialWithinItsBoundHoweverManyInputsCome() throws Exception {
        DecoderFuzzTest t = new DecoderFuzzTest();
        Consumer<byte[]> target = t::shouldDecodeAnyDepthFrameAsJacksonDoes;
        for (int i = 0; i < 20_000; i++) target.accept(utf8("{\"stream\":\"btcusdt@ticker\",\"data\":{},\"n" + i + "\":0}"));
        t.assertScannerBounded();
        mutations(regressionInputs(SCANNER), target, 10_000);
        t.assertScannerBounded();
    }

    @Test
    void shouldKeepTheUserDataDecodersWithinTheirBoundHoweverManyInputsCome() throws Exception {
        DecoderFuzzTest t = new DecoderFuzzTest();
        Consumer<byte[]> target = userData(t);
        String longName = "n".repeat(4_000);
        for (int i = 0; i < 4_000; i++) target.accept(utf8("{\"id\":1,\"status\":200,\"" + longName + i + "\":0}"));
        t.assertUserDataBounded();
        String asset = "A".repeat(40_000);
        for (int i = 0; i < 100; i++) { // a new fee asset in each fill: at most 64 are kept, of at most a real asset's length
            target.accept(utf8("{\"subscriptionId\":0,\"event\":{\"e\":\"executionReport\",\"s\":\"ETHBTC\",\"c\":\"flxF_1\",\"S\":\"BUY\","
                    + "\"x\":\"TRADE\",\"X\":\"FILLED\",\"q\":\"1\",\"z\":\"1\",\"n\":\"0.1\",\"N\":\"" + asset + i + "\"}}"));
        }
        StringBuilder windows = new StringBuilder("{\"id\":1,\"status\":200,\"rateLimits\":[");
        for (int i = 1; i <= 100; i++) {
            windows.append(i > 1 ? "," : "").append("{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":").append(i)
                    .append(",\"limit\":10,\"count\":1}");
        }
        target.accept(utf8(windows.append("]}").toString()));
        target.accept(utf8("{\"id\":1,\"status\":200,\"result\":{\"price\":\"" + "9".repeat(2_000_000) + "\"}}"));
        target.accept(utf8("{\"id\":1,\"status\":200,\"result\":[" + "{\"clientOrderId\":\"x\"},".repeat(10_000) + "{}]}"));
        t.assertUserDataBounded();
        mutations(regressionInputs(USER_DATA), target, 20_000);
        t.assertUserDataBounded();
    }

    /** {@code n} seeded mutations of the inputs (bytes changed, inserted, cut, spliced), fed to {@code target}. */
    private static void mutations(List<byte[]> seeds, Consumer<byte[]> target, int n) {
        Random random = new Random(14_9L);
        for (int i = 0; i < n; i++) {
            byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && b.length > 1; e++) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(4)) {
                    case 0: b[at] = (byte) random.nextInt(256); break;
                    case 1: b[at] = (byte) "{}[]\",:0.e-9 \\u".charAt(random.nextInt(15)); break;
                    case 2: b = java.util.Arrays.copyOf(b, at + 1); break;
                    default:
                        byte[] other = seeds.get(random.nextInt(seeds.size()));
                        int from = random.nextInt(other.length);
                        int len = Math.min(other.length - from, 1 + random.nextInt(64));
                        byte[] spliced = new byte[b.length + len];
                        System.arraycopy(b, 0, spliced, 0, at);
                        System.arraycopy(other, from, spliced, at, len);
                        System.arraycopy(b, at, spliced, at + len, b.length - at);
                        b = spliced;
                }
            }
            target.accept(b);
        }
    }
}
