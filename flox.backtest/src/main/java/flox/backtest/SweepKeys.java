package flox.backtest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The keys {@code ./flox backtest --set KEY=V1,V2} may sweep: the tunables of the sample strategies,
 * read from the metatype bnd generated into the samples bundle (OSGI-INF/metatype of its jar), so
 * they are the keys the strategies read and nothing else. A key is {@code KIND.key} (KIND: the
 * factory pid after {@code flox.strategy.}, e.g. {@code marketmaker.spread.ticks}) or a bare key
 * that only one strategy kind has ({@code spread.ticks}). {@code symbol} and {@code strategy.id}
 * identify an instance and are not swept. Values are checked against the attribute's type and
 * bounds (decimals: a plain decimal number). {@code main}: run by ./flox backtest before anything
 * starts; prints {@code PID TAB KEY} or exits 2 naming the key and listing the known ones. Cold.
 */
public final class SweepKeys {
    static final String PREFIX = "flox.strategy.";
    private static final List<String> IDENTITY = List.of("symbol", "strategy.id");

    /** An attribute of a strategy's configuration. */
    record Attribute(String pid, String key, String type, String min, String max) {
    }

    /** pid -> key -> attribute, in the metatype's order. */
    final Map<String, Map<String, Attribute>> pids = new LinkedHashMap<>();

    /** The sample strategies' metatype in {@code bundleJar}. */
    static SweepKeys of(Path bundleJar) throws IOException {
        SweepKeys k = new SweepKeys();
        try (ZipFile zip = new ZipFile(bundleJar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().startsWith("OSGI-INF/metatype/") || !e.getName().endsWith(".xml")) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    k.read(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in));
                } catch (Exception x) {
                    throw new IOException(bundleJar + "!" + e.getName() + ": unreadable metatype (" + x.getMessage() + ")", x);
                }
            }
        }
        if (k.pids.isEmpty()) throw new IOException(bundleJar + " has no sample strategy metatype (factory pids " + PREFIX + "*): is it the samples bundle?");
        return k;
    }

    private void read(Document doc) {
        NodeList designates = doc.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element d = (Element) designates.item(i);
            String pid = d.getAttribute("factoryPid");
            if (!pid.startsWith(PREFIX)) continue;
            String ocd = ((Element) d.getElementsByTagName("Object").item(0)).getAttribute("ocdref");
            NodeList ocds = doc.getElementsByTagName("OCD");
            for (int j = 0; j < ocds.getLength(); j++) {
                Element o = (Element) ocds.item(j);
                if (!o.getAttribute("id").equals(ocd)) continue;
                NodeList ads = o.getElementsByTagName("AD");
                Map<String, Attribute> keys = pids.computeIfAbsent(pid, p -> new LinkedHashMap<>());
                for (int a = 0; a < ads.getLength(); a++) {
                    Element ad = (Element) ads.item(a);
                    String key = ad.getAttribute("id");
                    if (IDENTITY.contains(key)) continue;
                    keys.put(key, new Attribute(pid, key, ad.getAttribute("type"), ad.getAttribute("min"), ad.getAttribute("max")));
                }
            }
        }
    }

    /** Every key a sweep takes, as {@code KIND.key}, sorted. */
    List<String> known() {
        TreeSet<String> all = new TreeSet<>();
        pids.forEach((pid, keys) -> keys.keySet().forEach(k -> all.add(pid.substring(PREFIX.length()) + "." + k)));
        return new ArrayList<>(all);
    }

    /** The attribute {@code key} names; an IllegalArgumentException names the key and lists the known ones. */
    Attribute resolve(String key) {
        List<Attribute> found = new ArrayList<>();
        pids.forEach((pid, keys) -> {
            String kind = pid.substring(PREFIX.length()) + ".";
            if (key.startsWith(kind) && keys.containsKey(key.substring(kind.length()))) found.add(keys.get(key.substring(kind.length())));
            else if (keys.containsKey(key)) found.add(keys.get(key));
        });
        if (found.size() == 1) return found.get(0);
        if (found.isEmpty()) {
            String why = IDENTITY.stream().anyMatch(key::endsWith) ? " (symbol and strategy.id identify an instance: not swept)" : "";
            throw new IllegalArgumentException("--set: unknown key '" + key + "'" + why + "; the sample strategies' keys are: " + String.join(", ", known()));
        }
        List<String> which = new ArrayList<>();
        for (Attribute a : found) which.add(a.pid().substring(PREFIX.length()) + "." + a.key());
        throw new IllegalArgumentException("--set: '" + key + "' is a key of several strategies: name one of " + String.join(", ", which));
    }

    /** Refuses a value that the strategy would refuse (and replace by its default): the type and bounds of the metatype. */
    static void check(Attribute a, String value) {
        String where = "--set " + a.pid().substring(PREFIX.length()) + "." + a.key() + ": value '" + value + "'";
        switch (a.type()) {
            case "Long", "Integer" -> {
                long v;
                try {
                    v = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + " is not a whole number");
                }
                if ((!a.min().isEmpty() && v < Long.parseLong(a.min())) || (!a.max().isEmpty() && v > Long.parseLong(a.max()))) {
                    throw new IllegalArgumentException(where + " is outside [" + a.min() + ", " + a.max() + "]");
                }
            }
            case "String" -> {
                if (!value.matches("-?[0-9]+(\\.[0-9]+)?")) throw new IllegalArgumentException(where + " is not a decimal number such as 0.5");
            }
            default -> {
                if (value.isEmpty()) throw new IllegalArgumentException(where + " is empty");
            }
        }
    }

    /** {@code SweepKeys BUNDLE_JAR KEY V1,V2,...}: prints {@code PID TAB KEY}, or exits 2 with the reason. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("flox: usage: SweepKeys BUNDLE_JAR KEY V1,V2,...");
            System.exit(2);
        }
        try {
            SweepKeys keys = of(Paths.get(args[0]));
            Attribute a = keys.resolve(args[1]);
            String[] values = args[2].split(",", -1);
            for (String v : values) check(a, v);
            System.out.println(a.pid() + "\t" + a.key());
        } catch (IllegalArgumentException e) {
            System.err.println("flox: " + e.getMessage());
            System.exit(2);
        }
    }
}
