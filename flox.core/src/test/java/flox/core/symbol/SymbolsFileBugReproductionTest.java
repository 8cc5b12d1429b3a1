package flox.core.symbol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.symbol.SymbolInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproductions of suspected defects in {@link SymbolsFile}. These tests FAIL against the
 * current production code on purpose; they are kept apart from {@link SymbolsFileTest} so the
 * decision (fix the code, or delete/adjust the test) can be taken separately.
 */
class SymbolsFileBugReproductionTest {

    /**
     * SymbolsFile.java:67-70 keys duplicate detection on {@code exchange + ':' + symbol}, but
     * identifiers may contain ':' (SymbolInfo only forbids commas and non-printables; CCXT-style
     * names such as "BTC/USDT:USDT" do). Two distinct pairs with the same spelling make
     * {@code indexOf} return -1 and {@code out.get(-1)} throws IndexOutOfBoundsException: an
     * unchecked exception escapes a method declared to report problems as SymbolsFileException,
     * without file, line or field. The registry itself keeps such pairs apart.
     */
    @Test
    void bugShouldKeepDistinctPairsWhoseExchangeColonSymbolSpellingsCoincide() throws Exception {
        List<SymbolInfo> out = SymbolsFile.parse("symbols.csv", List.of(
                "exchange,symbol,type,tickSize,lotSize",
                "SIM,X:Y,SPOT,1,1",
                "SIM:X,Y,SPOT,1,1"));
        assertEquals(2, out.size());
    }

    /**
     * SymbolsFile.java:41/95: a UTF-8 byte-order mark (as written by Excel "CSV UTF-8" and some
     * Windows editors) is neither stripped by readAllLines nor by String.strip(), so the first
     * header cell becomes "\uFEFFexchange" and the file is refused with
     * "field \uFEFFexchange: unknown column" -- which looks like "field exchange: unknown column".
     * Judgement call: either accept the BOM, or say so in the message.
     */
    @Test
    void bugShouldAcceptAUtf8FileThatStartsWithAByteOrderMark(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("symbols.csv");
        Files.write(f, "\uFEFFexchange,symbol,type,tickSize,lotSize\nSIM,BTCUSDT,SPOT,0.01,0.001\n".getBytes(StandardCharsets.UTF_8));
        List<SymbolInfo> out = SymbolsFile.read(f);
        assertEquals(1, out.size());
        assertTrue(out.get(0).exchange().equals("SIM"));
    }
}
