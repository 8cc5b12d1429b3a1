package flox.core.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Decides whether the host may watch a plugins directory. A plugin is code execution: whoever can
 * write into the directory can run code inside the host. The directory must exist, be a directory,
 * be owned by the user running the host and be writable by nobody else (no group or other write
 * bit). On a file system without POSIX attributes the check cannot be made; the caller logs that
 * and goes on. Cold path; allocates.
 */
public final class PluginDirectoryCheck {
    /** The outcome: {@link #ok} (may be watched), {@link #checked} false when the file system could not tell. */
    public static final class Result {
        public final boolean ok;
        public final boolean checked;
        public final String reason;

        private Result(boolean ok, boolean checked, String reason) {
            this.ok = ok;
            this.checked = checked;
            this.reason = reason;
        }

        @Override
        public String toString() {
            return (ok ? "ok" : "refused") + (checked ? "" : " (unchecked)") + (reason != null ? ": " + reason : "");
        }
    }

    private PluginDirectoryCheck() {
    }

    /** Checks {@code dir} for the user {@code user} (the host's {@code user.name}). Never throws. */
    public static Result check(Path dir, String user) {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.exists(d)) {
            return new Result(false, true, d + " does not exist; create it, writable only by " + user + ": mkdir -m 755 " + d);
        }
        if (!Files.isDirectory(d)) {
            return new Result(false, true, d + " is not a directory");
        }
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(d, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            return new Result(true, false, "the file system of " + d + " has no POSIX permissions: who may write there could not be checked");
        } catch (IOException e) {
            return new Result(false, true, "cannot read the permissions of " + d + ": " + e);
        }
        Set<PosixFilePermission> p = attributes.permissions();
        boolean group = p.contains(PosixFilePermission.GROUP_WRITE);
        boolean other = p.contains(PosixFilePermission.OTHERS_WRITE);
        String mode = PosixFilePermissions.toString(p);
        if (group || other) {
            String who = group && other ? "its group and by every other user" : group ? "its group (" + attributes.group().getName() + ")" : "every other user";
            return new Result(false, true, d + " (" + mode + ") is writable by " + who
                    + ": a plugin is code execution, so anyone who can write there could run code in the host; fix: chmod "
                    + (group && other ? "go-w " : group ? "g-w " : "o-w ") + d);
        }
        String owner = attributes.owner().getName();
        if (user != null && !owner.equals(user)) {
            return new Result(false, true, d + " is owned by " + owner + ", not by " + user + " who runs the host"
                    + ": its owner can put code in the host (and chmod it); fix: chown " + user + ' ' + d + " (or run the host as " + owner + ")");
        }
        return new Result(true, true, null);
    }
}
