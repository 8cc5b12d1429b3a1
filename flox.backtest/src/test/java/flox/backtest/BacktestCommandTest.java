package flox.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./flox backtest} end to end, as a user runs it: on the reactor's host.jar (FLOX_NO_BUILD:
 * never a nested build), over the first {@value #SLICE_LINES} lines of the shipped BTCUSDT recording
 * (about 60 s of recorded time, a few seconds per run), with a sweep that runs the same value twice
 * so the two runs can be compared. Then the report: its numbers against the metrics collector's own
 * (the host's exit summary), its images, and a screenshot in headless Chromium.
 */
@Timeout(300)
class BacktestCommandTest {
    static final Path ROOT = Paths.get(System.getProperty("flox.root", "..")).toAbsolutePath().normalize();
    static final Path RECORDING = Paths.get(System.getProperty("flox.data.dir", ROOT.resolve("testdata").toString()))
            .resolve("binance/recordings/hftbacktest/btcusdt_20240808.gz");
    static final int SLICE_LINES = 8000;

    @TempDir
    static Path tmp;
    static Path slice;
    static Path out;
    static Result result;

    record Result(int status, String stdout, String stderr) {
    }

    @BeforeAll
    static void backtestASliceWithTheSameValueTwice() throws Exception {
        assertTrue(Files.isRegularFile(RECORDING), RECORDING + " is missing (testdata/ of the repository)");
        slice = Files.createDirectories(tmp.resolve("slice")).resolve("btcusdt_20240808.gz"); // named as the recording: its symbol
        try (InputStream in = new GZIPInputStream(Files.newInputStream(RECORDING)); OutputStream o = new GZIPOutputStream(Files.newOutputStream(slice))) {
            byte[] all = in.readAllBytes();
            int lines = 0;
            int end = 0;
            while (end < all.length && lines < SLICE_LINES) if (all[end++] == '\n') lines++;
            o.write(all, 0, end);
        }
        out = tmp.resolve("out");
        result = flox("backtest", "--replay", slice.toString(), "--set", "marketmaker.spread.ticks=4,4", "--out", out.toString());
        assertEquals(0, result.status(), "./flox backtest failed:\n" + result.stderr() + result.stdout());
    }

    static Result flox(String... args) throws IOException, InterruptedException {
        return flox(tmp, args);
    }

    /** {@code ./flox ARGS} on the reactor's host.jar (never a nested build), its output kept in files under {@code outputs}. */
    static Result flox(Path outputs, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("flox").toString()));
        cmd.addAll(List.of(args));
        Path o = Files.createTempFile(outputs, "flox", ".out");
        Path e = Files.createTempFile(outputs, "flox", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(o.toFile()).redirectError(e.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()));
        pb.environment().put("FLOX_NO_BUILD", "1");
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("./flox " + String.join(" ", args) + " did not end within 240 s:\n" + Files.readString(e));
        }
        return new Result(p.exitValue(), Files.readString(o), Files.readString(e));
    }

    static Path run(int n) throws IOException {
        try (var dirs = Files.list(out.resolve("runs"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(String.format("%02d-", n))).findFirst().orElseThrow();
        }
    }

    static List<String> data(int n, String kind) throws IOException {
        return Files.readAllLines(run(n).resolve("data.tsv")).stream().filter(l -> l.startsWith(kind + "\t")).toList();
    }

    static String html() throws IOException {
        return Files.readString(out.resolve("report.html"));
    }

    @Test
    void shouldPrintTheReportsPathAfterOneRunPerValue() throws IOException {
        assertEquals(out.resolve("report.html").toAbsolutePath().toString(), result.stdout().strip());
        assertTrue(Files.isRegularFile(run(1).resolve("data.tsv")) && Files.isRegularFile(run(2).resolve("data.tsv")));
        assertTrue(result.stderr().contains("backtest run 2/2 (marketmaker.spread.ticks=4)"), result.stderr());
        assertTrue(Files.readString(run(1).resolve("home/etc/flox.strategy.marketmaker-btc.cfg")).contains("\nspread.ticks=4\n"));
    }

    /** Issue 17 item 3: one backtest per value, side by side: two values, each run with its own, two rows that differ. */
    @Test
    void shouldRunOneBacktestPerValueAndCompareThem() throws Exception {
        Path sweepOut = tmp.resolve("sweep-out");
        Result r = flox("backtest", "--replay", slice.toString(), "--set", "marketmaker.spread.ticks=2,8", "--out", sweepOut.toString());
        assertEquals(0, r.status(), "./flox backtest failed:\n" + r.stderr() + r.stdout());
        List<Path> runs;
        try (var dirs = Files.list(sweepOut.resolve("runs"))) {
            runs = dirs.sorted().toList();
        }
        assertEquals(2, runs.size(), runs.toString());
        assertTrue(Files.readString(runs.get(0).resolve("home/etc/flox.strategy.marketmaker-btc.cfg")).contains("\nspread.ticks=2\n"));
        assertTrue(Files.readString(runs.get(1).resolve("home/etc/flox.strategy.marketmaker-btc.cfg")).contains("\nspread.ticks=8\n"));
        String html = Files.readString(sweepOut.resolve("report.html"));
        Matcher rows = Pattern.compile("<tr><td class=\"l\">(2|8)</td><td class=\"l\">[^<]*marketmaker[^<]*</td>.*?</tr>").matcher(html);
        List<String> found = new ArrayList<>();
        while (rows.find()) found.add(rows.group().replaceFirst("<td class=\"l\">(2|8)</td>", ""));
        assertEquals(2, found.size(), "a market-maker row per value: " + found);
        assertTrue(!found.get(0).equals(found.get(1)), "a spread of 2 and of 8 ticks trade differently: " + found);
    }

    /** Issue 17 item 3's {@code --config DIR}: its strategies replace the default ones; the replay's own files are not taken. */
    @Test
    void shouldTakeTheStrategiesOfConfigDirButNotTheReplaysOwnFiles() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        String mm = Files.readString(ROOT.resolve("bndrun/etc/flox.strategy.marketmaker-btc.cfg")).replace("\nspread.ticks=4\n", "\nspread.ticks=7\n");
        Files.writeString(config.resolve("flox.strategy.marketmaker-mine.cfg"), mm);
        Files.writeString(config.resolve("flox.bus.marketdata.cfg"), "mode=async\n");
        Path configOut = tmp.resolve("config-out");
        Result r = flox("backtest", "--replay", slice.toString(), "--config", config.toString(), "--out", configOut.toString());
        assertEquals(0, r.status(), "./flox backtest --config failed:\n" + r.stderr() + r.stdout());
        Path run;
        try (var dirs = Files.list(configOut.resolve("runs"))) {
            run = dirs.findFirst().orElseThrow();
        }
        String log = Files.readString(run.resolve("host.log")); // the run's own output
        assertTrue(log.contains("flox: --config: flox.bus.marketdata.cfg is the replay's own (sync buses, inline venue, the recording): not taken"),
                log);
        Path etc = run.resolve("home/etc");
        try (var files = Files.list(etc)) {
            assertEquals(List.of("flox.strategy.marketmaker-mine.cfg"), files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("flox.strategy.")).sorted().toList(), "DIR's strategies replace the default ones");
        }
        assertTrue(Files.readString(etc.resolve("flox.strategy.marketmaker-mine.cfg")).contains("\nspread.ticks=7\n"));
        assertTrue(Files.readString(etc.resolve("flox.bus.marketdata.cfg")).contains("mode=sync"), "the replay's sync bus stays");
        assertTrue(Files.readString(run.resolve("params.txt")).contains("config\t" + config), Files.readString(run.resolve("params.txt")));
    }

    @Test
    void shouldGiveTheSameSeriesRunAfterRun() throws IOException {
        // everything: meta, counts, positions, every point and every fill, and tick-to-trade (on the market's time, the
        // simulated latency: before, the machine's latencies, which differed run to run)
        List<String> first = Files.readAllLines(run(1).resolve("data.tsv"));
        List<String> second = Files.readAllLines(run(2).resolve("data.tsv"));
        assertTrue(data(1, "fill").size() > 20 && data(1, "t").size() > 100, "a slice that trades: " + data(1, "meta"));
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) assertEquals(first.get(i), second.get(i), "line " + (i + 1) + " of data.tsv");
    }

    /** The host's exit summary row of the market maker: orders, filled, fills, rejects, position, realised, unrealised, fees. */
    static Matcher summaryRow(int n) throws IOException {
        Matcher m = Pattern.compile("(?m)^1 marketmaker SIM:BTCUSDT\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+) BTCUSDT\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)")
                .matcher(Files.readString(run(n).resolve("host.log")));
        assertTrue(m.find(), "no summary row in " + run(n).resolve("host.log"));
        return m;
    }

    @Test
    void shouldReportTheMetricsCollectorsOwnFigures() throws IOException {
        Matcher row = summaryRow(1);
        String strategy = data(1, "strategy").get(0);
        assertTrue(strategy.contains("\torders=" + row.group(1) + "\t") && strategy.contains("\tfilled.orders=" + row.group(2) + "\t")
                && strategy.contains("\tfills=" + row.group(3) + "\t") && strategy.contains("\trejects=" + row.group(4) + "\t"), strategy + " vs " + row.group());
        String position = data(1, "position").get(0);
        long realised = new BigDecimal(row.group(6)).movePointRight(2).longValueExact();
        long unrealised = new BigDecimal(row.group(7)).movePointRight(2).longValueExact();
        assertTrue(position.contains("\trealised=" + realised + "\t") && position.contains("\tunrealised=" + unrealised + "\t")
                && position.contains("\tposition=" + new BigDecimal(row.group(5)).movePointRight(8).longValueExact() + "\t"), position + " vs " + row.group());
        assertEquals(Long.parseLong(row.group(3)), data(1, "fill").size(), "every fill on the price chart");
        String last = data(1, "pnl").get(data(1, "pnl").size() - 1);
        assertEquals("pnl\t1\t0\t" + realised + "\t" + unrealised, last.substring(0, last.lastIndexOf('\t')), "the equity curve ends on the final figures");
        // and the report shows them: the first run's tables
        String run1 = html().substring(html().indexOf("Run 1:"), html().indexOf("Run 2:"));
        assertTrue(run1.contains("class=\"realised\">" + row.group(6) + "<") && run1.contains("class=\"fills\">" + row.group(3) + "<")
                && run1.contains("class=\"sent\">" + row.group(1) + "<") && run1.contains("class=\"fillreports\">" + row.group(3) + "<")
                && run1.contains("class=\"rejected\">" + row.group(4) + "<"), "the report's tables against " + row.group());
    }

    @Test
    void shouldHaveTheRealisedPnlOfItsOwnFills() throws IOException {
        // average cost, recomputed here from the fills the report draws (BigDecimal, fees rounded up to the cent)
        BigDecimal position = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal realised = BigDecimal.ZERO;
        for (String line : data(1, "fill")) {
            String[] f = line.split("\t");
            BigDecimal price = new BigDecimal(f[5]).movePointLeft(2);
            BigDecimal qty = new BigDecimal(f[6]).movePointLeft(8);
            realised = realised.subtract(new BigDecimal(f[7]).movePointLeft(Integer.parseInt(f[8])).setScale(2, RoundingMode.CEILING));
            BigDecimal signed = "BUY".equals(f[4]) ? qty : qty.negate();
            if (position.signum() == 0 || position.signum() == signed.signum()) {
                cost = cost.add(price.multiply(qty));
                position = position.add(signed);
                continue;
            }
            BigDecimal closing = qty.min(position.abs());
            BigDecimal average = cost.divide(position.abs(), 20, RoundingMode.HALF_EVEN);
            realised = realised.add(price.subtract(average).multiply(closing).multiply(BigDecimal.valueOf(position.signum())));
            cost = cost.subtract(average.multiply(closing));
            position = position.add(signed.signum() > 0 ? closing : closing.negate());
            BigDecimal rest = qty.subtract(closing);
            if (rest.signum() > 0) {
                position = signed.signum() > 0 ? rest : rest.negate();
                cost = price.multiply(rest);
            }
        }
        String p = data(1, "position").get(0);
        Matcher m = Pattern.compile("\trealised=(-?\\d+)\t").matcher(p);
        assertTrue(m.find());
        BigDecimal reported = new BigDecimal(m.group(1)).movePointLeft(2);
        assertTrue(realised.subtract(reported).abs().compareTo(new BigDecimal("0.01")) <= 0, "recomputed " + realised + " vs reported " + reported);
    }

    @Test
    void shouldEmbedEveryImageAndReferToNothingOutside() throws IOException {
        String html = html();
        Matcher img = Pattern.compile("<img [^>]*src=\"([^\"]*)\"").matcher(html);
        int images = 0;
        while (img.find()) {
            String src = img.group(1);
            assertTrue(src.startsWith("data:image/png;base64,"), "an image not embedded: " + src.substring(0, Math.min(60, src.length())));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1))));
            assertNotNull(image, "image " + images + " does not decode");
            assertEquals(Charts.WIDTH, image.getWidth());
            images++;
        }
        // the sweep's overlaid equity, then per run: equity, drawdown, position, price with fills, tick-to-trade
        assertEquals(1 + 2 * 5, images);
        for (String outside : List.of("http:", "https:", "<script", "<link", "url(", "src=\"/", "src=\"file:")) {
            assertFalse(html.contains(outside), "the report refers to something outside itself: " + outside);
        }
        assertTrue(html.contains("id=\"sweep\"") && html.contains(slice.toString()) && html.contains("etc/flox.strategy.marketmaker-btc.cfg"));
    }

    @Test
    void shouldRenderItsPlotsInHeadlessChromium() throws Exception {
        Path chromium = Paths.get("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            String how = "Chromium is not installed: apt-get install -y --no-install-recommends chromium (.ci/run installs it)";
            if ("true".equals(System.getenv("CI"))) fail(how);
            Assumptions.abort(how);
        }
        Path shot = tmp.resolve("report.png");
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--screenshot=" + shot, "--window-size=1000,2400", out.resolve("report.html").toUri().toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium took over 90 s: " + Files.readString(tmp.resolve("chromium.log")));
        }
        BufferedImage image = ImageIO.read(shot.toFile());
        assertNotNull(image, "no screenshot: " + Files.readString(tmp.resolve("chromium.log"), StandardCharsets.UTF_8));
        // plots are in colour (lines, the drawdown area, fill markers); text and tables are black and grey
        int bands = 0;
        long coloured = 0;
        for (int y0 = 0; y0 + 200 <= image.getHeight(); y0 += 200) {
            int n = 0;
            for (int y = y0; y < y0 + 200; y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                    if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) n++;
                }
            }
            coloured += n;
            if (n > 300) bands++;
        }
        assertTrue(bands >= 4, "plots in only " + bands + " of the screenshot's 200-pixel bands (" + coloured + " coloured pixels): " + shot);
    }

    @Test
    void shouldRefuseAnUnknownKeyBeforeRunningAnything() throws Exception {
        Path refused = tmp.resolve("refused");
        Result r = flox("backtest", "--replay", slice.toString(), "--set", "marketmaker.spred.ticks=2,4", "--out", refused.toString());
        assertEquals(2, r.status(), r.stderr());
        assertTrue(r.stderr().contains("unknown key 'marketmaker.spred.ticks'") && r.stderr().contains("marketmaker.spread.ticks")
                && r.stderr().contains("momentum.threshold.bps"), r.stderr());
        assertFalse(Files.exists(refused), "nothing was run");
    }
}
