package flox.itest.hotdeploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.itest.Await;
import flox.itest.HostCalls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Issue 14: the Binance connector as a venue plugin. Its bundle jar, as the build makes it, is
 * dropped into the plugins directory of the running host with an account file in etc/; it
 * resolves (its imports are flox.api, jackson-core and the JDK), reads the symbol from the
 * exchangeInfo of the fake exchange (a separate process on loopback playing the BTCUSDT
 * recording), syncs the book, and the status line shows {@code BINANCE LIVE}; flox:binance says
 * the book is in sync. Removing the jar removes it cleanly.
 */
@Timeout(120)
class BinanceConnectorInFrameworkTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    HotDeployHome home;
    Process fake;
    Path account;
    Path jar;

    @BeforeEach
    void setUp() throws Exception {
        home = HotDeployHome.prepare(context, configAdmin);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (jar != null) Files.deleteIfExists(jar);
        if (account != null) Files.deleteIfExists(account);
        Await.until("the connector uninstalled", 20_000, () -> Arrays.stream(context.getBundles())
                .noneMatch(b -> "flox.connector.binance".equals(b.getSymbolicName())));
        if (fake != null) {
            fake.destroy();
            fake.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the fake exchange as its launcher would; returns its port. */
    int startFake() throws Exception {
        Path target = Paths.get(context.getProperty("flox.itest.binance.fake"));
        Path data = Paths.get(context.getProperty("flox.itest.data"));
        String cp = target.resolve("flox.binance.fake-0.1.0-SNAPSHOT.jar") + java.io.File.pathSeparator
                + Files.readString(target.resolve("fake.classpath")).strip();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        fake = new ProcessBuilder(List.of(java, "-cp", cp, "flox.binance.fake.FakeBinance", "--pace", "original", "--speed", "1",
                "--exchange-info", data.resolve("binance/recordings/cryptofeed/exchangeInfo-excerpt-20211012.json").toString(),
                data.resolve("binance/recordings/hftbacktest/btcusdt_20240808.gz").toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> { // the recording's symbol lines come first, then the port
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("port=") || !line.startsWith("symbol")) return line;
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        assertTrue(first != null && first.startsWith("port="), "the fake says its port after its symbols: " + first);
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) { /* the fake's log: not needed */ }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "fake-output");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(first.substring("port=".length()).strip());
    }

    @Test
    void shouldRunDroppedIntoPluginsAndGoLiveOnTheFakeExchange() throws Exception {
        int port = startFake();
        account = home.etc.resolve("flox.binance-fake.cfg");
        Files.writeString(account, "symbols=BTCUSDT\nstream.url=ws://127.0.0.1:" + port + "\nrest.url=http://127.0.0.1:" + port
                + "\nsnapshot.interval.ms=200\n");
        Path built = Paths.get(context.getProperty("flox.itest.binance.connector")).resolve("flox.connector.binance-0.1.0-SNAPSHOT.jar");
        jar = home.plugins.resolve("binance.jar");
        Path part = home.plugins.resolveSibling("binance.jar.part");
        Files.copy(built, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
        Await.until("BINANCE LIVE on the status line", 60_000, () -> HostCalls.command(context, "status").contains("BINANCE LIVE"),
                () -> HostCalls.command(context, "status") + "\n" + HostCalls.command(context, "plugins"));
        String binance = HostCalls.command(context, "binance");
        assertTrue(binance.contains("BTCUSDT: in sync"), binance);
        assertTrue(HostCalls.command(context, "symbols").contains("BINANCE"), "the symbol from exchangeInfo is in the registry");
    }
}
