package example.aggregator;

import static org.junit.Assert.assertTrue;

import flox.api.metrics.StatusContributor;
import flox.testing.FloxHost;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The aggregator inside a real Flox host (flox.testing, Pax Exam) on the synthetic market, which
 * starts BTCUSDT at 60,000 with trades among its events: its status line shows a VWAP near it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TradeVwapInHostIT {
    private static final Pattern BTC = Pattern.compile("vwap SIM:BTCUSDT (\\d+\\.\\d+) vol (\\d+\\.\\d+)");

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return FloxHost.host().plugin(pluginJar()).config(Path.of("etc/example.aggregator.cfg")).options();
    }

    static Path pluginJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "example.aggregator-*.jar")) {
            for (Path p : jars) if (!p.toString().endsWith("-sources.jar")) return p;
        }
        throw new IllegalStateException("target/example.aggregator-*.jar not built: run mvn verify (the jar is made in package)");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError(what + ": not within 60 s");
            Thread.sleep(10);
        }
    }

    /** Its status fragment, or "" while it is not there. */
    String status() throws Exception {
        for (ServiceReference<StatusContributor> r : context.getServiceReferences(StatusContributor.class, null)) {
            StatusContributor c = context.getService(r);
            try {
                String s = c == null ? null : c.statusFragment();
                if (s != null && s.contains("vwap ")) return s;
            } finally {
                context.ungetService(r);
            }
        }
        return "";
    }

    @Test
    public void shouldShowAVwapOfTheSyntheticMarketsTrades() throws Exception {
        await("a BTCUSDT vwap on the status line", () -> {
            try {
                return BTC.matcher(status()).find();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Matcher m = BTC.matcher(status());
        assertTrue(m.find());
        double vwap = Double.parseDouble(m.group(1));
        assertTrue("near the synthetic market's start of 60,000: " + status(), vwap > 50_000 && vwap < 70_000);
        assertTrue(status(), Double.parseDouble(m.group(2)) > 0);
    }
}
