package example.risk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolRegistry;
import flox.testing.FloxHost;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The check inside a real Flox host (flox.testing, Pax Exam) with etc/example.risk.cfg: the
 * host's gateway runs it on every order, after the host's own risk limits.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BlockedSymbolsInHostIT {
    @Inject
    OrderGateway gateway;
    @Inject
    SymbolRegistry registry;

    @Configuration
    public Option[] config() throws IOException {
        return FloxHost.host().plugin(pluginJar()).config(Path.of("etc/example.risk.cfg"))
                .set("flox.risk", "price.band.bps", "0") // the host's price band off: the test's orders need no mid
                .options();
    }

    static Path pluginJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "example.risk-*.jar")) {
            for (Path p : jars) if (!p.toString().endsWith("-sources.jar")) return p;
        }
        throw new IllegalStateException("target/example.risk-*.jar not built: run mvn verify (the jar is made in package)");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError(what + ": not within 60 s");
            Thread.sleep(10);
        }
    }

    RejectReason submit(String symbol, long quantityScaled) {
        int id = registry.resolve("SIM", symbol);
        OrderRequest r = new OrderRequest().limit(gateway.nextClientOrderId(), id, Side.BUY, 1, quantityScaled, TimeInForce.IOC).strategyId(5);
        return gateway.submit(r);
    }

    @Test
    public void shouldRefuseBlockedSymbolsAndOrdersAboveTheCapInTheHost() throws Exception {
        await("the symbols loaded", () -> registry.resolve("SIM", "SOLUSDT") != SymbolRegistry.UNKNOWN);
        // the host's own checks come first (its venue must be LIVE, its price band, ...): wait for this plugin's refusal
        await("SIM:SOLUSDT refused by the plugin", () -> submit("SOLUSDT", 1_000) == RejectReason.RISK_LIMIT);
        assertEquals("0.6 BTC: above the plugin's 0.5 cap (the host's own cap is 5)", RejectReason.RISK_LIMIT, submit("BTCUSDT", 60_000));
        // and the check lets the rest through (a check that throws would refuse everything as RISK_LIMIT)
        assertNotEquals("0.1 BTC on BTCUSDT: neither blocked nor above the cap", RejectReason.RISK_LIMIT, submit("BTCUSDT", 10_000));
    }
}
