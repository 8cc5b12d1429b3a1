package flox.connector.fix.internal.session;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The QuickFIX/J example executor (org.quickfixj:quickfixj-examples-executor 2.3.1, a real FIX 4.4
 * acceptor: SenderCompID EXEC, TargetCompID BANZAI) as a separate process for tests: a generated
 * configuration on a free loopback port with a private store, its own class path
 * (target/executor, its QuickFIX/J 2.3.1), its output drained and kept. It exits when its stdin
 * closes ({@link #close}), or at once on {@link #kill}.
 */
final class ExampleExecutor implements AutoCloseable {
    final int port;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);

    ExampleExecutor(Path dir) throws IOException, InterruptedException {
        this(dir, freePort());
    }

    /** On {@code port} with the store under {@code dir}: a restart of an executor that ran there resumes its sequence numbers. */
    ExampleExecutor(Path dir, int port) throws IOException, InterruptedException {
        this.port = port;
        Path cfg = dir.resolve("executor.cfg");
        Files.writeString(cfg, String.join("\n",
                "[default]",
                "FileStorePath=" + store(dir),
                "ConnectionType=acceptor",
                "StartTime=00:00:00",
                "EndTime=00:00:00",
                "HeartBtInt=30",
                "ValidOrderTypes=1,2,F",
                "SenderCompID=EXEC",
                "TargetCompID=BANZAI",
                "UseDataDictionary=Y",
                "DefaultMarketPrice=12.30",
                "SocketAcceptAddress=127.0.0.1",
                "",
                "[session]",
                "BeginString=FIX.4.4",
                "SocketAcceptPort=" + port,
                ""));
        Path jars = Path.of(System.getProperty("flox.executor.jars", "target/executor"));
        String classPath;
        try (Stream<Path> s = Files.list(jars)) {
            classPath = s.map(Path::toString).filter(p -> p.endsWith(".jar")).collect(Collectors.joining(File.pathSeparator));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-cp", classPath, "quickfix.examples.executor.Executor", cfg.toString()).redirectErrorStream(true).start();
        Thread drain = new Thread(this::drain, "executor-output");
        drain.setDaemon(true);
        drain.start();
        if (!started.await(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the executor did not start within 30 s: " + output());
        }
    }

    private void drain() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.contains("press <enter> to quit")) started.countDown();
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Kills the process at once (SIGKILL: no logout, the socket reset by the kernel), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** This executor's store directory (QuickFIX/J FileStore files). */
    static Path store(Path dir) {
        return dir.resolve("executor-store");
    }

    /**
     * A next sequence number kept by a QuickFIX/J FileStore in {@code storeDir}: {@code kind}
     * "senderseqnums" (the next outgoing) or "targetseqnums" (the next expected incoming), each a
     * number in the session's file of that suffix. Read it after the session stopped.
     */
    static int storedSeqNum(Path storeDir, String kind) throws IOException {
        try (Stream<Path> s = Files.list(storeDir)) {
            Path f = s.filter(p -> p.getFileName().toString().endsWith("." + kind)).findFirst()
                    .orElseThrow(() -> new IOException("no ." + kind + " file in " + storeDir));
            String digits = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).replaceAll("[^0-9]", "");
            return Integer.parseInt(digits);
        }
    }

    /** Closes its stdin, on which it exits; forced after 10 s. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
