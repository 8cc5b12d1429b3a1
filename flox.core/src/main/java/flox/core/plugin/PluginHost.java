package flox.core.plugin;

import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The plugins directory of the host (pid {@value #PID}). On activation and on every change it
 * checks the directory ({@link PluginDirectoryCheck}: it must be owned by the user running the
 * host and writable by nobody else, because a plugin is code execution) and only then has
 * FileInstall watch it, through the factory configuration {@value #FILEINSTALL_FACTORY}~{@value #WATCH_NAME};
 * a refused directory, or deactivation, deletes that configuration. Only that directory is
 * watched for bundles. The check is repeated by the fault monitor ({@link #recheckDirectory}),
 * and the jars are installed by {@link PluginInstaller}, which refuses unreadable ones. A
 * configuration with none of the pid's keys (deleted, or its file emptied) is not applied once
 * one was: the last good directory and allow-list are kept, with a warning.
 *
 * <p>As a {@link ResolverHookFactory} it enforces the optional allow-list: a bundle installed from
 * the plugins directory whose symbolic name is not listed is removed from the resolvable bundles,
 * so it never resolves and none of its code runs. It also keeps, per plugin bundle, the last
 * framework error and the allow-list refusal, which {@code flox:plugins} shows.
 *
 * <p>Thread-safe: the policy is one immutable object behind a volatile field. Cold path.
 */
@Component(service = {ResolverHookFactory.class, PluginHost.class}, configurationPid = PluginHost.PID, immediate = true)
@Designate(ocd = PluginHost.Config.class)
public final class PluginHost implements ResolverHookFactory {
    public static final String PID = "flox.plugins";
    public static final String FILEINSTALL_FACTORY = "org.apache.felix.fileinstall";
    public static final String WATCH_NAME = "flox-plugins";
    private static final System.Logger LOG = System.getLogger("flox.plugins");

    @ObjectClassDefinition(name = "Flox plugins directory", description = "The one directory watched for plugin bundles, and which bundles may run.")
    public @interface Config {
        @AttributeDefinition(name = "Directory", description = "Plugin bundles (*.jar) dropped here are installed and started; relative to the host's "
                + "working directory. Refused unless owned by the user running the host and writable by nobody else.")
        String dir() default "plugins";

        @AttributeDefinition(name = "Allow-list", description = "Bundle symbolic names allowed to run, comma separated; empty: any. "
                + "A plugin not listed is installed but never resolves.", required = false)
        String allow() default "";

        @AttributeDefinition(name = "Poll interval (ms)", description = "How often the directory is scanned for added, replaced or deleted jars.", min = "50", max = "60000")
        long poll_ms() default 1000;

        @AttributeDefinition(name = "Fault check interval (ms)", description = "How often the fault monitor looks for failed and blocked "
                + "activations, failed participants and unresolved plugins (each fault is logged once).", min = "100", max = "60000")
        long check_interval_ms() default 1000;

        @AttributeDefinition(name = "Blocked activation (ms)", description = "A plugin component whose constructor or activate method has not "
                + "returned for this long is shown as blocked, with its thread and stack frame; 0: not looked for.", min = "0", max = "3600000")
        long activate_blocked_ms() default 5000;
    }

    /** How {@link #problemList} starts an allow-list refusal. */
    public static final String REFUSED = "refused: ";

    private final ConfigurationAdmin configAdmin;
    private final BundleContext context;
    private volatile PluginAllowList policy;
    private volatile String watchProblem;
    /** Why the last configuration change was not applied (file deleted or emptied), or null. */
    private volatile String configProblem;
    /** Whether the FileInstall watcher of the directory exists (we created it and have not deleted it). */
    private boolean watching;
    /** The file of the last applied configuration (null: none applied yet, built-in defaults). */
    private String lastSource;
    /** The jars in the directory when it was unwatched for being unsafe (name -> size and mtime), or null. */
    private Map<String, String> jarsWhenUnsafe;
    /** The metatype, with its defaults; read once. */
    private final Metatype schema = Metatype.of(Config.class);
    private String dirText = schema.defaultString("dir");
    private long pollMs = schema.defaultLong("poll.ms");
    private Set<String> allowed = Set.of();
    // bundle id -> why the allow-list refused it (logged once per bundle and version)
    private final ConcurrentMap<Long, String> refused = new ConcurrentHashMap<>();
    // bundle id -> last FrameworkEvent.ERROR about it
    private final ConcurrentMap<Long, String> errors = new ConcurrentHashMap<>();
    // jar in the directory -> why nothing (or not its latest content) is installed from it
    private final ConcurrentMap<String, String> fileProblems = new java.util.concurrent.ConcurrentSkipListMap<>();
    private org.osgi.framework.ServiceRegistration<?> installer;

    private final FrameworkListener frameworkListener = event -> {
        Bundle b = event.getBundle();
        if (event.getType() == FrameworkEvent.ERROR && b != null && policy.isPlugin(b.getLocation())) {
            Throwable t = event.getThrowable();
            errors.put(b.getBundleId(), t == null ? "error" : t.getClass().getSimpleName() + ": " + t.getMessage());
        }
    };

    private final BundleListener bundleListener = event -> {
        long id = event.getBundle().getBundleId();
        switch (event.getType()) {
            case BundleEvent.STARTED:
                errors.remove(id);
                break;
            case BundleEvent.UPDATED:
                errors.remove(id);
                refused.remove(id);
                break;
            case BundleEvent.UNINSTALLED:
                errors.remove(id);
                refused.remove(id);
                break;
            default:
        }
    };

    @Activate
    public PluginHost(@Reference ConfigurationAdmin configAdmin, BundleContext context, Map<String, Object> properties) {
        this.configAdmin = configAdmin;
        this.context = context;
        this.policy = new PluginAllowList(Paths.get(dirText), allowed);
        context.addFrameworkListener(frameworkListener);
        context.addBundleListener(bundleListener);
        installer = registerInstaller(); // before the directory is watched: FileInstall must never handle a plugin jar itself
        configure(properties);
    }

    /** Registers {@link PluginInstaller} with FileInstall; null when FileInstall's API is not wired (no FileInstall: nothing watches anyway). */
    private org.osgi.framework.ServiceRegistration<?> registerInstaller() {
        try {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(Constants.SERVICE_RANKING, PluginInstaller.RANKING);
            return context.registerService("org.apache.felix.fileinstall.ArtifactInstaller", new PluginInstaller(this, context), props);
        } catch (NoClassDefFoundError | IllegalArgumentException e) {
            LOG.log(Level.DEBUG, "flox.plugins: FileInstall's API is not available; plugin jars are not installed by the host: " + e);
            return null;
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(frameworkListener);
        context.removeBundleListener(bundleListener);
        try {
            unwatch();
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.DEBUG, "flox.plugins: could not delete the FileInstall configuration on deactivation: " + e);
        }
        if (installer != null) {
            try {
                installer.unregister();
            } catch (IllegalStateException stopping) {
                // the framework is stopping
            }
        }
    }

    /** The keys of flox.plugins; a configuration with none of them is empty. */
    static final List<String> KEYS = List.of("dir", "allow", "poll.ms", "check.interval.ms", "activate.blocked.ms");

    /** True when the properties hold no key of flox.plugins (configuration deleted, or its file emptied). */
    static boolean isEmpty(Map<String, ?> properties) {
        for (String k : KEYS) if (properties.containsKey(k)) return false;
        return true;
    }

    private synchronized void configure(Map<String, Object> properties) {
        ConfigReader config = new ConfigReader(PID, properties);
        if (isEmpty(properties) && lastSource != null) {
            // a deleted or emptied file must not widen the allow-list or move the directory
            String what = properties.containsKey(Constants.SERVICE_PID) ? " is empty" : " was deleted";
            String file = properties.containsKey("felix.fileinstall.filename") ? file(config) : lastSource;
            configProblem = file + what + "; the last good configuration is kept";
            LOG.log(Level.WARNING, "flox.plugins: " + file + what + "; keeping the last good configuration (directory " + policy.directory()
                    + ", allow-list " + (allowed.isEmpty() ? "any" : String.join(",", allowed)) + "); restore the file, "
                    + "with at least dir= and allow=, to change it");
            return;
        }
        configProblem = null;
        lastSource = file(config);
        String d = config.stringValue("dir", schema.defaultString("dir"));
        if (d.isEmpty()) {
            config.reject("dir", "empty", dirText);
            d = dirText;
        }
        pollMs = schema.longValue(config, "poll.ms", pollMs);
        String allowText = String.join(",", config.listValue("allow"));
        Set<String> bad = new LinkedHashSet<>();
        Set<String> names = PluginAllowList.parse(allowText, bad);
        if (!bad.isEmpty()) {
            config.reject("allow", bad + (bad.size() == 1 ? " is not a bundle symbolic name" : " are not bundle symbolic names"),
                    allowed.isEmpty() ? "any" : String.join(",", allowed));
            names = allowed;
        }
        String unknown = config.unknownKeys(ConfigReader.keysOf(Config.class)); // also the fault monitor's keys (same pid)
        if (!unknown.isEmpty()) LOG.log(Level.WARNING, unknown);
        if (config.hasErrors()) LOG.log(Level.ERROR, config.errors());
        dirText = d;
        allowed = names;
        Path dir = home().resolve(d).toAbsolutePath().normalize();
        PluginAllowList previous = policy;
        policy = new PluginAllowList(dir, names);
        refused.clear();
        if (!previous.directory().equals(policy.directory())) fileProblems.clear();
        // before the directory is watched: once it is, the new allow-list is in force entirely
        if (!Objects.equals(previous.allowed(), policy.allowed()) || !previous.directory().equals(policy.directory())) {
            resolveNewlyAllowed();
        }

        PluginDirectoryCheck.Result check = PluginDirectoryCheck.check(dir, System.getProperty("user.name"));
        try {
            jarsWhenUnsafe = check.ok || !java.nio.file.Files.isDirectory(dir) ? null : jars(dir);
            if (!check.ok) {
                watchProblem = check.reason;
                unwatch();
                LOG.log(check.checked && java.nio.file.Files.exists(dir) ? Level.ERROR : Level.WARNING,
                        "flox.plugins: not watching " + dir + " for plugins: " + check.reason + " (" + config.source() + ")");
            } else {
                if (!check.checked) LOG.log(Level.WARNING, "flox.plugins: " + check.reason + "; watching it anyway");
                watch(dir);
                watchProblem = null;
                LOG.log(Level.INFO, "flox.plugins: watching " + dir + " for plugins; allow-list: " + (names.isEmpty() ? "any" : String.join(", ", names)));
            }
            warnAboutOtherWatchers(dir);
        } catch (IOException | RuntimeException e) {
            watchProblem = "Configuration Admin failed: " + e;
            LOG.log(Level.ERROR, "flox.plugins: could not set up the FileInstall watcher of " + dir + ": " + e, e);
        }
    }

    /** The configuration's file ("file:///x" locations made "/x"), or "configuration flox.plugins". */
    private static String file(ConfigReader config) {
        return config.source().replaceFirst("^//+", "/");
    }

    /** The host home: framework property flox.home, else the working directory. */
    private Path home() {
        String h = context.getProperty("flox.home");
        return Paths.get(h != null ? h : System.getProperty("user.dir"));
    }

    /**
     * Checks the directory again (the fault monitor's thread, every {@code check.interval.ms}): one
     * that became unsafe is unwatched at once (plugins already running keep running; nothing is
     * installed, updated or removed), one that became safe again is watched again. Logs each change once.
     */
    public synchronized void recheckDirectory() {
        Path dir = Paths.get(policy.directory());
        PluginDirectoryCheck.Result check = PluginDirectoryCheck.check(dir, System.getProperty("user.name"));
        try {
            if (watching && !check.ok) {
                unwatch();
                jarsWhenUnsafe = java.nio.file.Files.isDirectory(dir) ? jars(dir) : null; // a missing one: nothing to compare
                watchProblem = check.reason + "; running plugins keep running, no jar is installed, updated or removed until it is fixed";
                LOG.log(Level.WARNING, "flox.plugins: stopped watching " + dir + ": " + watchProblem);
            } else if (!watching && check.ok) {
                watch(dir);
                watchProblem = null;
                Map<String, String> before = jarsWhenUnsafe;
                jarsWhenUnsafe = null;
                List<String> changed = new ArrayList<>();
                if (before != null) {
                    for (Map.Entry<String, String> e : jars(dir).entrySet()) {
                        if (!e.getValue().equals(before.get(e.getKey()))) changed.add(e.getKey());
                    }
                }
                if (!changed.isEmpty()) {
                    LOG.log(Level.WARNING, "flox.plugins: watching " + dir + " again; these jars were added or changed while others could write there "
                            + "and are installed now: " + String.join(", ", changed) + "; check that they are yours");
                } else {
                    LOG.log(Level.INFO, "flox.plugins: watching " + dir + " again (" + (check.checked ? "its permissions are safe" : check.reason) + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            watchProblem = "Configuration Admin failed: " + e;
            LOG.log(Level.ERROR, "flox.plugins: could not change the FileInstall watcher of " + dir + ": " + e);
        }
    }

    /** name -> "size mtime" of the jars in the directory (empty when it cannot be listed). */
    private static Map<String, String> jars(Path dir) {
        Map<String, String> out = new java.util.TreeMap<>();
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".jar")) continue;
                try {
                    out.put(name, java.nio.file.Files.size(f) + " " + java.nio.file.Files.getLastModifiedTime(f).toMillis());
                } catch (IOException gone) {
                    // deleted meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // not listable: nothing to compare
        }
        return out;
    }

    private void watch(Path dir) throws IOException {
        Configuration c = configAdmin.getFactoryConfiguration(FILEINSTALL_FACTORY, WATCH_NAME, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.dir", dir.toString());
        p.put("felix.fileinstall.filter", ".*\\.jar");
        p.put("felix.fileinstall.poll", Long.toString(pollMs));
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.start.new.bundles", "true");
        c.updateIfDifferent(p);
        watching = true;
    }

    private void unwatch() throws IOException {
        Configuration[] cs;
        try {
            cs = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + FILEINSTALL_FACTORY + "~" + WATCH_NAME + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (cs != null) for (Configuration c : cs) c.delete();
        watching = false;
    }

    /** A FileInstall configuration of an older home (etc/org.apache.felix.fileinstall-plugins.cfg) would watch the directory unchecked. */
    private void warnAboutOtherWatchers(Path dir) throws IOException {
        Configuration[] cs;
        try {
            cs = configAdmin.listConfigurations("(service.factoryPid=" + FILEINSTALL_FACTORY + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (cs == null) return;
        String ours = FILEINSTALL_FACTORY + "~" + WATCH_NAME;
        for (Configuration c : cs) {
            if (ours.equals(c.getPid())) continue;
            Dictionary<String, Object> p = c.getProperties();
            Object other = p == null ? null : p.get("felix.fileinstall.dir");
            if (other == null || !Paths.get(other.toString()).toAbsolutePath().normalize().equals(dir)) continue;
            Object file = p.get("felix.fileinstall.filename");
            LOG.log(Level.WARNING, "flox.plugins: " + (file != null ? file.toString().replaceFirst("^file:", "") : "configuration " + c.getPid())
                    + " also has FileInstall watch " + dir + ", without the directory check of flox.plugins (the allow-list still applies); delete it");
        }
    }

    /** After a change of the allow-list, plugins now allowed are resolved and started (FileInstall starts new bundles too). */
    private void resolveNewlyAllowed() {
        List<Bundle> candidates = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.INSTALLED && policy.isPlugin(b.getLocation()) && policy.allows(b.getSymbolicName())) candidates.add(b);
        }
        if (candidates.isEmpty()) return;
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        wiring.resolveBundles(candidates);
        for (Bundle b : candidates) {
            if (b.getState() != Bundle.RESOLVED) continue;
            try {
                b.start();
            } catch (BundleException | IllegalStateException e) {
                errors.put(b.getBundleId(), e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        PluginAllowList p = policy;
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                for (Iterator<BundleRevision> it = candidates.iterator(); it.hasNext(); ) {
                    BundleRevision r = it.next();
                    Bundle b = r.getBundle();
                    if (b == null || !p.refuses(b.getLocation(), r.getSymbolicName())) continue;
                    it.remove();
                    String why = REFUSED + r.getSymbolicName() + " is not in the allow-list of flox.plugins";
                    if (refused.putIfAbsent(b.getBundleId(), why) == null) {
                        LOG.log(Level.WARNING, "plugin " + r.getSymbolicName() + " (" + fileOf(b.getLocation()) + ") is not in the allow-list of flox.plugins; not started");
                    }
                }
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
            }

            @Override
            public void end() {
            }
        };
    }

    // ------------------------------------------------------------------ for flox:plugins

    /** The bundles installed from the plugins directory, by id. */
    public List<Bundle> plugins() {
        PluginAllowList p = policy;
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) if (p.isPlugin(b.getLocation())) out.add(b);
        return out;
    }

    /** Whether the bundle was installed from the plugins directory. Any thread; no waiting. */
    public boolean isPlugin(Bundle b) {
        return policy.isPlugin(b.getLocation());
    }

    /** Any bundle by id, or null. */
    public Bundle bundle(long id) {
        return context.getBundle(id);
    }

    /** The plugins directory, absolute. */
    public String directory() {
        return policy.directory();
    }

    /** The allow-list (empty: any). */
    public Set<String> allowList() {
        return policy.allowed();
    }

    /** The installer's verdict on a jar of the directory: why it is not (or not in its latest content) installed; null clears it. */
    void fileProblem(Path file, String problem) {
        if (problem == null) fileProblems.remove(file.toString());
        else fileProblems.put(file.toString(), problem);
    }

    /** Jars of the directory that are not installed as they are (unreadable, not a bundle, refused by Felix): file -> why. */
    public Map<String, String> fileProblems() {
        return Map.copyOf(fileProblems);
    }

    /** Whether the allow-list lets this bundle resolve. */
    boolean allows(Bundle b) {
        return policy.allows(b.getSymbolicName());
    }

    /** Records why a plugin did not start (shown by flox:plugins, logged once by the fault monitor). */
    void recordError(Bundle b, Exception e) {
        errors.put(b.getBundleId(), e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** Why the last change of the configuration was not applied (its file deleted or emptied), or null. */
    public String configProblem() {
        return configProblem;
    }

    /** Why the directory is not watched, or null when it is. */
    public String watchProblem() {
        return watchProblem;
    }

    /** What is wrong with a plugin bundle (allow-list refusal, unresolved requirements, last framework error), or null. */
    public String problems(Bundle b) {
        List<String> out = problemList(b);
        return out.isEmpty() ? null : String.join("; ", out);
    }

    /** What is wrong with a plugin bundle, one entry per problem: allow-list refusal ({@link #REFUSED}...), "unresolved: missing ...", last framework error. */
    public List<String> problemList(Bundle b) {
        List<String> out = new ArrayList<>();
        String r = refused.get(b.getBundleId());
        if (r == null && b.getState() == Bundle.INSTALLED && !policy.allows(b.getSymbolicName())) {
            r = REFUSED + b.getSymbolicName() + " is not in the allow-list of flox.plugins";
        }
        if (r != null && b.getState() == Bundle.INSTALLED) out.add(r);
        else if (b.getState() == Bundle.INSTALLED) {
            String missing = missingRequirements(b);
            if (missing != null) out.add("unresolved: " + missing);
        }
        String e = errors.get(b.getBundleId());
        if (e != null) out.add(e);
        return out;
    }

    /** Mandatory requirements of an unresolved bundle that no resolved bundle provides. */
    private String missingRequirements(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null) return null;
        List<BundleWiring> wirings = new ArrayList<>();
        for (Bundle other : context.getBundles()) {
            BundleWiring w = other.adapt(BundleWiring.class);
            if (w != null && w.isInUse()) wirings.add(w);
        }
        List<String> missing = new ArrayList<>();
        for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
            String ns = req.getNamespace();
            if (ns.equals("osgi.ee") || ns.equals("osgi.identity")) continue;
            Map<String, String> directives = req.getDirectives();
            if ("optional".equals(directives.get("resolution")) || "dynamic".equals(directives.get("resolution"))) continue;
            if (!"resolve".equals(directives.getOrDefault("effective", "resolve"))) continue;
            boolean found = false;
            for (BundleWiring w : wirings) {
                for (BundleCapability cap : w.getCapabilities(ns)) {
                    if (req.matches(cap)) {
                        found = true;
                        break;
                    }
                }
                if (found) break;
            }
            if (!found) missing.add(ns + " " + directives.getOrDefault("filter", ""));
        }
        return missing.isEmpty() ? null : "missing " + String.join(", ", missing);
    }

    /** The file of a file: location (FileInstall's), as a path. */
    static String fileOf(String location) {
        int i = location.lastIndexOf("file:");
        if (i < 0) return location;
        try {
            return Paths.get(java.net.URI.create(location.substring(i))).toString();
        } catch (RuntimeException e) {
            return location.substring(i + "file:".length());
        }
    }
}
