package example.strategy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.metrics.StatusContributor;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.testing.FloxHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The template strategy inside a real Flox host (flox.testing: Felix, SCR, Configuration Admin,
 * the host's bundles, the synthetic market, the simulated exchange and risk), run by Pax Exam
 * after {@code mvn package} built the plugin's jar: it trades and gets fills, allocates nothing
 * per market-data event on its own delivery thread, and hands its state to version 1.0.1 of
 * itself when its bundle is updated in the running host.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MeanReversionInHostIT {
    private static final int STRATEGY_ID = 11;
    private static final Pattern STATUS = Pattern.compile("ex#11 sent (\\d+) fills (\\d+)");

    @Inject
    BundleContext context;
    @Inject
    OrderTracker tracker;

    @Configuration
    public Option[] config() throws IOException {
        return FloxHost.host()
                .plugin(pluginJar())
                .config(Path.of("etc/example.strategy-btc.cfg"))
                .set("flox.sim.market", "rate", "20000")
                .options();
    }

    /** The jar {@code mvn package} built. */
    static Path pluginJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "example.strategy-*.jar")) {
            for (Path p : jars) if (!p.toString().endsWith("-sources.jar")) return p;
        }
        throw new IllegalStateException("target/example.strategy-*.jar not built: run mvn verify (the jar is made in package)");
    }

    static void await(String what, BooleanSupplier condition, String... context) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError(what + ": not within 60 s " + String.join(" ", context));
            Thread.sleep(10);
        }
    }

    /** The template strategy's status ("ex#11 sent N fills M ..."), or "" while it has none. */
    String status() {
        try {
            for (ServiceReference<StatusContributor> r : context.getServiceReferences(StatusContributor.class, null)) {
                StatusContributor c = context.getService(r);
                try {
                    String s = c == null ? "" : c.statusFragment();
                    if (s != null && s.startsWith("ex#" + STRATEGY_ID)) return s;
                } finally {
                    context.ungetService(r);
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return "";
    }

    static long figure(String status, int group) {
        Matcher m = STATUS.matcher(status);
        return m.find() ? Long.parseLong(m.group(group)) : -1;
    }

    @Test
    public void shouldTradeAllocateNothingPerEventAndHandItsStateToItsNextVersion() throws Exception {
        // its own orders' reports, as any subscriber on the execution bus sees them
        AtomicLong fills = new AtomicLong();
        OrderState order = new OrderState();
        ExecutionSubscriber reports = e -> {
            if ((e.execType() == ExecType.FILLED || e.execType() == ExecType.PARTIALLY_FILLED) && tracker.read(e.clientOrderId(), order)
                    && order.strategyId() == STRATEGY_ID) {
                fills.incrementAndGet();
            }
        };
        Hashtable<String, Object> inline = new Hashtable<>();
        inline.put(SubscriberProperties.DELIVERY, SubscriberProperties.DELIVERY_INLINE);
        context.registerService(ExecutionSubscriber.class, reports, inline);

        await("the template strategy sent orders and got fills", () -> figure(status(), 1) > 0 && figure(status(), 2) > 0 && fills.get() > 0,
                status());

        // no allocation per event on the thread that delivers its market data (its own agent)
        Thread agent = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("flox-market-data-")
                && t.getName().contains("example.strategy")).findFirst().orElse(null);
        assertNotNull("the strategy's delivery thread: " + Thread.getAllStackTraces().keySet(), agent);
        AtomicLong events = new AtomicLong();
        MarketDataSubscriber counter = new MarketDataSubscriber() {
            @Override public void onBookUpdate(BookUpdate update) { events.incrementAndGet(); }
            @Override public void onTrade(TradeEvent trade) { events.incrementAndGet(); }
        };
        Hashtable<String, Object> btc = new Hashtable<>();
        btc.put(SubscriberProperties.SYMBOLS, "SIM:BTCUSDT");
        context.registerService(MarketDataSubscriber.class, counter, btc);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] perRound = new long[8];
        long[] eventsPerRound = new long[perRound.length];
        long bytesPerEventTimes1000 = Long.MAX_VALUE;
        for (int round = 0; round < perRound.length && bytesPerEventTimes1000 > 0; round++) { // the first rounds may still compile
            long e0 = events.get();
            long b0 = threads.getThreadAllocatedBytes(agent.getId());
            Thread.sleep(1_000);
            long bytes = threads.getThreadAllocatedBytes(agent.getId()) - b0;
            long n = events.get() - e0;
            perRound[round] = bytes;
            eventsPerRound[round] = n;
            bytesPerEventTimes1000 = n == 0 ? Long.MAX_VALUE : bytes * 1000 / n;
        }
        String figures = agent.getName() + ": bytes per 1 s round " + java.util.Arrays.toString(perRound) + ", BTCUSDT events per round "
                + java.util.Arrays.toString(eventsPerRound);
        System.out.println("allocation: " + figures);
        assertEquals("bytes x 1000 per event on " + figures, 0, bytesPerEventTimes1000);

        // version 1.0.1 of the same plugin replaces it in the running host and takes over its state
        Bundle plugin = null;
        for (Bundle b : context.getBundles()) if (b.getSymbolicName().equals("example.strategy")) plugin = b;
        assertNotNull(plugin);
        String before = status();
        long sentBefore = figure(before, 1);
        plugin.update(new ByteArrayInputStream(withVersion(pluginJar(), "1.0.1")));
        Bundle updated = plugin;
        await("version 1.0.1 running", () -> updated.getVersion().toString().equals("1.0.1") && updated.getState() == Bundle.ACTIVE
                && figure(status(), 1) >= 0, status());
        String after = status();
        assertTrue("the new version counts on from the old one's " + before + ": " + after, figure(after, 1) >= sentBefore);
        await("the new version trades", () -> figure(status(), 1) > sentBefore, status());
    }

    /** The plugin jar with Bundle-Version {@code version}: the same code as a new release. */
    static byte[] withVersion(Path jar, String version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream raw = Files.newInputStream(jar); JarInputStream in = new JarInputStream(raw)) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream o = new JarOutputStream(out, m)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    o.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(o);
                    o.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
