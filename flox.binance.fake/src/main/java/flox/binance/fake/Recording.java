package flox.binance.fake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A Binance spot recording loaded whole into memory as a timeline of {@link Event}s: the
 * combined-stream frames (sent as recorded) and the REST depth snapshots (served over REST when
 * the timeline passes them). Formats: hftbacktest ({@code <receive ns> <frame>}, gzip or plain,
 * the symbol of a bare snapshot from the file name {@code <symbol>_<yyyymmdd>.gz}) and cryptofeed
 * ({@code <receive s>: <frame>}, {@code <url> -> <receive s>: <body>}), given by prefix
 * ({@code .../BINANCE}: its {@code .ws.*} and {@code .http.*} files merged by receive time).
 * Several paths are one continuous timeline, in the order given.
 *
 * <p>Built once by the fake's constructor (allocates freely: a test tool); immutable after.
 */
final class Recording {
    enum Kind { FRAME, SNAPSHOT }

    /** One line of the recording. For a frame {@code symbol} is the data's {@code s} (null if none). */
    record Event(Kind kind, long receiveNs, String stream, String symbol, boolean depth, long firstUpdateId,
                 long lastUpdateId, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Event> events;
    final int frames;

    private Recording(List<Event> events) {
        this.events = List.copyOf(events);
        this.frames = (int) events.stream().filter(e -> e.kind == Kind.FRAME).count();
    }

    /** Loaded recordings by paths, symbol, sizes and times: tests start many fakes on one recording. */
    private static final Map<List<Object>, Recording> CACHE = new HashMap<>();

    static Recording load(List<Path> paths, String snapshotSymbol) throws IOException {
        List<Object> key = new ArrayList<>();
        key.add(snapshotSymbol);
        for (Path p : paths) {
            key.add(p.toAbsolutePath().normalize());
            if (Files.isRegularFile(p)) {
                key.add(Files.size(p));
                key.add(Files.getLastModifiedTime(p));
            }
        }
        synchronized (CACHE) {
            Recording r = CACHE.get(key);
            if (r == null) {
                r = read(paths, snapshotSymbol);
                if (CACHE.size() > 8) {
                    CACHE.clear();
                }
                CACHE.put(key, r);
            }
            return r;
        }
    }

    private static Recording read(List<Path> paths, String snapshotSymbol) throws IOException {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no recording given");
        }
        List<Event> all = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                all.addAll(readFile(p, snapshotSymbol));
            } else {
                List<Path> parts = prefixFiles(p);
                if (parts.isEmpty()) {
                    throw new IOException("no recording at " + p + " (neither a file nor a cryptofeed prefix with .ws/.http files)");
                }
                List<Event> merged = new ArrayList<>();
                for (Path part : parts) {
                    merged.addAll(readFile(part, snapshotSymbol));
                }
                merged.sort(Comparator.comparingLong(Event::receiveNs)); // stable: a file's order is kept on ties
                all.addAll(merged);
            }
        }
        if (all.stream().noneMatch(e -> e.kind == Kind.FRAME)) {
            throw new IOException("no stream frame in " + paths);
        }
        return new Recording(all);
    }

    private static List<Path> prefixFiles(Path prefix) throws IOException {
        Path dir = prefix.toAbsolutePath().getParent();
        String name = prefix.getFileName().toString();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(name + ".ws.") || n.startsWith(name + ".http.");
            }).sorted().toList();
        }
    }

    private static List<Event> readFile(Path file, String snapshotSymbol) throws IOException {
        String fileSymbol = snapshotSymbol != null ? snapshotSymbol : symbolFromName(file);
        List<Event> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                try {
                    Event e = parseLine(line, fileSymbol);
                    if (e != null) {
                        out.add(e);
                    }
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ":" + n + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** {@code btcusdt_20240808.gz} gives BTCUSDT; null if the name is not of that form. */
    static String symbolFromName(Path file) {
        String n = file.getFileName().toString();
        int us = n.indexOf('_');
        if (us <= 0 || n.length() < us + 9 || !n.substring(us + 1, us + 9).chars().allMatch(Character::isDigit)) {
            return null;
        }
        return n.substring(0, us).toUpperCase(Locale.ROOT);
    }

    private static Event parseLine(String line, String fileSymbol) throws IOException {
        if (line.isEmpty()) {
            return null;
        }
        char c = line.charAt(0);
        if (c >= '0' && c <= '9') {
            int sp = line.indexOf(' ');
            if (sp < 0) {
                throw new IOException("no frame after the receive time");
            }
            String time = line.substring(0, sp);
            if (time.endsWith(":")) {
                time = time.substring(0, time.length() - 1);
            }
            long ns = parseTime(time);
            String json = line.substring(sp + 1);
            String name = leadingStreamName(json);
            if (name != null && !name.contains("@depth@") && !name.endsWith("@depth")) {
                // not a diff: only its stream is needed (most lines; a tree per line would cost seconds)
                int at = name.indexOf('@');
                return new Event(Kind.FRAME, ns, name, at > 0 ? name.substring(0, at).toUpperCase(Locale.ROOT) : null, false, 0, 0, json);
            }
            JsonNode root = JSON.readTree(json);
            if (root.has("lastUpdateId")) {
                if (fileSymbol == null) {
                    throw new IOException("a depth snapshot without a symbol: name the file <symbol>_<yyyymmdd>.gz or give the symbol (--symbol SYMBOL)");
                }
                return new Event(Kind.SNAPSHOT, ns, null, fileSymbol, true, 0, root.get("lastUpdateId").asLong(), json);
            }
            JsonNode stream = root.get("stream");
            JsonNode data = root.get("data");
            if (stream == null || data == null) {
                throw new IOException("not a combined-stream frame");
            }
            JsonNode s = data.get("s");
            String symbol = s == null ? null : s.asText();
            boolean depth = "depthUpdate".equals(data.path("e").asText());
            return new Event(Kind.FRAME, ns, stream.asText(), symbol, depth, depth ? data.get("U").asLong() : 0,
                    depth ? data.get("u").asLong() : 0, json);
        }
        if (line.startsWith("http://") || line.startsWith("https://")) {
            int arrow = line.indexOf(" -> ");
            int colon = line.indexOf(": ", arrow);
            if (arrow < 0 || colon < 0) {
                throw new IOException("http line without ' -> <time>: '");
            }
            String url = line.substring(0, arrow);
            int q = url.indexOf('?');
            String path = q < 0 ? url : url.substring(0, q);
            if (!path.endsWith("/depth")) {
                return null; // exchangeInfo and other replies: served from their own file
            }
            String symbol = null;
            for (String kv : (q < 0 ? "" : url.substring(q + 1)).split("&")) {
                if (kv.startsWith("symbol=")) {
                    symbol = kv.substring(7);
                }
            }
            if (symbol == null) {
                throw new IOException("depth reply without a symbol parameter");
            }
            String json = line.substring(colon + 2);
            long last = JSON.readTree(json).get("lastUpdateId").asLong();
            return new Event(Kind.SNAPSHOT, parseTime(line.substring(arrow + 4, colon)), null, symbol, true, 0, last, json);
        }
        return null; // connect lines (wss://... <->), configuration: nothing to serve
    }

    /** The value of {@code "stream"} when it is the frame's first field (as Binance writes it), else null. */
    private static String leadingStreamName(String json) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME && "stream".equals(p.currentName())
                    && p.nextToken() == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            return null;
        }
    }

    /** Integer nanoseconds, or seconds with a fraction. */
    private static long parseTime(String t) {
        int dot = t.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(t);
        }
        String frac = (t.substring(dot + 1) + "000000000").substring(0, 9);
        return Long.parseLong(t.substring(0, dot)) * 1_000_000_000L + Long.parseLong(frac);
    }
}
