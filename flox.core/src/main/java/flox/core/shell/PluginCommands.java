package flox.core.shell;

import flox.core.plugin.PluginHost;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo {@code flox:plugins}: the bundles installed from the plugins directory and what is wrong with them. Cold path. */
@Component(service = PluginCommands.class, property = {"osgi.command.scope=flox", "osgi.command.function=plugins"})
public final class PluginCommands {
    private final PluginHost host;

    @Activate
    public PluginCommands(@Reference PluginHost host) {
        this.host = host;
    }

    /** flox:plugins: id, symbolic name, version, state and errors of every plugin bundle. */
    public String plugins() {
        StringBuilder sb = new StringBuilder();
        String problem = host.watchProblem();
        sb.append("plugins directory ").append(host.directory())
                .append(problem == null ? " (watched)" : " (NOT watched: " + problem + ")")
                .append("; allow-list: ").append(host.allowList().isEmpty() ? "any" : String.join(", ", host.allowList()))
                .append(System.lineSeparator());
        List<Bundle> plugins = host.plugins();
        sb.append(String.format("%5s  %-40s %-16s %-11s %s%n", "id", "symbolic name", "version", "state", "errors"));
        for (Bundle b : plugins) {
            String errors = host.problems(b);
            sb.append(String.format("%5d  %-40s %-16s %-11s %s%n", b.getBundleId(), b.getSymbolicName(), b.getVersion(), state(b.getState()),
                    errors == null ? "" : errors));
        }
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
