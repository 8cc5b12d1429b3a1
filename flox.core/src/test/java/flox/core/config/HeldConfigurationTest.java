package flox.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldConfigurationTest {
    @Test
    void shouldIgnoreTheKeysDeclarativeServicesAdds() {
        assertTrue(HeldConfiguration.same(Map.of("service.pid", "p", "a", "1"),
                Map.of("service.pid", "p", "a", "1", "component.name", "C", "component.id", 3L)));
    }

    @Test
    void shouldCompareArraysByContent() {
        assertTrue(HeldConfiguration.same(Map.of("a", new String[] {"x", "y"}), Map.of("a", new String[] {"x", "y"})));
        assertFalse(HeldConfiguration.same(Map.of("a", new String[] {"x", "y"}), Map.of("a", new String[] {"x"})));
    }

    @Test
    void shouldDifferOnAValueOrAKeyOnEitherSide() {
        assertFalse(HeldConfiguration.same(Map.of("a", "1"), Map.of("a", "2")));
        assertFalse(HeldConfiguration.same(Map.of("a", "1", "b", "2"), Map.of("a", "1")));
        assertFalse(HeldConfiguration.same(Map.of("a", "1"), Map.of("a", "1", "b", "2")));
    }

    @Test
    void shouldTakeNullAsEmpty() {
        assertTrue(HeldConfiguration.same(null, Map.of("component.name", "C")));
        assertFalse(HeldConfiguration.same(null, Map.of("a", "1")));
    }
}
