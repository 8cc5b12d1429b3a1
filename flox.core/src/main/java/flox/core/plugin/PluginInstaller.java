package flox.core.plugin;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs, updates and uninstalls the jars of the plugins directory for FileInstall (an
 * {@link ArtifactInstaller} ranked above FileInstall's own bundle handling, which would uninstall a
 * running plugin whose jar became unreadable). Every jar is read once into memory and verified
 * (a complete zip: central directory and every entry's CRC; a manifest with Bundle-SymbolicName)
 * before anything is done with it, and the verified bytes are what is installed. An unreadable jar
 * copied over a running plugin leaves the running version alone; an unreadable new jar installs
 * nothing. Either is logged once (WARNING, naming the file and why) and shown by flox:plugins
 * until the file is replaced or deleted.
 *
 * <p>Called on FileInstall's watcher thread, one artifact at a time ({@code synchronized} all the
 * same). Never throws to FileInstall. Cold path; allocates.
 */
final class PluginInstaller implements ArtifactInstaller {
    private static final System.Logger LOG = System.getLogger("flox.plugins");
    /** Above FileInstall's bundle handling (which is always consulted last) and its configuration installer. */
    static final int RANKING = 1000;

    private final PluginHost host;
    private final BundleContext context;
    /** Plugins installed but not yet started successfully (FileInstall's "start new bundles"). */
    private final Set<Long> pendingStart = ConcurrentHashMap.newKeySet();
    /** file -> the unreadable content last warned about (a re-watched directory reports it again: warned once). */
    private final java.util.Map<String, String> warned = new java.util.HashMap<>();

    PluginInstaller(PluginHost host, BundleContext context) {
        this.host = host;
        this.context = context;
    }

    /** Every *.jar directly in the plugins directory, readable or not: an unreadable one must reach {@link #update}, not an uninstall. */
    @Override
    public boolean canHandle(File artifact) {
        File parent = artifact.getAbsoluteFile().getParentFile();
        return artifact.getName().endsWith(".jar") && parent != null
                && parent.toPath().normalize().toString().equals(host.directory());
    }

    @Override
    public void install(File artifact) {
        apply(artifact);
    }

    @Override
    public void update(File artifact) {
        apply(artifact);
    }

    @Override
    public synchronized void uninstall(File artifact) {
        host.fileProblem(artifact.toPath(), null);
        warned.remove(artifact.toPath().toAbsolutePath().normalize().toString());
        Bundle b = bundleAt(artifact);
        if (b == null) return;
        try {
            LOG.log(Level.INFO, "flox.plugins: " + artifact + " deleted: uninstalling " + b.getSymbolicName() + " " + b.getVersion() + " [" + b.getBundleId() + "]");
            pendingStart.remove(b.getBundleId());
            b.uninstall();
            deleteHash(b);
            refresh(b);
        } catch (BundleException | IllegalStateException e) {
            LOG.log(Level.WARNING, "flox.plugins: could not uninstall " + b.getSymbolicName() + " [" + b.getBundleId() + "] of deleted " + artifact + ": " + e.getMessage());
        }
        startPending();
    }

    private synchronized void apply(File artifact) {
        try {
            apply0(artifact.toPath().toAbsolutePath().normalize());
        } catch (RuntimeException e) { // never to FileInstall (it would log a stack and retry)
            LOG.log(Level.WARNING, "flox.plugins: " + artifact + " not installed: " + e);
            LOG.log(Level.DEBUG, "flox.plugins: " + artifact, e);
        }
    }

    private void apply0(Path file) {
        PluginDirectoryCheck.Result check = PluginDirectoryCheck.check(file.getParent(), System.getProperty("user.name"));
        if (!check.ok) { // the fault monitor unwatches it within a check; meanwhile nothing is installed from it
            host.fileProblem(file, "not installed: " + check.reason);
            return;
        }
        Bundle existing = bundleAt(file.toFile());
        byte[] bytes;
        String why;
        try {
            bytes = Files.readAllBytes(file);
            why = verify(bytes);
        } catch (IOException e) {
            bytes = null;
            why = "cannot be read (" + e + ")";
        }
        if (why != null) {
            String kept = existing != null ? "the running " + existing.getSymbolicName() + " " + existing.getVersion() + " [" + existing.getBundleId() + "] is kept"
                    : "nothing was installed from it";
            host.fileProblem(file, "unreadable, " + why + "; " + kept);
            String content = (bytes != null ? sha256(bytes) : "") + why;
            if (content.equals(warned.put(file.toString(), content))) return;
            LOG.log(Level.WARNING, "flox.plugins: " + file + " is not a readable plugin bundle: " + why + "; " + kept
                    + "; replace it with a complete bundle jar (write it beside the directory, then mv it in)");
            return;
        }
        warned.remove(file.toString());
        String hash = sha256(bytes);
        try {
            if (existing != null) {
                if (hash.equals(readHash(existing))) { // unchanged (the directory watched again, FileInstall restarted)
                    host.fileProblem(file, null);
                    return;
                }
                LOG.log(Level.INFO, "flox.plugins: " + file + " changed: updating " + existing.getSymbolicName() + " " + existing.getVersion() + " [" + existing.getBundleId() + "]");
                if (!isFragment(existing)) existing.stop(Bundle.STOP_TRANSIENT); // started again below, once, after the refresh
                existing.update(new ByteArrayInputStream(bytes));
                writeHash(existing, hash);
                refresh(existing);
                if (!isFragment(existing)) pendingStart.add(existing.getBundleId());
            } else {
                Bundle b = context.installBundle(file.toUri().toString(), new ByteArrayInputStream(bytes));
                LOG.log(Level.INFO, "flox.plugins: installed " + b.getSymbolicName() + " " + b.getVersion() + " [" + b.getBundleId() + "] from " + file);
                writeHash(b, hash);
                if (!isFragment(b)) pendingStart.add(b.getBundleId());
            }
            host.fileProblem(file, null);
        } catch (BundleException | IllegalStateException e) {
            String kept = existing != null ? "; the running " + existing.getSymbolicName() + " [" + existing.getBundleId() + "] is kept (restarted)" : "";
            host.fileProblem(file, "not installed: " + e.getMessage() + kept);
            LOG.log(Level.WARNING, "flox.plugins: " + file + " could not be " + (existing != null ? "updated" : "installed") + ": " + e.getMessage() + kept);
            if (existing != null && !isFragment(existing)) pendingStart.add(existing.getBundleId());
        }
        startPending();
    }

