package flox.risk.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands {@code flox:risk} (limits, kill switch, refusals per limit, positions and their
 * share of the max, orders per strategy in the last second), {@code flox:kill} (engage the kill
 * switch: refuse new orders, cancel everything open, report what stayed open) and
 * {@code flox:unkill} and {@code flox:risk accept-defaults} (see {@link RiskComponent}). Each returns its text, which the shell prints. Cold path; allocates;
 * {@code flox:kill} blocks up to kill.cancel.rounds x kill.cancel.interval.ms.
 */
@Component(service = RiskCommands.class, property = {
        "osgi.command.scope=flox",
        "osgi.command.function=risk",
        "osgi.command.function=kill",
        "osgi.command.function=unkill"})
public final class RiskCommands {
    private final RiskEngine engine;
    private final RiskComponent risk;

    @Activate
    public RiskCommands(@Reference RiskComponent risk) {
        this.risk = risk;
        this.engine = risk.engine();
    }

    /** flox:risk */
    @Descriptor("limits per symbol, kill switch, refusals per limit, positions and their share of max.position, orders per strategy")
    public String risk() {
        return engine.describe();
    }

    /** flox:risk accept-defaults: trade on the limits in force although no risk configuration was confirmed. */
    @Descriptor("flox:risk accept-defaults: confirm the limits in force (shown by flox:risk) when the host halted for want of a risk configuration")
    public String risk(@Descriptor("accept-defaults") String action) {
        if ("accept-defaults".equals(action)) return risk.acceptDefaults();
        return "unknown flox:risk argument '" + action + "': flox:risk shows the limits; flox:risk accept-defaults confirms the limits in force "
                + "when the host halted for want of a risk configuration";
    }

    /** flox:kill */
    @Descriptor("engage the kill switch: refuse every new order, cancel everything open, report what stayed open")
    public String kill() {
        String report = engine.engageKillSwitch("flox:kill");
        RiskEngine.LOG.log(System.Logger.Level.WARNING, report);
        return report;
    }

    /** flox:unkill */
    @Descriptor("release the kill switch: accept orders again")
    public String unkill() {
        String report = engine.releaseKillSwitch("flox:unkill");
        RiskEngine.LOG.log(System.Logger.Level.WARNING, report);
        return report;
    }
}
