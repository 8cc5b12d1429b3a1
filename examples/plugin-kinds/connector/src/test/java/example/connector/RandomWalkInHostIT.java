package example.connector;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import flox.api.book.OrderBook;
import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.BookUpdate;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolRegistry;
import flox.testing.FloxHost;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The connector inside a real Flox host (flox.testing, Pax Exam) with a DEMO symbol in
 * symbols.csv: the host's lifecycle starts it, and a subscriber on the host's market-data bus
 * sees DEMO go LIVE and keeps a consistent, uncrossed book of DEMO:XYZUSD from its updates.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RandomWalkInHostIT {
    @Inject
    BundleContext context;
    @Inject
    SymbolRegistry registry;

    @Configuration
    public Option[] config() throws IOException {
        return FloxHost.host().plugin(pluginJar()).config(Path.of("etc/example.connector.cfg"))
                .symbols("SIM,BTCUSDT,SPOT,0.01,0.00001,0.00001,5", "DEMO,XYZUSD,SPOT,0.01,0.001,0.001,1")
                .set("flox.risk", "max.order.quantity.per.symbol", "SIM:BTCUSDT=5")
                .set("flox.risk", "max.position.per.symbol", "SIM:BTCUSDT=10")
                .set("flox.sim.market", "start.prices", "BTCUSDT=60000")
                .options();
    }

    static Path pluginJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "example.connector-*.jar")) {
            for (Path p : jars) if (!p.toString().endsWith("-sources.jar")) return p;
        }
        throw new IllegalStateException("target/example.connector-*.jar not built: run mvn verify (the jar is made in package)");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError(what + ": not within 60 s");
            Thread.sleep(10);
        }
    }

    @Test
    public void shouldPublishDemoBooksAndGoLiveInTheHost() throws Exception {
        await("DEMO:XYZUSD registered", () -> registry.resolve("DEMO", "XYZUSD") != SymbolRegistry.UNKNOWN);
        int xyz = registry.resolve("DEMO", "XYZUSD");
        OrderBook book = new OrderBook(xyz, 16);
        AtomicLong updates = new AtomicLong(); // the book is read on the connector's thread only; the test reads these
        AtomicBoolean crossed = new AtomicBoolean();
        AtomicBoolean consistent = new AtomicBoolean();
        AtomicLong bestBid = new AtomicLong();
        AtomicReference<VenueState> demo = new AtomicReference<>();
        MarketDataSubscriber s = new MarketDataSubscriber() {
            @Override public void onBookUpdate(BookUpdate u) {
                book.apply(u);
                if (book.bidLevels() > 0 && book.askLevels() > 0 && book.bidPrice(0) >= book.askPrice(0)) crossed.set(true);
                if (book.bidLevels() > 0) bestBid.set(book.bidPrice(0));
                consistent.set(book.isConsistent());
                updates.incrementAndGet();
            }
            @Override public void onVenueState(VenueStateEvent e) {
                if (e.exchange().equals("DEMO")) demo.set(e.state());
            }
        };
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(SubscriberProperties.SYMBOLS, "DEMO:XYZUSD");
        p.put(SubscriberProperties.EVENT_KINDS, "BOOK_UPDATE,VENUE_STATE");
        p.put(SubscriberProperties.DELIVERY, SubscriberProperties.DELIVERY_INLINE); // on the connector's thread: the book needs no lock
        context.registerService(MarketDataSubscriber.class, s, p);
        await("DEMO LIVE and a book of XYZUSD from many updates (a snapshot comes every second)",
                () -> demo.get() == VenueState.LIVE && updates.get() > 500 && consistent.get());
        assertFalse("never crossed", crossed.get());
        assertTrue(bestBid.get() > 0);
    }
}
