package flox.itest.hotdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.plugin.ExchangeConnector;
import flox.api.plugin.OrderExecutor;
import flox.itest.Await;
import flox.itest.HostCalls;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Issue 15: the FIX connector as a venue plugin. Its bundle jar, as the build makes it (QuickFIX/J,
 * MINA and SLF4J embedded on its own class path), is dropped into the plugins directory of the
 * running host with a session file in etc/; it resolves with only flox.api and the JDK from the
 * host, registers the session's {@code OrderExecutor}, and publishes its venue state while it
 * tries a port nothing listens on (no counterparty: the logon itself is ExecutorSessionTest's).
 * A market-data session file ({@code flox.fix.md-itest.cfg}) beside it registers the session's
 * {@code ExchangeConnector} too (its logon: MarketDataSessionTest's). Removing the jar removes it
 * cleanly.
 */
@Timeout(120)
class FixConnectorInFrameworkTest {
    static final String EXCHANGE = "FIXITEST";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    HotDeployHome home;
    Path session;
    Path marketData;
    Path jar;

    @BeforeEach
    void setUp() throws Exception {
        home = HotDeployHome.prepare(context, configAdmin);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (jar != null) Files.deleteIfExists(jar);
        if (session != null) Files.deleteIfExists(session);
        if (marketData != null) Files.deleteIfExists(marketData);
        Await.until("the connector uninstalled", 20_000, () -> Arrays.stream(context.getBundles())
                .noneMatch(b -> "flox.connector.fix".equals(b.getSymbolicName())));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void shouldResolveDroppedIntoPluginsAndRegisterItsSession() throws Exception {
        session = home.etc.resolve("flox.fix-itest.cfg");
        Files.writeString(session, "exchange=" + EXCHANGE + "\nhost=127.0.0.1\nport=" + freePort()
                + "\nsender.comp.id=FLOX\ntarget.comp.id=EXEC\nreconnect.s=1\n");
        marketData = home.etc.resolve("flox.fix.md-itest.cfg");
        Files.writeString(marketData, "exchange=" + EXCHANGE + "\nhost=127.0.0.1\nport=" + freePort()
                + "\nsender.comp.id=FLOXMD\ntarget.comp.id=FEED\nreconnect.s=1\nmarket.depth=10\n");
        Path built = Paths.get(context.getProperty("flox.itest.fix.connector")).resolve("flox.connector.fix-0.1.0-SNAPSHOT.jar");
        jar = home.plugins.resolve("fix.jar");
        Path part = home.plugins.resolveSibling("fix.jar.part");
        Files.copy(built, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);

        Await.until("the bundle active", 30_000, () -> Arrays.stream(context.getBundles())
                .anyMatch(b -> "flox.connector.fix".equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE),
                () -> HostCalls.command(context, "plugins"));
        Await.until("the session's executor registered", 30_000, () -> executors().length == 1, () -> HostCalls.command(context, "plugins"));
        Await.until(EXCHANGE + "'s venue state on the status line", 30_000,
                () -> HostCalls.command(context, "status").matches("(?s).*" + EXCHANGE + " (CONNECTING|DISCONNECTED).*"),
                () -> HostCalls.command(context, "status"));
        assertTrue(!HostCalls.command(context, "status").contains(EXCHANGE + " LIVE"), "nothing listens: not LIVE");
        Await.until("flox:fix shows the session trying", 30_000,
                () -> HostCalls.command(context, "fix").contains("FIX order entry (" + EXCHANGE + ", FLOX->EXEC): not logged on"),
                () -> HostCalls.command(context, "fix"));
        Await.until("the market-data session's connector registered", 30_000, () -> services(ExchangeConnector.class).length == 1,
                () -> HostCalls.command(context, "plugins"));
        Await.until("flox:fixmd shows the market-data session trying", 30_000,
                () -> HostCalls.command(context, "fixmd").contains("FIX market data (" + EXCHANGE + ", FLOXMD->FEED): not logged on"),
                () -> HostCalls.command(context, "fixmd"));
        Bundle fix = Arrays.stream(context.getBundles()).filter(b -> "flox.connector.fix".equals(b.getSymbolicName())).findFirst().orElseThrow();
        String imports = fix.getHeaders().get("Import-Package");
        assertTrue(imports.contains("flox.api"), imports);
        assertEquals(-1, imports.indexOf("quickfix"), "QuickFIX/J is embedded, not imported: " + imports);
    }

    ServiceReference<?>[] executors() {
        return services(OrderExecutor.class);
    }

    ServiceReference<?>[] services(Class<?> type) {
        try {
            ServiceReference<?>[] r = context.getServiceReferences(type.getName(), "(exchange=" + EXCHANGE + ")");
            return r == null ? new ServiceReference<?>[0] : r;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
