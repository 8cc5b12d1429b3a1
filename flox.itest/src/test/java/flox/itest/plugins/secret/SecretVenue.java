package flox.itest.plugins.secret;

import flox.api.secret.SecretException;
import flox.api.secret.Secrets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Test plugin: a venue's credentials as the secrets convention has them (flox.api.secret).
 * Private properties {@code .api.key} and {@code .api.secret} hold references; each is resolved
 * at activation, logged by its reference only, and cleared. {@link #getAsLong} is the length of
 * the resolved key (-1 when refused), so the test knows the key was read.
 */
public final class SecretVenue implements LongSupplier {
    private static final System.Logger LOG = System.getLogger("flox.itest.plugin.secret");
    private volatile long keyLength = -1;

    void activate(Map<String, Object> properties) {
        keyLength = resolvedLength(properties, ".api.key");
        resolvedLength(properties, ".api.secret");
    }

    private static long resolvedLength(Map<String, Object> properties, String field) {
        Object ref = properties.get(field);
        try {
            char[] secret = Secrets.resolve(ref == null ? null : ref.toString(), field);
            long n = secret.length;
            Arrays.fill(secret, '\0');
            LOG.log(System.Logger.Level.INFO, "secret venue: " + field + " read from " + Secrets.describe(ref == null ? null : ref.toString()));
            return n;
        } catch (SecretException e) {
            LOG.log(System.Logger.Level.ERROR, "secret venue: " + e.getMessage());
            return -1;
        }
    }

    @Override
    public long getAsLong() {
        return keyLength;
    }
}
