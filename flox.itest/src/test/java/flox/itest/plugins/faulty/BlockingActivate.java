package flox.itest.plugins.faulty;

/**
 * A component whose activate method does not return: it holds the thread that started the bundle
 * (FileInstall's) until the system property {@value #RELEASE} is "true" or {@value #MAX_BLOCK_MS}
 * ms have passed. A system property, because the plugin's copy of this class is not the test's:
 * the two bundles share only the JDK.
 */
public final class BlockingActivate {
    public static final String RELEASE = "flox.itest.faulty.release";
    public static final long MAX_BLOCK_MS = 120_000;

    public void activate() throws InterruptedException {
        long deadline = System.nanoTime() + MAX_BLOCK_MS * 1_000_000L;
        while (!Boolean.getBoolean(RELEASE) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20); // the fault: an activate that waits for something that does not come
        }
    }
}
