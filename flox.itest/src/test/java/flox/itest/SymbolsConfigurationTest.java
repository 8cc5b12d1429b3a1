package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.OrderTracker;
import flox.api.symbol.SymbolRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Hashtable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * The registry loads its symbols file through Configuration Admin, refuses a malformed file as
 * a whole with one error naming file, line and field, keeps its last good state, and picks up
 * the corrected file. Bad configuration values are reported by field and do not break the host.
 */
@Timeout(60)
class SymbolsConfigurationTest {
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    SymbolRegistry registry;

    @InjectService(timeout = 10_000)
    OrderTracker tracker;

    Path dir;
    Path file;
    LogCapture symbolsLog;
    long mtime = System.currentTimeMillis() - 100_000;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("flox-itest");
        file = dir.resolve("symbols.csv");
        symbolsLog = new LogCapture("flox.symbols");
    }

    @AfterEach
    void tearDown() throws IOException {
        symbolsLog.close();
        Configuration c = configAdmin.getConfiguration("flox.symbols", "?");
        c.delete();
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    /** Writes the file with a distinct modification time, so the watcher sees every version. */
    private void write(String... lines) throws IOException {
        Files.write(file, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        mtime += 10_000;
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    }

    private void configure(Object interval) throws IOException {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("symbols.file", file.toString());
        props.put("reload.interval.ms", interval);
        configAdmin.getConfiguration("flox.symbols", "?").update(props);
    }

    @Test
    void shouldLoadRefuseMalformedAsAWholeAndReloadWhenFixed() throws Exception {
        write("exchange,symbol,type,tickSize,lotSize,minQuantity,minNotional",
              "CFGX,AAAUSDT,SPOT,0.01,0.001,0.001,5",
              "CFGX,BBBUSDT,SPOT,0.0001,1,1,10");
        configure(50L);
        Await.until("the first file to load", 10_000, () -> registry.resolve("CFGX", "BBBUSDT") != SymbolRegistry.UNKNOWN, symbolsLog::dump);
        int sizeAfterGood = registry.size();

        // a new valid symbol on line 3 and a broken tick size on line 4: nothing may be applied
        write("exchange,symbol,type,tickSize,lotSize,minQuantity,minNotional",
              "CFGX,AAAUSDT,SPOT,0.01,0.001,0.001,5",
              "CFGX,CCCUSDT,SPOT,0.01,0.001,0.001,5",
              "CFGX,DDDUSDT,SPOT,0.0x,0.001,0.001,5");
        Await.until("the malformed file to be refused", 10_000,
                () -> symbolsLog.hasError(file.toString(), "line 4", "field tickSize"), symbolsLog::dump);
        assertEquals(SymbolRegistry.UNKNOWN, registry.resolve("CFGX", "CCCUSDT"), "nothing of the bad file was applied");
        assertEquals(sizeAfterGood, registry.size());
        assertTrue(registry.resolve("CFGX", "AAAUSDT") != SymbolRegistry.UNKNOWN, "the last good state is kept");
        assertEquals(1, symbolsLog.errorCount(), "one error per bad file, not one per poll");

        // a file that redefines a registered symbol differently is refused too
        write("exchange,symbol,type,tickSize,lotSize",
              "CFGX,AAAUSDT,SPOT,0.05,0.001",
              "CFGX,EEEUSDT,SPOT,0.01,0.001");
        Await.until("the conflicting file to be refused", 10_000,
                () -> symbolsLog.hasError(file + " line 2, field tickSize", "CFGX:AAAUSDT", "is already registered"), symbolsLog::dump);
        assertEquals(SymbolRegistry.UNKNOWN, registry.resolve("CFGX", "EEEUSDT"));

        write("exchange,symbol,type,tickSize,lotSize,minQuantity,minNotional",
              "CFGX,AAAUSDT,SPOT,0.01,0.001,0.001,5",
              "CFGX,CCCUSDT,SPOT,0.01,0.001,0.001,5");
        Await.until("the corrected file to load", 10_000, () -> registry.resolve("CFGX", "CCCUSDT") != SymbolRegistry.UNKNOWN, symbolsLog::dump);
        assertEquals(sizeAfterGood + 1, registry.size());
    }

    @Test
    void shouldReportABadConfigurationValueByFieldAndKeepRunning() throws Exception {
        write("exchange,symbol,type,tickSize,lotSize", "CFGY,XYZUSDT,SPOT,0.01,0.001");
        configure("every-now-and-then");
        Await.until("the bad value to be reported", 10_000,
                () -> symbolsLog.hasError("field reload.interval.ms", "every-now-and-then"), symbolsLog::dump);
        Await.until("the file to load regardless", 10_000, () -> registry.resolve("CFGY", "XYZUSDT") != SymbolRegistry.UNKNOWN, symbolsLog::dump);

        try (LogCapture trackerLog = new LogCapture("flox.tracker")) {
            int capacity = tracker.capacity();
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("capacity", "lots");
            Configuration c = configAdmin.getConfiguration("flox.tracker", "?");
            c.update(props);
            try {
                Await.until("the bad capacity to be reported", 10_000, () -> trackerLog.hasError("field capacity", "lots"), trackerLog::dump);
                assertEquals(capacity, tracker.capacity(), "the tracker keeps running with its capacity");
            } finally {
                c.delete();
            }
        }
    }
}
