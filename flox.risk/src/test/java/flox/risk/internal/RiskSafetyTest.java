package flox.risk.internal;

import static flox.risk.internal.RiskFixture.STRATEGY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The risk component never loosens: a lost or emptied file keeps the last good limits, a start
 * without a confirmed configuration refuses new orders, the operator's kill switch survives a
 * restart, typos and unknown symbols are refused loudly.
 */
@Timeout(30)
class RiskSafetyTest {
    static final long PX = 6_000_000;
    static final long ONE_BTC = 100_000;
    static final String FILE = "/home/etc/flox.risk.cfg";

    @TempDir
    Path home;

    final List<String> log = new CopyOnWriteArrayList<>();
    final Logger jul = Logger.getLogger("flox.risk");
    final Handler handler = new Handler() {
        @Override public void publish(LogRecord r) { log.add(r.getLevel() + " " + r.getMessage()); }
        @Override public void flush() { }
        @Override public void close() { }
    };

    @BeforeEach
    void capture() {
        jul.addHandler(handler);
    }

    @AfterEach
    void release() {
        jul.removeHandler(handler);
    }

    static Map<String, Object> file(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "flox.risk");
        m.put("felix.fileinstall.filename", "file:" + FILE);
        m.put("order.rate.per.second", "0");
        m.put("price.band.bps", "0");
        m.put("kill.cancel.interval.ms", "1");
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    /** What SCR passes when the configuration is deleted: the component's own properties. */
    static Map<String, Object> deleted() {
        return new HashMap<>(Map.of("component.name", "flox.risk.internal.RiskComponent", "component.id", 12L));
    }

    private String logged(String level, String text) {
        return log.stream().filter(l -> l.startsWith(level) && l.contains(text)).findFirst().orElse(null);
    }

