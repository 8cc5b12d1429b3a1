package flox.bench.fix;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The QuickFIX/J example executor (quickfixj-examples-executor 2.3.1, on its own class path:
 * {@code --executor-jars}) as the one counterparty of both contenders: a separate process on a
 * free loopback port with a private store and two FIX 4.4 sessions, EXEC to {@link #FLOX} and
 * EXEC to {@link #BARE}. It acknowledges a NewOrderSingle (150=F, 39=0) and fills a limit buy at
 * or above its market price of 12.30 at once (150=F, 39=2). Its output is drained (the last
 * 200 lines kept for errors); it exits when its stdin closes.
 */
final class ExecutorProcess implements AutoCloseable {
    static final String SENDER = "EXEC";
    static final String FLOX = "FLOX";
    static final String BARE = "BARE";

    final int port;
    private final Process process;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final CountDownLatch started = new CountDownLatch(1);

    ExecutorProcess(Path dir, Path jars) throws IOException, InterruptedException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("executor.cfg");
        Files.writeString(cfg, String.join("\n",
                "[default]",
                "FileStorePath=" + dir.resolve("executor-store"),
                "ConnectionType=acceptor",
                "StartTime=00:00:00",
                "EndTime=00:00:00",
                "HeartBtInt=30",
                "ValidOrderTypes=1,2,F",
                "SenderCompID=" + SENDER,
                "UseDataDictionary=Y",
                "DefaultMarketPrice=12.30",
                "SocketAcceptAddress=127.0.0.1",
                "SocketAcceptPort=" + port,
                "SocketTcpNoDelay=Y",
                "",
                "[session]",
                "BeginString=FIX.4.4",
                "TargetCompID=" + FLOX,
                "",
                "[session]",
                "BeginString=FIX.4.4",
                "TargetCompID=" + BARE,
                ""));
        String classPath;
        try (Stream<Path> s = Files.list(jars)) {
            classPath = s.map(Path::toString).filter(p -> p.endsWith(".jar")).collect(Collectors.joining(File.pathSeparator));
        }
        if (classPath.isEmpty()) throw new IOException("no executor jars in " + jars);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xms256m", "-cp", classPath, "quickfix.examples.executor.Executor", cfg.toString())
                .redirectErrorStream(true).start();
        Thread drain = new Thread(this::drain, "executor-output");
        drain.setDaemon(true);
        drain.start();
        if (!started.await(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the executor did not start within 60 s: " + output());
        }
    }

    private void drain() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (tail) {
                    if (tail.size() == 200) tail.removeFirst();
                    tail.addLast(line);
                }
                if (line.contains("press <enter> to quit")) started.countDown();
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** The last lines it wrote. */
    String output() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
