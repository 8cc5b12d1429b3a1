package flox.executor.sim.internal.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The same seed and input give the same reports, every field compared exactly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimMatchingEngineDeterminismTest {
    private static final int STEPS = 40_000;

    private static List<String> run(long seed) {
        List<String> out = new ArrayList<>();
        SimFlow flow = new SimFlow(seed, null, e -> out.add(RecordingSink.describe(e)));
        flow.checksInvariants = true;
        for (int i = 0; i < STEPS; i++) flow.step();
        flow.finish();
        assertEquals(0, flow.unexpected, () -> "first: " + flow.firstUnexpected);
        return out;
    }

    @Test
    void shouldProduceIdenticalReportsForTheSameSeed() {
        List<String> a = run(7);
        List<String> b = run(7);
        assertTrue(a.size() > 10_000, "reports: " + a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            int at = i;
            assertEquals(a.get(i), b.get(i), () -> "first difference at report " + at);
        }
    }

    @Test
    void shouldProduceDifferentReportsForAnotherSeed() {
        assertNotEquals(run(7), run(8), "the flow depends on its seed");
    }
}