    /**
     * Why these bytes are not a bundle jar Felix can install, or null: a zip whose central
     * directory is complete and whose entries all match their CRC, with a manifest naming
     * Bundle-SymbolicName.
     */
    String verify(byte[] bytes) throws IOException {
        if (bytes.length == 0) return "the file is empty";
        // JarFile needs a file: a private copy in this bundle's data area, deleted at once
        File copy = context.getDataFile("plugin-verify.jar");
        if (copy == null) throw new IOException("no bundle data area for verifying plugin jars");
        Files.write(copy.toPath(), bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try (JarFile jar = new JarFile(copy, false)) {
            byte[] buffer = new byte[8192];
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                JarEntry e = en.nextElement();
                try (InputStream in = jar.getInputStream(e)) {
                    while (in.read(buffer) >= 0) {
                        // read to the end: the CRC is checked there
                    }
                } catch (IOException broken) {
                    return "corrupt entry " + e.getName() + " (" + broken.getMessage() + ")";
                }
            }
            Manifest m = jar.getManifest();
            if (m == null) return "not an OSGi bundle (no META-INF/MANIFEST.MF)";
            String bsn = m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null || bsn.isBlank()) return "not an OSGi bundle (its manifest has no Bundle-SymbolicName)";
            return null;
        } catch (java.util.zip.ZipException | SecurityException e) {
            return "not a complete jar (" + e.getMessage() + "; truncated, or not a zip file)";
        } finally {
            Files.deleteIfExists(copy.toPath());
        }
    }

    /** Starts the plugins installed or updated here that have not started yet; failures are shown by flox:plugins (logged once by the fault monitor). */
    private void startPending() {
        List<Long> ids = new ArrayList<>(pendingStart);
        for (long id : ids) {
            Bundle b = context.getBundle(id);
            if (b == null || b.getState() == Bundle.UNINSTALLED) {
                pendingStart.remove(id);
                continue;
            }
            if ((b.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                pendingStart.remove(id);
                continue;
            }
            if (!host.allows(b)) continue; // the allow-list refuses it: PluginHost starts it if it is allowed later
            try {
                b.start();
                pendingStart.remove(id);
            } catch (BundleException e) {
                // unresolved: PluginHost shows the missing requirements, and the fault monitor logs them once
                if (e.getType() != BundleException.RESOLVE_ERROR) host.recordError(b, e);
            } catch (IllegalStateException e) {
                host.recordError(b, e);
            }
        }
    }

    /** The bundle installed from this file, or null. */
    private Bundle bundleAt(File file) {
        String location = file.toPath().toAbsolutePath().normalize().toUri().toString();
        Bundle b = context.getBundle(location);
        if (b != null) return b;
        String path = file.toPath().toAbsolutePath().normalize().toString();
        for (Bundle other : context.getBundles()) {
            if (path.equals(PluginHost.fileOf(other.getLocation()))) return other;
        }
        return null;
    }

    private static boolean isFragment(Bundle b) {
        BundleRevision r = b.adapt(BundleRevision.class);
        return r != null && (r.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** Refreshes the bundle (old revisions go, dependents rewire); waits up to 30 s. */
    private void refresh(Bundle b) {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        wiring.refreshBundles(List.of(b), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) done.countDown();
        });
        try {
            if (!done.await(30, TimeUnit.SECONDS)) LOG.log(Level.WARNING, "flox.plugins: the refresh after changing " + b.getSymbolicName() + " has not finished after 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // the content hash of each installed jar: a re-watched directory reports every file again, and an
    // unchanged one must not restart its plugin (kept in the data area: survives a restart of flox.core)

    private File hashFile(Bundle b) {
        return context.getDataFile("plugin-" + b.getBundleId() + ".sha256");
    }

    private String readHash(Bundle b) {
        File f = hashFile(b);
        try {
            return f == null || !f.exists() ? null : Files.readString(f.toPath(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private void writeHash(Bundle b, String hash) {
        File f = hashFile(b);
        try {
            if (f != null) Files.writeString(f.toPath(), hash, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "flox.plugins: could not record the hash of " + b.getSymbolicName() + ": " + e);
        }
    }

    private void deleteHash(Bundle b) {
        File f = hashFile(b);
        if (f != null && !f.delete() && f.exists()) LOG.log(Level.DEBUG, "flox.plugins: could not delete " + f);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
