package flox.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeStateTest {
    @TempDir
    Path home;

    @Test
    void shouldWriteKeyValueLinesUnderACommentHeaderAndReadThemBack() throws Exception {
        HomeState s = new HomeState(home);
        assertNull(s.read("kill-switch"), "absent");
        Map<String, String> v = new LinkedHashMap<>();
        v.put("engaged", "true");
        v.put("since", "2026-12-06T05:00:00Z");
        s.write("kill-switch", "Flox kill switch\nflox:unkill releases it", v);
        String text = Files.readString(home.resolve("state/kill-switch"));
        assertEquals("# Flox kill switch\n# flox:unkill releases it\nengaged=true\nsince=2026-12-06T05:00:00Z\n", text);
        assertEquals(v, s.read("kill-switch"));
        v.put("engaged", "false");
        s.write("kill-switch", "again", v);
        assertEquals("false", s.read("kill-switch").get("engaged"));
        try (var files = Files.list(home.resolve("state"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void shouldRefuseToReadALineThatIsNotKeyValue() throws Exception {
        Files.createDirectories(home.resolve("state"));
        Files.writeString(home.resolve("state/kill-switch"), "# header\nengaged\n");
        IOException e = assertThrows(IOException.class, () -> new HomeState(home).read("kill-switch"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void shouldLeaveTheOldContentWhenTheWriteFails() throws Exception {
        HomeState s = new HomeState(home);
        s.write("x", "h", Map.of("a", "1"));
        home.resolve("state").toFile().setWritable(false);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(home.resolve("state")), "root writes anyway");
            assertThrows(java.io.UncheckedIOException.class, () -> s.write("x", "h", Map.of("a", "2")));
        } finally {
            home.resolve("state").toFile().setWritable(true);
        }
        assertEquals("1", s.read("x").get("a"));
    }

    @Test
    void shouldTakeTheHomeFromFloxHomeElseTheWorkingDirectory() {
        assertEquals(Path.of("/tmp/h"), HomeState.home("/tmp/h"));
        assertEquals(Path.of(System.getProperty("user.dir")).toAbsolutePath(), HomeState.home(null));
    }
}
