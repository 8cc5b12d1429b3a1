package flox.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.felix.scr.impl.manager.SingleComponentManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ActivationWatchTest {
    static final long S = 1_000_000_000L;
    static final long PLUGIN = 7;

    static StackTraceElement f(String cls, String method, String file, int line) {
        return new StackTraceElement(cls, method, file, line);
    }

    /** A thread blocked in a plugin's activate, as FileInstall starts the bundle. */
    static StackTraceElement[] blockedInActivate(String line) {
        return new StackTraceElement[] {
            f("java.lang.Thread", "sleep", "Thread.java", -2),
            f("com.acme.Slow", "waitForVenue", "Slow.java", 40),
            f("com.acme.Slow", "activate", "Slow.java", Integer.parseInt(line)),
            f("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2),
            f("java.lang.reflect.Method", "invoke", "Method.java", 568),
            f("org.apache.felix.scr.impl.inject.methods.BaseMethod", "invokeMethod", "BaseMethod.java", 244),
            f(ActivationWatch.SCR_ACTIVATION_CLASS, ActivationWatch.SCR_ACTIVATION_METHOD, "SingleComponentManager.java", 288),
            f("org.apache.felix.scr.impl.manager.AbstractComponentManager", "activateInternal", "AbstractComponentManager.java", 740),
            f("org.apache.felix.fileinstall.internal.DirectoryWatcher", "startBundle", "DirectoryWatcher.java", 1260),
            f("org.apache.felix.fileinstall.internal.DirectoryWatcher", "run", "DirectoryWatcher.java", 316),
        };
    }

    static final ActivationWatch.Owner OWNER = cls -> cls.startsWith("com.acme.") ? PLUGIN : -1;

    @Test
    void shouldShowABlockedActivationOnceItLastedTheThreshold() {
        ActivationWatch w = new ActivationWatch();
        Thread fileinstall = new Thread("fileinstall-/home/flox/plugins");
        Map<Thread, StackTraceElement[]> stacks = Map.of(fileinstall, blockedInActivate("25"));
        assertTrue(w.check(stacks, OWNER, 100 * S, 5 * S).isEmpty(), "first seen: not yet");
        assertTrue(w.check(stacks, OWNER, 104 * S, 5 * S).isEmpty(), "4 s: not yet");
        List<ActivationWatch.Activation> blocked = w.check(stacks, OWNER, 105 * S, 5 * S);
        assertEquals(1, blocked.size());
        ActivationWatch.Activation a = blocked.get(0);
        assertEquals(PLUGIN, a.bundleId);
        assertEquals("com.acme.Slow", a.componentClass);
        assertEquals("blocked in activate for 5 s on thread fileinstall-/home/flox/plugins at com.acme.Slow.waitForVenue(Slow.java:40)", a.text());
        assertEquals("blocked in activate for 7 s on thread fileinstall-/home/flox/plugins at com.acme.Slow.waitForVenue(Slow.java:40)",
                w.check(stacks, OWNER, 107 * S, 5 * S).get(0).text());
        assertTrue(w.ended().isEmpty());
    }

    @Test
    void shouldReportTheEndOfAReportedBlockedActivation() {
        ActivationWatch w = new ActivationWatch();
        Thread t = new Thread("fileinstall");
        w.check(Map.of(t, blockedInActivate("25")), OWNER, 0, 5 * S);
        assertEquals(1, w.check(Map.of(t, blockedInActivate("25")), OWNER, 6 * S, 5 * S).size());
        assertTrue(w.check(Map.of(t, new StackTraceElement[] {f("java.lang.Thread", "sleep", "Thread.java", -2)}), OWNER, 8 * S, 5 * S).isEmpty());
        assertEquals(1, w.ended().size());
        assertEquals(8, w.ended().get(0).seconds());
        assertEquals("com.acme.Slow", w.ended().get(0).componentClass);
        w.check(Map.of(), OWNER, 9 * S, 5 * S);
        assertTrue(w.ended().isEmpty(), "reported once");
    }

    @Test
    void shouldStartOverWhenTheThreadMovesToAnotherActivation() {
        ActivationWatch w = new ActivationWatch();
        Thread t = new Thread("fileinstall");
        StackTraceElement[] first = blockedInActivate("25");
        StackTraceElement[] other = blockedInActivate("25").clone();
        other[2] = f("com.acme.Other", "activate", "Other.java", 9); // another component of the plugin
        w.check(Map.of(t, first), OWNER, 0, 5 * S);
        w.check(Map.of(t, other), OWNER, 3 * S, 5 * S);
        assertTrue(w.check(Map.of(t, other), OWNER, 6 * S, 5 * S).isEmpty(), "the second activation began at 3 s");
        assertEquals(1, w.check(Map.of(t, other), OWNER, 8 * S, 5 * S).size());
    }

    @Test
    void shouldIgnoreHostActivationsAndThreadsOutsideActivation() {
        ActivationWatch w = new ActivationWatch();
        StackTraceElement[] hostComponent = {
            f("java.lang.Object", "wait", "Object.java", -2),
            f("flox.core.symbol.SymbolRegistryComponent", "activate", "SymbolRegistryComponent.java", 50),
            f(ActivationWatch.SCR_ACTIVATION_CLASS, ActivationWatch.SCR_ACTIVATION_METHOD, "SingleComponentManager.java", 288),
        };
        StackTraceElement[] pluginOutsideScr = {
            f("java.lang.Thread", "sleep", "Thread.java", -2),
            f("com.acme.Slow", "run", "Slow.java", 70),
            f("java.lang.Thread", "run", "Thread.java", 833),
        };
        Map<Thread, StackTraceElement[]> stacks = Map.of(new Thread("a"), hostComponent, new Thread("b"), pluginOutsideScr);
        w.check(stacks, OWNER, 0, S);
        assertTrue(w.check(stacks, OWNER, 10 * S, S).isEmpty());
    }

    /** Plugin jars are looked into (Owner) only for stacks under SCR's activation, and only above it. */
    @Test
    void shouldResolveOwnersOnlyAboveScrsActivation() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        ActivationWatch.Owner counting = cls -> {
            asked.add(cls);
            return OWNER.bundleOf(cls);
        };
        StackTraceElement[] trading = {
            f("flox.core.gateway.OrderRouter", "route", "OrderRouter.java", 80),
            f("com.acme.Strategy", "onTrade", "Strategy.java", 30),
            f("flox.bus.internal.delivery.FanOutBus", "deliverSafely", "FanOutBus.java", 289),
            f("java.lang.Thread", "run", "Thread.java", 833),
        };
        StackTraceElement[] activating = blockedInActivate("25").clone();
        activating[8] = f("com.acme.Starter", "startBundles", "Starter.java", 12); // below SCR: never looked up
        ActivationWatch w = new ActivationWatch();
        w.check(Map.of(new Thread("trading"), trading, new Thread("fileinstall"), activating), counting, 0, 5 * S);
        assertEquals(List.of("com.acme.Slow"), asked.stream().distinct().collect(java.util.stream.Collectors.toList()),
                "only the frames above SCR's activation, none of the trading thread");
        assertTrue(w.tracking(), "an activation in progress");
    }

    @Test
    void shouldTrackOnlyWhileAPluginActivationIsSeen() {
        ActivationWatch w = new ActivationWatch();
        Thread t = new Thread("fileinstall");
        assertTrue(!w.tracking());
        w.check(Map.of(t, blockedInActivate("25")), OWNER, 0, 5 * S);
        assertTrue(w.tracking());
        w.check(Map.of(t, new StackTraceElement[] {f("java.lang.Thread", "sleep", "Thread.java", -2)}), OWNER, S, 5 * S);
        assertTrue(!w.tracking(), "returned before the threshold: nothing to follow");
    }

    /** A real thread blocked under a frame named as SCR's activation, found through Thread.getAllStackTraces. */
    @Test
    void shouldFindAPluginBlockedInActivateOnALiveThread() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread starter = new Thread(() -> SingleComponentManager.createImplementationObject(() -> new BlockingPlugin().activate(entered, release)),
                "plugin-starter");
        starter.setDaemon(true);
        starter.start();
        try {
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            ActivationWatch.Owner owner = cls -> cls.equals(BlockingPlugin.class.getName()) ? PLUGIN : -1;
            ActivationWatch w = new ActivationWatch();
            assertTrue(w.check(Thread.getAllStackTraces(), owner, 0, 5 * S).isEmpty());
            List<ActivationWatch.Activation> blocked = w.check(Thread.getAllStackTraces(), owner, 6 * S, 5 * S);
            assertEquals(1, blocked.size(), "found on the live thread");
            String text = blocked.get(0).text();
            assertTrue(text.startsWith("blocked in activate for 6 s on thread plugin-starter at " + BlockingPlugin.class.getName() + ".activate(ActivationWatchTest.java:"),
                    text);
        } finally {
            release.countDown();
            starter.join(10_000);
        }
    }

    static final class BlockingPlugin {
        void activate(CountDownLatch entered, CountDownLatch release) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void shouldFormatFramesWithoutLoaderPrefix() {
        assertEquals("a.B.c(B.java:3)", ActivationWatch.frame(new StackTraceElement("app", null, null, "a.B", "c", "B.java", 3)));
        assertEquals("a.B.c(Native Method)", ActivationWatch.frame(new StackTraceElement("a.B", "c", null, -2)));
        assertEquals("a.B.c(Unknown Source)", ActivationWatch.frame(new StackTraceElement("a.B", "c", null, -1)));
    }
}
