package flox.recorder.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.EventKind;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.core.symbol.SymbolsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The symbols.csv of a journal replay's home: the journal's symbols as SIM's, read back by the
 * host's own symbols.csv parser to exactly the definitions the replay registers, then the default
 * symbols the journal lacks; a name defined twice differently refused naming the field.
 */
@Timeout(30)
class JournalSymbolsCsvTest {
    @TempDir
    Path dir;

    private Path journal(String name, ConcurrentSymbolRegistry registry) throws Exception {
        Path d = dir.resolve(name);
        Recorder r = new Recorder(d, 1 << 20, 64 << 20, 1 << 16, new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of()), registry,
                new JournalTestSupport.TestClock());
        r.start();
        r.onTrade(JournalTestSupport.trade(0, 1));
        JournalTestSupport.await(() -> r.writer().events() == 1, "1 event written");
        r.stop(5_000);
        return d;
    }

    private Path defaults() throws Exception {
        return Files.writeString(dir.resolve("symbols.csv"), "# defaults\nexchange,symbol,type,tickSize,lotSize,minQuantity,minNotional\n"
                + "SIM,BTCUSDT,SPOT,0.01,0.00001,0.00001,5\nSIM,SOLUSDT,SPOT,0.01,0.001,0.001,5\nOTHER,XYZ,SPOT,1,1,1,0\n");
    }

    @Test
    void shouldWriteTheJournalsSymbolsAsTheHostReadsThemThenTheMissingDefaults() throws Exception {
        ConcurrentSymbolRegistry live = JournalTestSupport.registry(); // SIM:BTCUSDT 2/5, SIM:ETHUSDT a non-tradable FUTURE with maxima
        String csv = JournalSymbolsCsv.csv(journal("j", live), "SIM", defaults());
        List<SymbolInfo> read = SymbolsFile.parse("symbols.csv", List.of(csv.split("\n")));
        assertEquals(3, read.size(), csv);
        assertEquals(live.symbol(0).withSymbolId(0), read.get(0).withSymbolId(0), "every field as the journal has it");
        assertEquals(live.symbol(1).withSymbolId(0), read.get(1).withSymbolId(0), "every field as the journal has it");
        assertEquals("SOLUSDT", read.get(2).symbol(), "then the defaults' symbols of SIM the journal lacks, not its BTCUSDT: " + csv);
    }

    @Test
    void shouldRefuseANameTheJournalDefinesTwiceDifferentlyNamingTheField() throws Exception {
        ConcurrentSymbolRegistry live = new ConcurrentSymbolRegistry();
        live.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        live.register(SymbolInfo.builder("BINANCE", "BTCUSDT").priceScale(2).quantityScale(8).tickSizeScaled(1).lotSizeScaled(1).build());
        Path j = journal("two", live);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalSymbolsCsv.csv(j, "SIM", defaults()));
        assertTrue(e.getMessage().contains("the journal defines BTCUSDT twice, differently (SIM:BTCUSDT and BINANCE:BTCUSDT)")
                && e.getMessage().contains("quantityScale"), e.getMessage());
    }
}
