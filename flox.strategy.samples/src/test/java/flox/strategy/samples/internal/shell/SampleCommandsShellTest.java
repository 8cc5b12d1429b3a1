package flox.strategy.samples.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** flox:bars through a real Gogo command processor: Flox messages for a bad symbol or count (issue 11 item 15). */
@Timeout(30)
class SampleCommandsShellTest {
    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final SampleCommands commands = new SampleCommands(registry);

    SampleCommandsShellTest() throws Exception {
        registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
    }

    @Test
    void shouldSayUnknownSymbolForBarsOfAnUnknownSymbol() throws Exception {
        assertEquals("unknown symbol SIM:NOPE (flox:symbols lists them)", execute("flox:bars SIM:NOPE"));
        assertEquals("no bars configured (etc/flox.aggregator.bars-*.cfg)", execute("flox:bars sim:btcusdt"), "a known symbol, any case");
    }

    @Test
    void shouldGiveAFloxMessageForABadCount() throws Exception {
        assertEquals("flox:bars: COUNT 'lots' is not a whole number of bars, 1 or more", execute("flox:bars SIM:BTCUSDT lots"));
        assertEquals("flox:bars: COUNT '0' is not a whole number of bars, 1 or more", execute("flox:bars SIM:BTCUSDT 0"));
    }

    @Test
    void shouldDescribeEveryCommand() throws Exception {
        for (Method m : SampleCommands.class.getMethods()) {
            if (m.getDeclaringClass() == SampleCommands.class && m.getReturnType() == String.class) {
                assertNotNull(m.getAnnotation(Descriptor.class), "help text (@Descriptor) of " + m);
            }
        }
    }

    private Object execute(String line) throws Exception {
        CommandProcessorImpl processor = new CommandProcessorImpl();
        processor.addCommand("flox", commands, "bars");
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream())) {
            return session.execute(line);
        } finally {
            processor.stop();
        }
    }
}
