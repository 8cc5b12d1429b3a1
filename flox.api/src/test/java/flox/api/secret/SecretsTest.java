package flox.api.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References resolve to secrets; nothing that might be a secret is ever shown. */
class SecretsTest {
    static final String SECRET = "s3cr3t-Kq9vZ2";

    @TempDir
    Path dir;

    @Test
    void shouldResolveAnEnvironmentVariableAndAFile() throws Exception {
        assertArrayEquals(SECRET.toCharArray(), Secrets.resolve("env:FLOX_KEY", "api.key", Map.of("FLOX_KEY", SECRET)::get));
        Path file = secretFile(SECRET + "\n", "rw-------");
        assertArrayEquals(SECRET.toCharArray(), Secrets.resolve("file:" + file, "api.key"), "one trailing line break dropped");
    }

    @Test
    void shouldRefuseAValueThatIsNotAReferenceWithoutShowingIt() {
        SecretException e = assertThrows(SecretException.class, () -> Secrets.resolve(SECRET, "api.key", Map.<String, String>of()::get));
        assertTrue(e.getMessage().startsWith("api.key: expected env:NAME"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertEquals("(not a reference; not shown)", Secrets.describe(SECRET));
        assertEquals("env:FLOX_KEY", Secrets.describe("env:FLOX_KEY"));
    }

    @Test
    void shouldNameTheFieldAndReferenceOfAnUnsetVariableOrAMissingEmptyOrExposedFile() throws Exception {
        assertEquals("api.key: environment variable FLOX_NOPE is not set in the host's environment",
                assertThrows(SecretException.class, () -> Secrets.resolve("env:FLOX_NOPE", "api.key", Map.<String, String>of()::get)).getMessage());
        Path missing = dir.resolve("missing");
        assertEquals("api.secret: secret file " + missing + " does not exist or is not a file",
                assertThrows(SecretException.class, () -> Secrets.resolve("file:" + missing, "api.secret")).getMessage());
        Path empty = secretFile("\n", "rw-------");
        assertTrue(assertThrows(SecretException.class, () -> Secrets.resolve("file:" + empty, "api.secret")).getMessage().endsWith("is empty"));
        Path exposed = secretFile(SECRET, "rw-r--r--");
        String m = assertThrows(SecretException.class, () -> Secrets.resolve("file:" + exposed, "api.secret")).getMessage();
        assertTrue(m.contains("accessible by group or others (rw-r--r--); chmod 600 it") && !m.contains(SECRET), m);
    }

    private Path secretFile(String content, String mode) throws Exception {
        Path f = Files.createTempFile(dir, "secret", "");
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }
}
