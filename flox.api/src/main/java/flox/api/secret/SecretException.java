package flox.api.secret;

/**
 * A secret could not be resolved. The message names the configuration field and the reference
 * (an environment variable's name or a file's path), never any part of a secret or of a value
 * that might be one. Thrown on cold paths only (activation, reconnect).
 */
public final class SecretException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal to resolve a secret reference.
     *
     * @param message names the field and the reference, never a secret
     */
    public SecretException(String message) {
        super(message);
    }
}
