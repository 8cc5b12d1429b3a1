package flox.core.symbol;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import flox.api.symbol.SymbolRegistry;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The host's {@link SymbolRegistry} service. Loads the symbols file named in configuration
 * (pid {@value #PID}) at activation and whenever the file changes. A load is all or nothing:
 * a malformed file, or one that redefines a registered symbol differently, is logged once with
 * the file, line and field, and the registry keeps its last good state. Ids are never
 * reassigned: symbols removed from the file stay registered until restart.
 *
 * <p>Thread-safe; lookups delegate to the lock-free {@link ConcurrentSymbolRegistry}. One
 * daemon thread ("flox-symbols-watch") polls the file.
 */
@Component(service = SymbolRegistry.class, configurationPid = SymbolRegistryComponent.PID, immediate = true)
@Designate(ocd = SymbolRegistryComponent.Config.class)
public final class SymbolRegistryComponent implements SymbolRegistry {
    public static final String PID = "flox.symbols";
    private static final System.Logger LOG = System.getLogger("flox.symbols");

    @ObjectClassDefinition(name = "Flox symbol registry", description = "Symbols loaded into the host's registry.")
    public @interface Config {
        @AttributeDefinition(name = "Symbols file", description = "CSV file with a header line (exchange,symbol,type,tickSize,lotSize,"
                + "minQuantity,minNotional); relative to the host's working directory. Empty: load nothing.")
        String symbols_file() default "etc/symbols.csv";

        @AttributeDefinition(name = "Reload check interval (ms)", description = "How often the file is checked for changes; 0 disables reloading.", min = "0", max = "3600000")
        long reload_interval_ms() default 2000;
    }

    private final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flox-symbols-watch");
        t.setDaemon(true);
        return t;
    });
    private final Object loadLock = new Object();
    private volatile Path file;
    private final Metatype schema = Metatype.of(Config.class);
    private long reloadIntervalMs = schema.defaultLong("reload.interval.ms");
    private ScheduledFuture<?> poll;
    // last file state looked at (loaded or refused), so a bad file is reported once per change
    private long seenModified = Long.MIN_VALUE;
    private long seenSize = -1;
    private volatile String lastError;

    @Activate
    void activate(Map<String, Object> properties) {
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Deactivate
    void deactivate() {
        watcher.shutdownNow();
        try {
            watcher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void configure(Map<String, Object> properties) {
        ConfigReader config = new ConfigReader(PID, properties);
        String fileName = config.stringValue("symbols.file", schema.defaultString("symbols.file"));
        reloadIntervalMs = schema.longValue(config, "reload.interval.ms", reloadIntervalMs);
        String unknown = config.unknownKeys(ConfigReader.keysOf(Config.class));
        if (!unknown.isEmpty()) LOG.log(Level.WARNING, unknown);
        if (config.hasErrors()) {
            LOG.log(Level.ERROR, config.errors());
        }
        file = fileName.isEmpty() ? null : Paths.get(fileName);
        synchronized (loadLock) {
            seenModified = Long.MIN_VALUE;
            seenSize = -1;
        }
        reloadIfChanged();
        if (poll != null) poll.cancel(false);
        poll = reloadIntervalMs > 0 && file != null
                ? watcher.scheduleWithFixedDelay(this::reloadIfChanged, reloadIntervalMs, reloadIntervalMs, TimeUnit.MILLISECONDS)
                : null;
    }

    /** Loads the file if it changed since last looked at. Never throws (runs on the watcher). */
    void reloadIfChanged() {
        Path f = file;
        if (f == null) return;
        synchronized (loadLock) {
            try {
                if (!Files.exists(f)) {
                    if (seenSize != -2) {
                        LOG.log(Level.WARNING, f + ": symbols file not found; registry has " + registry.size() + " symbols");
                        seenSize = -2;
                    }
                    return;
                }
                long modified = Files.getLastModifiedTime(f).toMillis();
                long size = Files.size(f);
                if (modified == seenModified && size == seenSize) return;
                seenModified = modified;
                seenSize = size;
                load(f);
            } catch (Exception e) {
                lastError = f + ": " + e;
                LOG.log(Level.ERROR, lastError);
            }
        }
    }

    private void load(Path f) {
        try {
            List<SymbolInfo> defs = SymbolsFile.read(f, registry); // a redefinition is reported with its line
            int before = registry.size();
            registry.registerAll(defs);
            lastError = null;
            LOG.log(Level.INFO, f + ": " + defs.size() + " symbols, " + (registry.size() - before) + " new; registry has " + registry.size());
        } catch (SymbolsFileException | SymbolRegistrationException e) {
            lastError = (e instanceof SymbolRegistrationException ? f + ": " : "") + e.getMessage();
            LOG.log(Level.ERROR, lastError + " -- file not applied; keeping the last good state (" + registry.size() + " symbols)");
        }
    }

    /** The last load error, or null if the last load succeeded. */
    public String lastError() {
        return lastError;
    }

    @Override
    public int register(SymbolInfo definition) throws SymbolRegistrationException {
        return registry.register(definition);
    }

    @Override
    public int[] registerAll(List<SymbolInfo> definitions) throws SymbolRegistrationException {
        return registry.registerAll(definitions);
    }

    @Override
    public SymbolInfo symbol(int symbolId) {
        return registry.symbol(symbolId);
    }

    @Override
    public int resolve(CharSequence exchange, CharSequence symbol) {
        return registry.resolve(exchange, symbol);
    }

    @Override
    public int size() {
        return registry.size();
    }

    @Override
    public List<SymbolInfo> symbols() {
        return registry.symbols();
    }
}
