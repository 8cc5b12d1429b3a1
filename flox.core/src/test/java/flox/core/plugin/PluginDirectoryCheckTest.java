package flox.core.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDirectoryCheckTest {
    @TempDir
    Path tmp;
    String me;

    @BeforeEach
    void posixOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        me = Files.getOwner(tmp).getName();
    }

    private Path dir(String mode) throws Exception {
        Path d = Files.createDirectory(tmp.resolve("plugins"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
        return d;
    }

    @Test
    void shouldAcceptADirectoryWritableOnlyByItsOwner() throws Exception {
        PluginDirectoryCheck.Result r = PluginDirectoryCheck.check(dir("rwxr-xr-x"), me);
        assertTrue(r.ok && r.checked, r.toString());
        assertTrue(PluginDirectoryCheck.check(tmp.resolve("plugins"), me).ok);
        Files.setPosixFilePermissions(tmp.resolve("plugins"), PosixFilePermissions.fromString("rwx------"));
        assertTrue(PluginDirectoryCheck.check(tmp.resolve("plugins"), me).ok);
    }

    @Test
    void shouldRefuseAGroupWritableDirectoryAndSayHowToFixIt() throws Exception {
        PluginDirectoryCheck.Result r = PluginDirectoryCheck.check(dir("rwxrwxr-x"), me);
        assertFalse(r.ok, r.toString());
        assertTrue(r.reason.contains("writable by its group") && r.reason.contains("code execution")
                && r.reason.contains("chmod g-w " + tmp.resolve("plugins").toAbsolutePath()), r.reason);
    }

    @Test
    void shouldRefuseAWorldWritableDirectoryAndSayHowToFixIt() throws Exception {
        PluginDirectoryCheck.Result r = PluginDirectoryCheck.check(dir("rwxr-xrwx"), me);
        assertFalse(r.ok, r.toString());
        assertTrue(r.reason.contains("every other user") && r.reason.contains("chmod o-w "), r.reason);
        Files.setPosixFilePermissions(tmp.resolve("plugins"), PosixFilePermissions.fromString("rwxrwxrwx"));
        r = PluginDirectoryCheck.check(tmp.resolve("plugins"), me);
        assertFalse(r.ok);
        assertTrue(r.reason.contains("(rwxrwxrwx)") && r.reason.contains("chmod go-w "), r.reason);
    }

    @Test
    void shouldRefuseADirectoryOwnedBySomeoneElse() throws Exception {
        PluginDirectoryCheck.Result r = PluginDirectoryCheck.check(dir("rwxr-xr-x"), me + "-not");
        assertFalse(r.ok, r.toString());
        assertTrue(r.reason.contains("owned by " + me + ", not by " + me + "-not") && r.reason.contains("chown " + me + "-not "), r.reason);
    }

    @Test
    void shouldRefuseAMissingDirectoryOrAFile() throws Exception {
        PluginDirectoryCheck.Result r = PluginDirectoryCheck.check(tmp.resolve("none"), me);
        assertFalse(r.ok);
        assertTrue(r.reason.contains("does not exist") && r.reason.contains("mkdir -m 755"), r.reason);
        Path f = Files.createFile(tmp.resolve("file"));
        assertFalse(PluginDirectoryCheck.check(f, me).ok);
    }
}
