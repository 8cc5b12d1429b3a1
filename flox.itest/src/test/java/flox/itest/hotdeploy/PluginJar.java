package flox.itest.hotdeploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Builds a plugin bundle jar in a test: classes of one package copied from the test bundle, a
 * manifest, and DS component descriptions written by hand (the plugin classes carry no DS
 * annotations, so they never activate inside the test bundle itself). {@link #dropInto} writes the
 * jar next to the plugins directory and moves it in atomically, so FileInstall never sees half a jar.
 */
public final class PluginJar {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new TreeMap<>();
    private final List<String> components = new ArrayList<>();

    private PluginJar(String symbolicName, String version) {
        headers.put("Manifest-Version", "1.0");
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", symbolicName);
        headers.put("Bundle-Version", version);
    }

    public static PluginJar bundle(String symbolicName, String version) {
        return new PluginJar(symbolicName, version);
    }

    /** Copies every class of {@code packageName} (not sub-packages) from the test bundle. */
    public PluginJar classesOf(String packageName) {
        Bundle tests = FrameworkUtil.getBundle(PluginJar.class);
        String path = packageName.replace('.', '/');
        Enumeration<URL> found = tests.findEntries(path, "*.class", false);
        if (found == null) throw new IllegalStateException("no classes under " + path + " in " + tests.getSymbolicName());
        while (found.hasMoreElements()) {
            URL u = found.nextElement();
            String name = u.getPath().startsWith("/") ? u.getPath().substring(1) : u.getPath();
            try (InputStream in = u.openStream()) {
                entries.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    public PluginJar header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public PluginJar importPackage(String value) {
        return header("Import-Package", value);
    }

    /**
     * A DS component description: immediate, no configuration, implemented by {@code implementation};
     * {@code attributes} go on the component element (e.g. {@code activate="activate"}), {@code body}
     * (properties, service, references) inside it.
     */
    public static String componentXml(String name, String implementation, String attributes, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\" name=\"" + name + "\" immediate=\"true\""
                + " configuration-policy=\"ignore\"" + (attributes.isEmpty() ? "" : " " + attributes) + ">\n"
                + body
                + "  <implementation class=\"" + implementation + "\"/>\n"
                + "</scr:component>\n";
    }

    /** Adds OSGI-INF/{name}.xml and lists it in Service-Component. */
    public PluginJar component(String name, String xml) {
        String entry = "OSGI-INF/" + name + ".xml";
        entries.put(entry, xml.getBytes(StandardCharsets.UTF_8));
        components.add(entry);
        return this;
    }

    public byte[] build() {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        for (Map.Entry<String, String> h : headers.entrySet()) a.putValue(h.getKey(), h.getValue());
        if (!components.isEmpty()) a.putValue("Service-Component", String.join(",", components));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the jar as {@code dir/fileName}, replacing what is there, atomically; its modification
     * time moves forward even within one clock tick so FileInstall sees a change.
     */
    public Path dropInto(Path dir, String fileName) throws IOException {
        Path target = dir.resolve(fileName);
        Path tmp = Files.createTempFile(dir.getParent(), fileName, ".part");
        Files.write(tmp, build());
        long previous = Files.exists(target) ? Files.getLastModifiedTime(target).toMillis() : 0;
        long now = Math.max(System.currentTimeMillis(), previous + 1_000);
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(now));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
