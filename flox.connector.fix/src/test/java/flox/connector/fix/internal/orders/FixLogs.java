package flox.connector.fix.internal.orders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The FIX 4.4 logs of testdata/fix (FIXTradingCommunity/fix-log-to-orchestra, see
 * testdata/README.md) as messages: every {@code 8=FIX.4.4} to its CheckSum field, whatever the
 * log's line prefix and delimiter (SOH, ';' or '|'). Test support; allocates freely.
 */
final class FixLogs {
    static final Path DIR = Path.of(System.getProperty("flox.data.dir", "../testdata"), "fix", "fix-log-to-orchestra");

    private FixLogs() {
    }

    static List<String> messages(String file, char delimiter) throws IOException {
        String text = new String(Files.readAllBytes(DIR.resolve(file)), StandardCharsets.ISO_8859_1);
        String d = Pattern.quote(String.valueOf(delimiter));
        Matcher m = Pattern.compile("8=FIX\\.4\\.4" + d + ".*?" + d + "10=\\d{3}" + d, Pattern.DOTALL).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group());
        return out;
    }
}
