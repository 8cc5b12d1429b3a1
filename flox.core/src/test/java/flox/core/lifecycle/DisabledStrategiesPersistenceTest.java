package flox.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.config.HomeState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flox:disable survives a restart: the ids are written to state/disabled-strategies and read at start. */
class DisabledStrategiesPersistenceTest {
    @TempDir
    Path home;

    private LifecycleComponent start() {
        LifecycleComponent c = new LifecycleComponent();
        c.loadDisabled(new DisabledStrategiesFile(new HomeState(home)));
        return c;
    }

    @Test
    void shouldKeepDisabledStrategiesAcrossARestart() throws Exception {
        LifecycleComponent first = start();
        first.setEnabled(7, false);
        first.setEnabled(3, false);
        String saved = Files.readString(home.resolve("state/disabled-strategies"));
        assertTrue(saved.contains("ids=3,7"), saved);

        LifecycleComponent second = start();
        assertTrue(second.isDisabled(7) && second.isDisabled(3), "disabled again after the restart");
        assertArrayEquals(new int[] {3, 7}, second.disabledIds());

        second.setEnabled(7, true);
        LifecycleComponent third = start();
        assertFalse(third.isDisabled(7));
        assertTrue(third.isDisabled(3));
    }

    @Test
    void shouldStartWithNothingDisabledWithoutAFile() {
        assertEquals(0, start().disabledIds().length);
    }
}
