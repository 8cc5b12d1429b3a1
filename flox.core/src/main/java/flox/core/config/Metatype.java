package flox.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A component's configuration schema as bnd generated it from its {@code @ObjectClassDefinition}
 * ({@code OSGI-INF/metatype/<class>.xml} in the bundle, and on the unit-test classpath of a
 * bundle that copies it there): each key's type, default, range and options, written once, in
 * the annotation. Reads {@link ConfigReader} properties against it: a value out of range or not
 * among the options is refused naming file and field, and the fallback (the last good value) kept.
 *
 * <p>Immutable after loading; thread-safe. Cold path: allocates.
 */
public final class Metatype {
    /** One attribute: its type and what the annotation says of it; min, max and default may be null. */
    public record Attribute(String id, String type, String defaultValue, String min, String max, List<String> options) {
    }

    private final String ocd;
    private final Map<String, Attribute> attributes;

    private Metatype(String ocd, Map<String, Attribute> attributes) {
        this.ocd = ocd;
        this.attributes = attributes;
    }

    /**
     * The schema of {@code annotation} (an {@code @ObjectClassDefinition} type), from its class
     * loader.
     *
     * @throws IllegalStateException when the generated XML is missing or unreadable: a build error
     */
    public static Metatype of(Class<?> annotation) {
        String path = "OSGI-INF/metatype/" + annotation.getName() + ".xml";
        try (InputStream in = annotation.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path + " is not on the class path of " + annotation.getName() + " (bnd generates it)");
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            try {
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // the bundle's own file, but still no DTDs
            } catch (ParserConfigurationException unsupported) {
                // another parser implementation: the file is bnd's output from this bundle, not outside input
            }
            NodeList ads = f.newDocumentBuilder().parse(in).getElementsByTagName("AD");
            Map<String, Attribute> out = new LinkedHashMap<>();
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                List<String> options = new ArrayList<>();
                NodeList os = ad.getElementsByTagName("Option");
                for (int j = 0; j < os.getLength(); j++) options.add(((Element) os.item(j)).getAttribute("value"));
                out.put(ad.getAttribute("id"), new Attribute(ad.getAttribute("id"), ad.getAttribute("type"), attr(ad, "default"), attr(ad, "min"),
                        attr(ad, "max"), Collections.unmodifiableList(options)));
            }
            return new Metatype(annotation.getName(), Collections.unmodifiableMap(out));
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(path + " cannot be read: " + e, e);
        }
    }

    private static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    public Attribute attribute(String key) {
        Attribute a = attributes.get(key);
        if (a == null) throw new IllegalArgumentException(ocd + " has no attribute " + key);
        return a;
    }

    /** The annotation's default of a whole-number attribute. */
    public long defaultLong(String key) {
        return Long.parseLong(attribute(key).defaultValue());
    }

    /** The annotation's default of a true/false attribute. */
    public boolean defaultBoolean(String key) {
        return Boolean.parseBoolean(attribute(key).defaultValue());
    }

    /** The annotation's default of a text attribute. */
    public String defaultString(String key) {
        return attribute(key).defaultValue();
    }

    /** A whole number within the attribute's min and max; {@code fallback} kept (and the error recorded) otherwise. */
    public long longValue(ConfigReader config, String key, long fallback) {
        Attribute a = attribute(key);
        long min = a.min() == null ? Long.MIN_VALUE : Long.parseLong(a.min());
        long max = a.max() == null ? Long.MAX_VALUE : Long.parseLong(a.max());
        return config.longValue(key, fallback, min, max);
    }

    /** One of the attribute's options (any case; returned as the option is written); {@code fallback} kept otherwise. */
    public String optionValue(ConfigReader config, String key, String fallback) {
        Attribute a = attribute(key);
        String v = config.stringValue(key, fallback);
        for (String o : a.options()) if (o.equalsIgnoreCase(v)) return o;
        config.reject(key, "'" + v + "' is not one of " + String.join(", ", a.options()), fallback);
        return fallback;
    }

    /** Lower-case option text for an enum constant name (BUSY_SPIN: busy-spin), as the metatype writes options. */
    public static String option(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
