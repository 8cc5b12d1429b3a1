package flox.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Values of private configuration properties never reach the log through the OSGi log bridge. */
class JulLogServiceMaskTest {
    @Test
    void shouldMaskThePrivatePropertiesOfAConfigurationAdminUpdate() {
        String m = JulLogService.maskPrivateProperties(
                "update(properties={venue.name=BINANCE, .api.key=file:/home/u/key, .api.secret=Zq9+/pasted==, service.pid=flox.binance})");
        assertEquals("update(properties={venue.name=BINANCE, .api.key=(private; not shown), .api.secret=(private; not shown), service.pid=flox.binance})", m);
    }

    @Test
    void shouldMaskAPrivatePropertyAtTheEndOrAloneAndLeaveOtherTextAlone() {
        assertEquals("{.secret=(private; not shown)}", JulLogService.maskPrivateProperties("{.secret=abc def}"));
        assertEquals(".secret=(private; not shown)", JulLogService.maskPrivateProperties(".secret=abc"));
        assertEquals("loaded etc/flox.risk.cfg: max.position=10", JulLogService.maskPrivateProperties("loaded etc/flox.risk.cfg: max.position=10"));
        assertFalse(JulLogService.maskPrivateProperties("props {a=1, .k=s3cr3t with spaces, b=2}").contains("s3cr3t"));
    }
}
