package flox.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sweep's keys, read from the samples bundle the reactor built (its generated metatype). */
@Timeout(30)
class SweepKeysTest {
    static SweepKeys keys;

    @BeforeAll
    static void readTheSamplesBundle() throws IOException {
        Path target = BacktestCommandTest.ROOT.resolve("flox.strategy.samples/target");
        try (Stream<Path> jars = Files.list(target)) {
            Path jar = jars.filter(p -> p.getFileName().toString().matches("flox\\.strategy\\.samples-.*\\.jar") && !p.toString().contains("sources"))
                    .findFirst().orElseThrow(() -> new IllegalStateException(target + " holds no bundle: build the reactor"));
            keys = SweepKeys.of(jar);
        }
    }

    @Test
    void shouldTakeAKeyByItsStrategyKindOrAloneWhenOnlyOneKindHasIt() {
        assertEquals("flox.strategy.marketmaker", keys.resolve("marketmaker.spread.ticks").pid());
        assertEquals("spread.ticks", keys.resolve("spread.ticks").key());
        assertEquals("flox.strategy.momentum", keys.resolve("threshold.bps").pid());
        assertEquals("flox.strategy.momentum", keys.resolve("momentum.reject.cooldown.ms").pid());
    }

    @Test
    void shouldRefuseAnUnknownAmbiguousOrIdentityKeyNamingTheKnownOnes() {
        String unknown = assertThrows(IllegalArgumentException.class, () -> keys.resolve("spred.ticks")).getMessage();
        assertTrue(unknown.contains("unknown key 'spred.ticks'") && unknown.contains("marketmaker.spread.ticks") && unknown.contains("momentum.lookback"), unknown);
        String ambiguous = assertThrows(IllegalArgumentException.class, () -> keys.resolve("reject.cooldown.ms")).getMessage();
        assertTrue(ambiguous.contains("marketmaker.reject.cooldown.ms") && ambiguous.contains("momentum.reject.cooldown.ms"), ambiguous);
        String identity = assertThrows(IllegalArgumentException.class, () -> keys.resolve("marketmaker.strategy.id")).getMessage();
        assertTrue(identity.contains("identify an instance"), identity);
    }

    @Test
    void shouldRefuseAValueTheStrategyWouldReplaceByItsDefault() {
        SweepKeys.check(keys.resolve("spread.ticks"), "8");
        SweepKeys.check(keys.resolve("marketmaker.spread.bps"), "1.5");
        assertThrows(IllegalArgumentException.class, () -> SweepKeys.check(keys.resolve("spread.ticks"), "-1"));
        assertThrows(IllegalArgumentException.class, () -> SweepKeys.check(keys.resolve("spread.ticks"), "2.5"));
        assertThrows(IllegalArgumentException.class, () -> SweepKeys.check(keys.resolve("marketmaker.spread.bps"), "wide"));
    }
}
