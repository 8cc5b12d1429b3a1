package flox.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Durable host state in {@code <home>/state/}: small human-readable files of {@code key=value}
 * lines under a comment header, written atomically (a temporary file in the same directory,
 * fsync, atomic rename, fsync of the directory), so a crash leaves the old or the new content,
 * never a torn file. The host never writes the operator's {@code etc/}: what it must remember
 * across restarts (kill switch, disabled strategies, lock, run marker) lives here. Cold path;
 * allocates; each call is independent (callers serialize writes of one file).
 */
public final class HomeState {
    private final Path dir;

    /** @param home the host home; the state lives in its {@code state/} subdirectory */
    public HomeState(Path home) {
        this.dir = home.resolve("state");
    }

    /**
     * The host home: the framework property {@code flox.home} when set (tests set it), else the
     * JVM's working directory.
     *
     * @param floxHome the value of {@code context.getProperty("flox.home")}, or null
     */
    public static Path home(String floxHome) {
        return Path.of(floxHome != null && !floxHome.isBlank() ? floxHome : System.getProperty("user.dir")).toAbsolutePath();
    }

    /** The file {@code name} in the state directory. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * The key=value lines of {@code name} in file order; null when the file does not exist.
     *
     * @throws IOException when it exists but cannot be read, or a non-comment line has no '='
     *     (the caller decides what is safe then)
     */
    public Map<String, String> read(String name) throws IOException {
        Path f = file(name);
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int eq = l.indexOf('=');
            if (eq <= 0) throw new IOException(f + " line " + lineNo + ": '" + l + "' is not key=value");
            out.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return out;
    }

    /**
     * Replaces {@code name} atomically with {@code header} (each line prefixed "# ") and the
     * {@code values} as key=value lines; creates the state directory when missing.
     *
     * @throws UncheckedIOException when it cannot be written (the old content is left as it was)
     */
    public void write(String name, String header, Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        for (String h : header.split("\n")) sb.append("# ").append(h).append('\n');
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            if (e.getKey().indexOf('=') >= 0 || e.getKey().indexOf('\n') >= 0 || v.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("state " + name + ": key or value with '=' or a line break: " + e.getKey());
            }
            sb.append(e.getKey()).append('=').append(v).append('\n');
        }
        Path target = file(name);
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file is overwritten by the next write
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e, e);
        }
    }

    /** The rename reaches the disk too (not possible on every platform: best effort). */
    private void syncDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException notSupported) {
            // e.g. Windows cannot open a directory; the file itself was forced
        }
    }
}
