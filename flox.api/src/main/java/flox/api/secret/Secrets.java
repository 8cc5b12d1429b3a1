package flox.api.secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * The host's convention for secrets, which every venue plugin follows:
 * <ul>
 * <li>Configuration holds a <em>reference</em>, never the secret: {@code env:NAME} (an environment
 * variable of the host process) or {@code file:PATH} (a file whose content is the secret; one
 * trailing line break is dropped). A value that is neither is refused without being shown: it may
 * be a secret pasted into the file.</li>
 * <li>A secret file must not be readable or writable by group or others where the file system
 * says (POSIX): as ssh does with keys, an exposed secret is refused, naming the file and its mode.</li>
 * <li>A property that holds a reference, or (none of the host's do) a secret itself, is private:
 * its name starts with a dot, so that Declarative Services does not copy it into service
 * properties and a secret pasted into it by mistake goes no further; the host masks the values of
 * private properties in what the OSGi log passes on (Configuration Admin logs whole property sets
 * at debug). One holding a secret itself has metatype type PASSWORD.</li>
 * <li>No log line, exception, status fragment or {@code flox:} command output contains a secret:
 * {@link #resolve} returns it as a {@code char[]} that the caller clears after use (for example
 * after deriving an HMAC key), never as a String, and its errors name only the field and the
 * reference.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; cold path (activation, reconnect): it allocates.
 */
public final class Secrets {
    /** Prefix of a reference to an environment variable. */
    public static final String ENV = "env:";
    /** Prefix of a reference to a file. */
    public static final String FILE = "file:";

    private Secrets() {
    }

    /**
     * Resolves {@code reference} (configured in {@code field}) to the secret.
     *
     * @param reference {@code env:NAME} or {@code file:PATH}; surrounding blanks are ignored
     * @param field     the configuration field that holds the reference, named in errors
     * @return a new array holding the secret; the caller clears it ({@code Arrays.fill}) after use
     * @throws SecretException naming the field and the reference: not a reference, an unset or
     *         empty variable, a missing, unreadable, empty or exposed file, or content that is not UTF-8
     */
    public static char[] resolve(String reference, String field) throws SecretException {
        return resolve(reference, field, System::getenv);
    }

    /** As {@link #resolve(String, String)} with the environment given (tests). */
    static char[] resolve(String reference, String field, java.util.function.UnaryOperator<String> environment) throws SecretException {
        String ref = reference == null ? "" : reference.strip();
        if (ref.startsWith(ENV)) {
            String name = ref.substring(ENV.length()).strip();
            if (name.isEmpty()) throw new SecretException(field + ": '" + ENV + "' names no environment variable");
            String value = environment.apply(name);
            if (value == null || value.isEmpty()) {
                throw new SecretException(field + ": environment variable " + name + " is " + (value == null ? "not set" : "empty") + " in the host's environment");
            }
            return value.toCharArray();
        }
        if (ref.startsWith(FILE)) {
            String name = ref.substring(FILE.length()).strip();
            if (name.isEmpty()) throw new SecretException(field + ": '" + FILE + "' names no file");
            return readFile(Path.of(name), field);
        }
        throw new SecretException(field + ": expected " + ENV + "NAME (an environment variable) or " + FILE
                + "PATH (a file holding the secret); the value given is neither and is not shown, since it may be the secret itself");
    }

    /**
     * What may be logged about a reference.
     *
     * @param reference the configured value, possibly null
     * @return the reference itself when well formed, else a placeholder that shows nothing of it
     */
    public static String describe(String reference) {
        String ref = reference == null ? "" : reference.strip();
        return ref.startsWith(ENV) || ref.startsWith(FILE) ? ref : "(not a reference; not shown)";
    }

    private static char[] readFile(Path file, String field) throws SecretException {
        try {
            if (!Files.isRegularFile(file)) throw new SecretException(field + ": secret file " + file + " does not exist or is not a file");
            try {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                for (PosixFilePermission exposed : new PosixFilePermission[] {PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE}) {
                    if (p.contains(exposed)) {
                        throw new SecretException(field + ": secret file " + file + " is accessible by group or others ("
                                + java.nio.file.attribute.PosixFilePermissions.toString(p) + "); chmod 600 it");
                    }
                }
            } catch (UnsupportedOperationException notPosix) {
                // no POSIX permissions on this file system: nothing to check
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                int end = bytes.length;
                if (end > 0 && bytes[end - 1] == '\n') end--;
                if (end > 0 && bytes[end - 1] == '\r') end--;
                if (end == 0) throw new SecretException(field + ": secret file " + file + " is empty");
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end));
                char[] out = new char[chars.remaining()];
                chars.get(out);
                Arrays.fill(chars.array(), '\0');
                return out;
            } catch (CharacterCodingException e) {
                throw new SecretException(field + ": secret file " + file + " is not UTF-8 text");
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } catch (IOException e) {
            throw new SecretException(field + ": secret file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
