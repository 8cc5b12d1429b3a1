package flox.bench.ws;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A {@link WsFrameServer} in its own JVM, on this JVM's class path; closing its stdin stops it. Set-up code. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final File log;
    final URI ws;
    final int tcpPort;

    ServerProcess(Path recording, String frames) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        log = File.createTempFile("ws-server", ".log");
        process = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                WsFrameServer.class.getName(), recording.toString(), frames)
                .redirectError(log).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine(); // READY, or the end of its output when it dies (its log says why)
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the frame server did not start: " + ready + "\n" + Files.readString(log.toPath()));
        }
        String[] f = ready.split(" ");
        ws = URI.create("ws://127.0.0.1:" + f[1] + "/ws");
        tcpPort = Integer.parseInt(f[2]);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } finally {
            log.delete();
        }
    }
}
