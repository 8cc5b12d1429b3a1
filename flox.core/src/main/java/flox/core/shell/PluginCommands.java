package flox.core.shell;

import flox.core.plugin.PluginFaultMonitor;
import flox.core.plugin.PluginHost;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo {@code flox:plugins}: the bundles installed from the plugins directory and what is wrong
 * with them: {@link PluginHost}'s problems (allow-list refusal, unresolved requirements, framework
 * error) and {@link PluginFaultMonitor}'s faults (failed or blocked activation, failed lifecycle
 * participant, throwing subscriber); then jars of the directory not installed as they are
 * (unreadable, not a bundle) and a kept configuration. Reads published state only: never waits for a plugin or for
 * SCR. Cold path.
 */
@Component(service = PluginCommands.class, property = {"osgi.command.scope=flox", "osgi.command.function=plugins"})
public final class PluginCommands {
    private final PluginHost host;
    private final PluginFaultMonitor faults;

    @Activate
    public PluginCommands(@Reference PluginHost host, @Reference PluginFaultMonitor faults) {
        this.host = host;
        this.faults = faults;
    }

    /** flox:plugins: id, symbolic name, version, state and errors of every plugin bundle. */
    @Descriptor("the plugins directory and every plugin bundle: state and what is wrong with it")
    public String plugins() {
        StringBuilder sb = new StringBuilder();
        String problem = host.watchProblem();
        sb.append("plugins directory ").append(host.directory())
                .append(problem == null ? " (watched)" : " (NOT watched: " + problem + ")")
                .append("; allow-list: ").append(host.allowList().isEmpty() ? "any" : String.join(", ", host.allowList()))
                .append("; fault checks every ").append(faults.intervalMs()).append(" ms")
                .append(faults.blockedMs() > 0 ? ", activation blocked after " + faults.blockedMs() + " ms" : ", blocked activations not looked for")
                .append(System.lineSeparator());
        String config = host.configProblem();
        if (config != null) sb.append("configuration: ").append(config).append(System.lineSeparator());
        List<Bundle> plugins = host.plugins();
        sb.append(String.format("%5s  %-40s %-16s %-11s %s%n", "id", "symbolic name", "version", "state", "errors"));
        Set<Long> listed = new HashSet<>();
        for (Bundle b : plugins) {
            listed.add(b.getBundleId());
            List<String> errors = new ArrayList<>(host.problemList(b));
            errors.addAll(faults.faults(b.getBundleId()));
            sb.append(String.format("%5d  %-40s %-16s %-11s %s%n", b.getBundleId(), b.getSymbolicName(), b.getVersion(), state(b.getState()),
                    String.join("; ", errors)));
        }
        // faults reported about bundles that are not plugins (a host bundle's subscriber may throw too)
        for (long id : faults.bundlesWithFaults()) {
            if (listed.contains(id)) continue;
            List<String> f = faults.faults(id);
            if (f.isEmpty()) continue;
            Bundle b = host.bundle(id);
            sb.append(String.format("%5d  %-40s %s%n", id, b != null ? b.getSymbolicName() : "(uninstalled)", "(not a plugin) " + String.join("; ", f)));
        }
        // jars not installed as they are: unreadable, not a bundle, refused by the framework
        for (java.util.Map.Entry<String, String> f : host.fileProblems().entrySet()) {
            sb.append("file ").append(f.getKey()).append(": ").append(f.getValue()).append(System.lineSeparator());
        }
        String note = faults.note();
        if (note != null) sb.append("note: ").append(note).append(System.lineSeparator());
        sb.append(plugins.size()).append(plugins.size() == 1 ? " plugin" : " plugins");
        return sb.toString();
    }

    static String state(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            default: return String.valueOf(state);
        }
    }
}
