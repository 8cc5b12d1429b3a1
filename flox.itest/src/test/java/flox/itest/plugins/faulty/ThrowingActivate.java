package flox.itest.plugins.faulty;

/** A component whose activate method throws: SCR marks it FAILED_ACTIVATION with the failure. */
public final class ThrowingActivate {
    public static final String MESSAGE = "faulty plugin: activate throws on purpose";

    public void activate() {
        throw new IllegalStateException(MESSAGE);
    }
}
