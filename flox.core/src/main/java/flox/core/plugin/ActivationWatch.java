package flox.core.plugin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds component activations that do not return. SCR activates a component on the thread that
 * caused it (for an immediate component of a plugin: the thread that started the bundle, i.e.
 * FileInstall's), so a plugin whose constructor or activate method blocks holds that thread. In
 * a thread's stack this shows as SCR creating a component
 * ({@value #SCR_ACTIVATION_CLASS}.{@value #SCR_ACTIVATION_METHOD}: constructor, bind and activate
 * methods) with a frame of a plugin class above it. Seen on consecutive checks for at least the
 * threshold, it is reported with the thread and the plugin's innermost frame.
 *
 * <p>Fed the threads' stacks by the fault monitor, once per check; it never calls SCR, so it
 * cannot wait on a lock the blocked activation holds. Only stacks that hold SCR's activation frame
 * are looked at further: the {@link Owner} (which reads the plugins' content) is asked about their
 * frames above it only, so a sample of a few hundred idle or trading threads costs string compares.
 * Not thread-safe: the monitor's thread only.
 */
final class ActivationWatch {
    static final String SCR_ACTIVATION_CLASS = "org.apache.felix.scr.impl.manager.SingleComponentManager";
    static final String SCR_ACTIVATION_METHOD = "createImplementationObject";

    /** Which plugin bundle a class comes from. */
    interface Owner {
        /** The plugin bundle whose content holds the class, or -1 when no plugin does. */
        long bundleOf(String className);
    }

    /** An activation in progress on one thread, with a plugin frame above SCR's. */
    static final class Activation {
        final long threadId;
        final String threadName;
        final long bundleId;
        /** The plugin's innermost frame: where it is now. */
        final StackTraceElement at;
        /** The plugin class SCR called into (its outermost frame above SCR's): usually the component's implementation. */
        final String componentClass;
        final long sinceNs;
        final long nowNs;

        Activation(long threadId, String threadName, long bundleId, StackTraceElement at, String componentClass, long sinceNs, long nowNs) {
            this.threadId = threadId;
            this.threadName = threadName;
            this.bundleId = bundleId;
            this.at = at;
            this.componentClass = componentClass;
            this.sinceNs = sinceNs;
            this.nowNs = nowNs;
        }

        long seconds() {
            return (nowNs - sinceNs) / 1_000_000_000L;
        }

        /** "blocked in activate for N s on thread T at Class.method(File:line)". */
        String text() {
            return "blocked in activate for " + seconds() + " s on thread " + threadName + " at " + frame(at);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** One thread's activation as last seen, to tell a continuing one from a new one. */
    private static final class Episode {
        final long bundleId;
        final String threadName;
        final int scrDepth; // frames below SCR's activation frame, counted from the bottom: stable while the call goes on
        final String componentFrame;
        final long sinceNs;
        boolean reported;

        Episode(long bundleId, String threadName, int scrDepth, String componentFrame, long sinceNs) {
            this.bundleId = bundleId;
            this.threadName = threadName;
            this.scrDepth = scrDepth;
            this.componentFrame = componentFrame;
            this.sinceNs = sinceNs;
        }

        boolean same(long bundle, int depth, String component) {
            return bundleId == bundle && scrDepth == depth && componentFrame.equals(component);
        }
    }

    private final Map<Long, Episode> episodes = new HashMap<>();
    private final List<Activation> ended = new ArrayList<>();

    /**
     * Looks at every thread's stack: returns the activations of plugin components going on since
     * at least {@code thresholdNs} (first seen at least that long ago and seen on every check
     * since). Those that were returned before and are no longer seen are available from
     * {@link #ended()} until the next check.
     */
    List<Activation> check(Map<Thread, StackTraceElement[]> stacks, Owner owner, long nowNs, long thresholdNs) {
        ended.clear();
        Map<Long, Episode> seen = new HashMap<>();
        List<Activation> blocked = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : stacks.entrySet()) {
            StackTraceElement[] stack = e.getValue();
            // SCR's activation frame first (string compares only): most stacks have none, and their
            // frames are never looked up in the plugins' content (a getEntry per plugin jar)
            int lowestScr = -1;
            for (int i = stack.length - 1; i >= 0; i--) {
                if (scrActivation(stack[i])) {
                    lowestScr = i;
                    break;
                }
            }
            if (lowestScr < 0) continue;
            int scr = -1;
            int innermost = -1;
            int outermost = -1;
            long bundle = -1;
            for (int i = 0; i <= lowestScr; i++) {
                StackTraceElement f = stack[i];
                if (scrActivation(f)) {
                    if (innermost >= 0) {
                        scr = i;
                        break;
                    }
                    continue; // a host component activating (no plugin frame above): look further down
                }
                if (hostClass(f.getClassName())) continue;
                long b = owner.bundleOf(f.getClassName());
                if (b < 0) continue;
                if (innermost < 0) {
                    innermost = i;
                    bundle = b;
                }
                if (b == bundle) outermost = i;
            }
            if (scr < 0) continue;
            Thread t = e.getKey();
            long tid = t.getId();
            int depth = stack.length - scr;
            String component = stack[outermost].getClassName() + '.' + stack[outermost].getMethodName();
            Episode ep = episodes.get(tid);
            if (ep == null || !ep.same(bundle, depth, component)) ep = new Episode(bundle, t.getName(), depth, component, nowNs);
            seen.put(tid, ep);
            if (nowNs - ep.sinceNs >= thresholdNs) {
                ep.reported = true;
                blocked.add(new Activation(tid, t.getName(), bundle, stack[innermost], stack[outermost].getClassName(), ep.sinceNs, nowNs));
            }
        }
        for (Iterator<Map.Entry<Long, Episode>> it = episodes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Episode> old = it.next();
            Episode now = seen.get(old.getKey());
            Episode ep = old.getValue();
            if (ep.reported && now != ep) {
                String cls = ep.componentFrame.substring(0, Math.max(0, ep.componentFrame.lastIndexOf('.')));
                ended.add(new Activation(old.getKey(), ep.threadName, ep.bundleId,
                        null, cls, ep.sinceNs, nowNs));
            }
        }
        episodes.clear();
        episodes.putAll(seen);
        return blocked;
    }

    /**
     * Whether an activation of a plugin component was seen on the last check (blocked or not yet):
     * the monitor keeps sampling stacks until it has ended.
     */
    boolean tracking() {
        return !episodes.isEmpty();
    }

    private static boolean scrActivation(StackTraceElement f) {
        return SCR_ACTIVATION_METHOD.equals(f.getMethodName()) && SCR_ACTIVATION_CLASS.equals(f.getClassName());
    }

    /** The reported activations that have returned (or moved on) as of the last check; {@code at} is null. */
    List<Activation> ended() {
        return ended;
    }

    /** Classes that are never a plugin's: the JDK's, the framework's, SCR's. */
    static boolean hostClass(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.") || name.startsWith("org.apache.felix.") || name.startsWith("org.osgi.");
    }

    /** Class.method(File:line), without the module or class loader prefix StackTraceElement.toString adds. */
    static String frame(StackTraceElement f) {
        String where = f.isNativeMethod() ? "Native Method"
                : f.getFileName() == null ? "Unknown Source"
                : f.getLineNumber() >= 0 ? f.getFileName() + ':' + f.getLineNumber() : f.getFileName();
        return f.getClassName() + '.' + f.getMethodName() + '(' + where + ')';
    }
}
