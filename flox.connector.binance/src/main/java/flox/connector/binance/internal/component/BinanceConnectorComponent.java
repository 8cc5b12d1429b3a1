package flox.connector.binance.internal.component;

import flox.api.bus.MarketDataBus;
import flox.api.metrics.StatusContributor;
import flox.api.plugin.ExchangeConnector;
import flox.api.symbol.SymbolRegistry;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A Binance spot account's market data as a venue plugin (factory pid {@value #PID}: one
 * configuration, {@code etc/flox.binance-NAME.cfg}, per account): an {@link ExchangeConnector}
 * started in the CONNECTOR phase ({@link BinanceMarketData}), a status-line fragment, and
 * {@code flox:binance}. Order entry is not registered yet (issue 14 items 3-4: the order
 * connection is still to come), so the host takes no orders for this exchange.
 *
 * <p>Threading: activation and start/stop on DS's and the lifecycle's threads; the feed on
 * "flox-binance-md". Configuration is read against {@link Config}'s metatype; a bad value is
 * refused naming file and field (ERROR) and the default taken; the component is re-created when
 * its file changes.
 */
@Component(service = {ExchangeConnector.class, StatusContributor.class, BinanceConnectorComponent.class}, configurationPid = BinanceConnectorComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = {"osgi.command.scope=flox", "osgi.command.function=binance"})
@Designate(ocd = BinanceConnectorComponent.Config.class, factory = true)
public final class BinanceConnectorComponent implements ExchangeConnector, StatusContributor {
    public static final String PID = "flox.binance";
    private static final System.Logger LOG = System.getLogger("flox.binance");

    @ObjectClassDefinition(name = "Flox Binance spot account", description = "Market data (and, later, order entry) of one Binance spot account.")
    public @interface Config {
        @AttributeDefinition(description = "Exchange name of the symbols in the registry.")
        String exchange() default "BINANCE";

        @AttributeDefinition(description = "Binance symbols, comma-separated (BTCUSDT,ETHUSDT); their definitions come from exchangeInfo.")
        String symbols();

        @AttributeDefinition(description = "Market-data streams: wss://stream.binance.com:9443 (testnet: wss://stream.testnet.binance.vision; a local fake: ws://127.0.0.1:PORT).")
        String stream_url() default "wss://stream.binance.com:9443";

        @AttributeDefinition(description = "REST API: https://api.binance.com (testnet: https://testnet.binance.vision).")
        String rest_url() default "https://api.binance.com";

        @AttributeDefinition(description = "Levels of each depth snapshot (Binance's weight: 5 up to 100, 25 up to 500, 50 up to 1000, 250 up to 5000).",
                min = "5", max = "5000")
        int snapshot_limit() default 1000;

        @AttributeDefinition(description = "First wait before a reconnect; it doubles per failure, with jitter.", min = "1", max = "60000")
        long reconnect_min_ms() default 250;

        @AttributeDefinition(description = "Longest wait before a reconnect.", min = "1", max = "600000")
        long reconnect_max_ms() default 30_000;

        @AttributeDefinition(description = "Every book is published whole again this often, for late subscribers; the venue state is checked then.",
                min = "100", max = "3600000")
        long snapshot_interval_ms() default 1000;

        @AttributeDefinition(description = "Diffs buffered per symbol while a snapshot is fetched.", min = "16", max = "100000")
        int max_buffered_diffs() default 1000;
    }

    private final BinanceMarketData marketData;

    @Activate
    public BinanceConnectorComponent(@Reference SymbolRegistry registry, @Reference MarketDataBus bus, Map<String, Object> properties) {
        ConfigReader config = new ConfigReader(PID, properties);
        BinanceMarketData.Settings settings = read(config);
        String unknown = config.unknownKeys(ConfigReader.keysOf(Config.class));
        if (!unknown.isEmpty()) LOG.log(System.Logger.Level.WARNING, unknown);
        if (config.hasErrors()) LOG.log(System.Logger.Level.ERROR, config.errors());
        this.marketData = new BinanceMarketData(settings, registry, bus);
    }

    /** The settings in {@code config}, against the metatype; refused values take the default (errors kept in {@code config}). */
    static BinanceMarketData.Settings read(ConfigReader config) {
        Metatype m = Metatype.of(Config.class);
        String exchange = config.stringValue("exchange", m.defaultString("exchange"));
        if (exchange.isEmpty()) {
            config.reject("exchange", "empty", m.defaultString("exchange"));
            exchange = m.defaultString("exchange");
        }
        List<String> symbols = config.listValue("symbols");
        if (symbols.isEmpty()) config.reject("symbols", "no symbol given: nothing to stream", "none");
        return new BinanceMarketData.Settings(exchange, symbols, uri(config, m, "stream.url"), uri(config, m, "rest.url"),
                (int) m.longValue(config, "snapshot.limit", m.defaultLong("snapshot.limit")),
                m.longValue(config, "reconnect.min.ms", m.defaultLong("reconnect.min.ms")),
                m.longValue(config, "reconnect.max.ms", m.defaultLong("reconnect.max.ms")),
                m.longValue(config, "snapshot.interval.ms", m.defaultLong("snapshot.interval.ms")),
                (int) m.longValue(config, "max.buffered.diffs", m.defaultLong("max.buffered.diffs")));
    }

    private static URI uri(ConfigReader config, Metatype m, String key) {
        String v = config.stringValue(key, m.defaultString(key));
        try {
            URI u = new URI(v);
            String scheme = u.getScheme();
            boolean ok = u.getHost() != null && (key.equals("rest.url") ? "https".equals(scheme) || "http".equals(scheme)
                    : "wss".equals(scheme) || "ws".equals(scheme));
            if (ok) return u;
            config.reject(key, "'" + v + "' is not a " + (key.equals("rest.url") ? "http(s)" : "ws(s)") + " URL with a host", m.defaultString(key));
        } catch (URISyntaxException e) {
            config.reject(key, "'" + v + "' is not a URL", m.defaultString(key));
        }
        return URI.create(m.defaultString(key));
    }

    @Override
    public String exchange() {
        return marketData.exchange();
    }

    @Override
    public String name() {
        return "binance market data (" + marketData.exchange() + ")";
    }

    @Override
    public void start() {
        marketData.start();
    }

    @Override
    public void stop() {
        marketData.stop();
    }

    @Deactivate
    void deactivate() {
        marketData.stop();
    }

    /** The venue's state is on the status line already (the bus keeps it); this adds nothing while all is well. */
    @Override
    public String statusFragment() {
        return "";
    }

    @Override
    public String summaryTable() {
        return "";
    }

    /** flox:binance */
    @Descriptor("each Binance account: connection and venue state, each symbol's book (in sync, ticker checks, gaps, resyncs), snapshots, malformed frames")
    public String binance() {
        return marketData.describe();
    }

    public BinanceMarketData marketData() {
        return marketData;
    }
}
