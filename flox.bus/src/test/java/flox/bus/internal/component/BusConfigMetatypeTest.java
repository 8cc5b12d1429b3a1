package flox.bus.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Probe for issue 13 item 9: the bnd-generated metatype is on the unit-test classpath. */
class BusConfigMetatypeTest {
    static final String METATYPE = "OSGI-INF/metatype/flox.bus.internal.component.BusConfig.xml";

    @Test
    void shouldFindTheGeneratedMetatypeOfBusConfigWithItsRingSizeDefaultAndMinimum() throws Exception {
        try (InputStream in = BusConfigMetatypeTest.class.getClassLoader().getResourceAsStream(METATYPE)) {
            assertNotNull(in, METATYPE + " is not on the test classpath");
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            NodeList ads = f.newDocumentBuilder().parse(in).getElementsByTagName("AD");
            Element ring = null;
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                if (ad.getAttribute("id").equals("ring.size")) {
                    ring = ad;
                }
            }
            assertNotNull(ring, "no AD ring.size in " + METATYPE);
            assertEquals("4096", ring.getAttribute("default"));
            assertEquals("64", ring.getAttribute("min"));
        }
    }
}
