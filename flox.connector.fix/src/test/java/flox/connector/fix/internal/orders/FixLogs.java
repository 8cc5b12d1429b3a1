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
public final class FixLogs {
    static final Path DIR = Path.of(System.getProperty("flox.data.dir", "../testdata"), "fix", "fix-log-to-orchestra");

    private FixLogs() {
    }

    public static List<String> messages(String file, char delimiter) throws IOException {
        String text = new String(Files.readAllBytes(DIR.resolve(file)), StandardCharsets.ISO_8859_1);
        String d = Pattern.quote(String.valueOf(delimiter));
        Matcher m = Pattern.compile("8=FIX\\.4\\.4" + d + ".*?" + d + "10=\\d{3}" + d, Pattern.DOTALL).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group());
        return out;
    }

    /**
     * Whether a message's BodyLength (9) and CheckSum (10) are those of its bytes once its
     * {@code delimiter} is SOH again: what a session checks before it reads anything else.
     */
    public static boolean framed(String message, char delimiter) {
        byte[] b = soh(message, delimiter).getBytes(StandardCharsets.ISO_8859_1);
        int lengthStart = message.indexOf(delimiter + "9=") + 3;
        int bodyStart = message.indexOf(delimiter, lengthStart) + 1;
        int checksumAt = message.lastIndexOf(delimiter + "10=") + 1;
        int sum = 0;
        for (int i = 0; i < checksumAt; i++) sum += b[i] & 0xff;
        return Integer.parseInt(message.substring(lengthStart, bodyStart - 1)) == checksumAt - bodyStart
                && Integer.parseInt(message.substring(checksumAt + 3, checksumAt + 6)) == sum % 256;
    }

    /** {@code message} with SOH as its delimiter. */
    public static String soh(String message, char delimiter) {
        return message.replace(delimiter, '\u0001');
    }
}