    @Test
    void shouldKeepLastLimitsWhenRiskFileDeleted() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.order.quantity", "5", "max.position.per.symbol", "SIM:BTCUSDT=10"));
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 6 * ONE_BTC));

        c.modified(deleted());
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 6 * ONE_BTC), "still 5, not the default 1000");
        assertEquals("10", f.engine.settings().maxPositionBySymbol.get("SIM:BTCUSDT").toString());
        String w = logged("WARNING", FILE + " was deleted or has no keys: keeping the last good risk limits");
        assertTrue(w != null, log.toString());
    }

    /** A file with max.order.quantity {@code limit} and no notional or position limit. */
    static Map<String, Object> quantityOnly(String limit) {
        return file("max.order.quantity", limit, "max.order.notional", "0", "max.position", "0");
    }

    /** Felix SCR drops an update that follows a deletion closely: Configuration Admin holds it, DS never calls modified. */
    @Test
    void shouldApplyWithinATickAConfigurationDeclarativeServicesDidNotDeliver() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        AtomicReference<Map<String, Object>> held = new AtomicReference<>(quantityOnly("5"));
        RiskComponent c = f.component(home, held.get(), held::get);
        c.tick();
        assertNull(logged("WARNING", "did not deliver"), "nothing to apply while what was delivered is what is held");

        held.set(quantityOnly("2")); // the file written again; the update never reaches modified()
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 3 * ONE_BTC));
        c.tick();
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 3 * ONE_BTC), "one tick: DS may be about to deliver it");
        assertNull(logged("WARNING", "did not deliver"));
        c.tick();
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 3 * ONE_BTC), "the held 2 applied");
        assertTrue(logged("WARNING", "Configuration Admin holds a flox.risk configuration that Declarative Services did not deliver") != null,
                log.toString());
        log.clear();
        c.tick();
        assertNull(logged("WARNING", "did not deliver"), "applied once, not every second");
    }

    @Test
    void shouldApplyTheHeldConfigurationWhenDeclarativeServicesDeliversAnOlderOne() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        AtomicReference<Map<String, Object>> held = new AtomicReference<>(quantityOnly("5"));
        RiskComponent c = f.component(home, held.get(), held::get);
        held.set(quantityOnly("2"));
        c.modified(quantityOnly("9")); // read by SCR before the newest update
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 3 * ONE_BTC), "2 in force, not 9");
    }

    @Test
    void shouldKeepLastLimitsWhenTheHeldConfigurationIsDeletedButNotDelivered() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        AtomicReference<Map<String, Object>> held = new AtomicReference<>(quantityOnly("5"));
        RiskComponent c = f.component(home, held.get(), held::get);
        held.set(null);
        c.tick();
        c.tick();
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 6 * ONE_BTC), "still 5");
        assertTrue(logged("WARNING", FILE + " was deleted or has no keys: keeping the last good risk limits") != null, log.toString());
        log.clear();
        c.tick();
        c.tick();
        assertTrue(log.isEmpty(), "reported once: " + log);
    }

    @Test
    void shouldKeepLastLimitsWhenRiskFileEmptied() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.order.quantity", "5"));
        Map<String, Object> empty = new HashMap<>(Map.of("service.pid", "flox.risk", "felix.fileinstall.filename", "file:" + FILE));
        c.modified(empty);
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 6 * ONE_BTC));
        assertTrue(logged("WARNING", FILE + " was deleted or has no keys") != null, log.toString());
    }

    @Test
    void shouldNotReleaseTheFilesKillSwitchWhenTheFileIsDeleted() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("kill.switch", "true"));
        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertTrue(logged("WARNING", "kill switch ENGAGED by configuration (kill.switch=true in " + FILE + ")") != null, log.toString());
        c.modified(deleted());
        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "the deletion does not release it");
        assertTrue(f.engine.describe().contains("kill switch: ENGAGED (by configuration kill.switch=true in " + FILE + ")"));
    }

    @Test
    void shouldRefuseNewOrdersAtStartWithoutRiskConfigurationUntilTheOperatorAcceptsDefaults() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, deleted());
        assertEquals(RejectReason.RISK_HALTED, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertFalse(RejectReason.RISK_HALTED.isRiskLimit());
        assertEquals("risk HALTED: new orders refused (no risk configuration; see flox:risk)", c.statusFragment());
        assertTrue(logged("WARNING", "risk HALTED: new orders refused (RISK_HALTED): no risk configuration") != null, log.toString());
        assertTrue(f.engine.describe().contains("risk checks: HALTED, new orders refused: no risk configuration"));

        String accepted = new RiskCommands(c).risk("accept-defaults");
        assertTrue(accepted.startsWith("risk limits confirmed by the operator (flox:risk accept-defaults)"), accepted);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertEquals("", c.statusFragment(), "nothing to show: empty, as StatusContributor says");
    }

    @Test
    void shouldStartTradingWhenTheRiskFileArrives() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, deleted());
        assertEquals(RejectReason.RISK_HALTED, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        c.modified(file("max.order.quantity", "5"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 6 * ONE_BTC));
    }

    @Test
    void shouldStayHaltedWhenTheFileIsEmptiedBeforeItWasConfirmed() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.order.quantity", "lots"));
        assertEquals(RejectReason.RISK_HALTED, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "a bad value at start does not fall back quietly");
        assertTrue(logged("SEVERE", FILE + ", field max.order.quantity: 'lots'") != null, log.toString());
        c.modified(deleted());
        assertEquals(RejectReason.RISK_HALTED, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
    }

    @Test
    void shouldPersistTheOperatorsKillSwitchAcrossARestart() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        f.component(home, file());
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        f.engine.engageKillSwitch("flox:kill");
        String saved = Files.readString(home.resolve("state/kill-switch"));
        assertTrue(saved.contains("engaged=true") && saved.contains("by=flox:kill"), saved);

        // a new host on the same home (a restart, or after SIGKILL: the file was written at flox:kill)
        log.clear();
        RiskComponent next = f.component(home, file());
        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "refused from the first order");
        String w = logged("WARNING", "kill switch ENGAGED since ");
        assertTrue(w != null && w.contains("(flox:kill)") && w.contains(": new orders refused; flox:unkill to release"), log.toString());
        assertTrue(next.statusFragment().startsWith("risk KILLED (by flox:kill since "), next.statusFragment());
        // a configuration saying kill.switch=false does not release (nor claim to release) the operator's switch
        next.modified(file("kill.switch", "false", "max.order.quantity", "5"));
        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertNull(logged("INFO", "released"), log.toString());

        f.engine.releaseKillSwitch("flox:unkill");
        assertTrue(Files.readString(home.resolve("state/kill-switch")).contains("engaged=false"));
        f.component(home, file());
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "released for good");
    }

    @Test
    void shouldTreatAnUnreadableKillSwitchFileAsEngaged() throws Exception {
        Files.createDirectories(home.resolve("state"));
        Files.writeString(home.resolve("state/kill-switch"), "engaged=maybe\n");
        RiskFixture f = new RiskFixture(RiskFixture.only());
        f.component(home, file());
        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertTrue(logged("WARNING", "is unreadable") != null, log.toString());
    }

    @Test
    void shouldWarnOnAnUnknownKeyOnARunningHostNamingFileKeyAndNearestKnownKey() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file());
        c.modified(file("max.postion", "0.0001"));
        assertTrue(logged("WARNING", FILE + ": unknown key max.postion (did you mean max.position?); ignored") != null, log.toString());
    }

    @Test
    void shouldStayHaltedAtStartWhenTheRiskFileHasAnUnknownKeyUntilItIsFixed() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.postion", "0.0001"));
        assertEquals(RejectReason.RISK_HALTED, f.submit(STRATEGY, f.btc, Side.BUY, PX, ONE_BTC), "a typo must not start trading on max.position 1000");
        String w = logged("WARNING", "risk HALTED, new orders refused: risk configuration with unknown keys: ");
        assertTrue(w != null && w.contains(FILE + ": unknown key max.postion (did you mean max.position?)")
                && w.contains("flox:risk accept-defaults"), log.toString());
        assertEquals("risk HALTED: new orders refused (risk configuration with unknown keys; see flox:risk)", c.statusFragment());
        assertTrue(f.engine.describe().contains("unknown key max.postion (did you mean max.position?)"), f.engine.describe());

        c.modified(file("max.position", "0.0001"));
        assertEquals(RejectReason.MAX_POSITION, f.submit(STRATEGY, f.btc, Side.BUY, PX, ONE_BTC), "the fixed file confirms, with its value");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 10));
    }

    @Test
    void shouldTradeOnTheValuesInForceWhenTheOperatorAcceptsAFileWithAnUnknownKey() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.postion", "0.0001", "max.order.quantity", "5"));
        assertEquals(RejectReason.RISK_HALTED, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertTrue(c.acceptDefaults().startsWith("risk limits confirmed by the operator"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 6 * ONE_BTC), "the file's known keys are in force");
    }

    @Test
    void shouldRefuseAPerSymbolListNamingAnUnknownSymbolKeepingTheLastGoodList() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.position.per.symbol", "SIM:BTCUSDT=1"));
        c.modified(file("max.position.per.symbol", "SIM:BTCUSDT=0.0001, sim:ethusdt=0.001"));
        assertEquals(Map.of("SIM:BTCUSDT", DecimalLimit.parse("1")), f.engine.settings().maxPositionBySymbol, "the last good list");
        String e = logged("SEVERE", FILE + ", field max.position.per.symbol: entry 'sim:ethusdt=0.001' names sim:ethusdt, which is not a registered symbol");
        assertTrue(e != null && e.contains("did you mean SIM:ETHUSDT?") && e.contains("the whole list is refused"), log.toString());
    }

    @Test
    void shouldApplyARefusedPerSymbolListOnceItsSymbolIsRegistered() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.position.per.symbol", "SIM:BTCUSDT=1"));
        c.modified(file("max.position.per.symbol", "SIM:BTCUSDT=2, SIM:SOLUSDT=3"));
        assertEquals(Map.of("SIM:BTCUSDT", DecimalLimit.parse("1")), f.engine.settings().maxPositionBySymbol, "refused while SOLUSDT is unknown");
        c.tick();
        assertEquals(Map.of("SIM:BTCUSDT", DecimalLimit.parse("1")), f.engine.settings().maxPositionBySymbol);
        f.registry.register(SymbolInfo.builder("SIM", "SOLUSDT").priceScale(2).quantityScale(2).tickSizeScaled(1).lotSizeScaled(1).build());
        c.tick();
        assertEquals("3", f.engine.settings().maxPositionBySymbol.get("SIM:SOLUSDT").toString());
    }

    @Test
    void shouldStayHaltedUntilTheSymbolsOfAPerSymbolListAreRegistered() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.position.per.symbol", "SIM:SOLUSDT=2"));
        assertEquals(RejectReason.RISK_HALTED, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "unknown at start: refuse, never fall back to the default");
        assertTrue(f.engine.settings().maxPositionBySymbol.isEmpty(), "the refused list is not in force");
        String e = logged("SEVERE", "field max.position.per.symbol: entry 'SIM:SOLUSDT=2' names SIM:SOLUSDT");
        assertTrue(e != null && e.contains("(keeping none)"), log.toString());
        c.tick();
        assertEquals(RejectReason.RISK_HALTED, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        int sol = f.registry.register(SymbolInfo.builder("SIM", "SOLUSDT").priceScale(2).quantityScale(2).tickSizeScaled(1).lotSizeScaled(1).build());
        c.tick();
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.MAX_POSITION, f.submit(STRATEGY, sol, Side.BUY, 10_000, 201));
    }

    @Test
    void shouldKeepTheLastGoodValueOfAKeyRemovedFromTheRunningHostsFile() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.order.quantity", "5", "max.position", "10", "max.position.per.symbol", "SIM:BTCUSDT=2"));
        assertNull(logged("WARNING", "absent from"), "at start an absent key takes its default quietly: " + log);
        c.modified(file("max.order.notional", "500000")); // the other keys deleted from the file
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 6 * ONE_BTC), "still 5, not the default 1000");
        assertEquals("10", f.engine.settings().maxPosition.toString());
        assertEquals(Map.of("SIM:BTCUSDT", DecimalLimit.parse("2")), f.engine.settings().maxPositionBySymbol);
        assertEquals("500000", f.engine.settings().maxOrderNotional.toString(), "the keys written apply");
        assertTrue(logged("WARNING", "max.order.quantity absent from " + FILE + ": keeping 5; write the value to change it") != null, log.toString());
        assertTrue(logged("WARNING", "max.position absent from " + FILE + ": keeping 10; write the value to change it") != null, log.toString());
        assertTrue(logged("WARNING", "max.position.per.symbol absent from " + FILE + ": keeping {SIM:BTCUSDT=2}") != null, log.toString());
        assertNull(logged("WARNING", "max.order.quantity.per.symbol absent"), "nothing kept that the default would not give: " + log);
    }

    @Test
    void shouldKeepTheFilesKillSwitchWhenItsKeyIsRemovedUntilTheFileSaysFalse() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("kill.switch", "true"));
        c.modified(file());
        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "released only when the file says false");
        assertTrue(logged("WARNING", "kill.switch absent from " + FILE + ": keeping true") != null, log.toString());
        c.modified(file("kill.switch", "false"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
    }

    @Test
    void shouldApplyButWarnWhenAnExplicitValueLoosensALimit() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        RiskComponent c = f.component(home, file("max.position", "10", "max.position.per.symbol", "SIM:BTCUSDT=2", "price.band.bps", "100",
                "refuse.market.without.reference", "true"));
        c.modified(file("max.position", "1000", "max.position.per.symbol", "", "price.band.bps", "0", "refuse.market.without.reference", "false",
                "max.order.quantity", "5"));
        assertEquals("1000", f.engine.settings().maxPosition.toString(), "the operator's choice is applied");
        assertTrue(f.engine.settings().maxPositionBySymbol.isEmpty());
        assertTrue(logged("WARNING", "risk limit LOOSENED by " + FILE + ": max.position 10 -> 1000") != null, log.toString());
        assertTrue(logged("WARNING", "risk limit LOOSENED by " + FILE + ": max.position.per.symbol SIM:BTCUSDT 2 -> 1000 (no entry") != null,
                log.toString());
        assertTrue(logged("WARNING", "risk limit LOOSENED by " + FILE + ": price.band.bps 100 -> off") != null, log.toString());
        assertTrue(logged("WARNING", "risk limit LOOSENED by " + FILE + ": refuse.market.without.reference true -> false") != null, log.toString());
        assertNull(logged("WARNING", "max.order.quantity 1000 -> 5"), "a tightening is not a loosening: " + log);
    }
}
