package flox.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The flox: shell commands (issue 11 item 15): a bad argument gets a Flox message, not Gogo's
 * coercion error; every command of every bundle has a description for Gogo's {@code help}.
 */
@Timeout(30)
class ShellCommandsTest {

    @Test
    void shouldRefuseAStrategyIdThatIsNotANumberWithAFloxMessage() throws Exception {
        StrategyCommands commands = new StrategyCommands(null); // a bad id never reaches the lifecycle
        assertEquals("flox:disable: 'mm' is not a strategy id (a whole number, as flox:strategies shows it); nothing changed",
                execute(commands, "disable", "flox:disable mm"));
        assertEquals("flox:enable: '1.5' is not a strategy id (a whole number, as flox:strategies shows it); nothing changed",
                execute(commands, "enable", "flox:enable 1.5"));
    }

    /** Source scan, so one test covers the commands of every bundle (core, risk, bus, samples). */
    @Test
    void shouldDescribeEveryShellCommandOfEveryBundle() throws IOException {
        Path root = repositoryRoot();
        Pattern function = Pattern.compile("\"osgi\\.command\\.function=(\\w+)\"");
        List<String> missing = new ArrayList<>();
        int described = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))::iterator) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (!text.contains("osgi.command.scope=flox")) continue;
                Matcher m = function.matcher(text);
                while (m.find()) {
                    Matcher method = Pattern.compile("(?m)^(.*)\\R\\s*public (?:synchronized )?\\w+ " + m.group(1) + "\\(").matcher(text);
                    int found = 0;
                    while (method.find()) {
                        found++;
                        if (method.group(1).strip().startsWith("@Descriptor(")) described++;
                        else missing.add(f.getFileName() + ": " + m.group(1));
                    }
                    if (found == 0) missing.add(f.getFileName() + ": " + m.group(1) + " (no public method found)");
                }
            }
        }
        assertTrue(missing.isEmpty(), "commands without @Descriptor: " + missing);
        assertTrue(described >= 18, "found the commands: " + described);
    }

    private static Object execute(Object commands, String function, String line) throws Exception {
        CommandProcessorImpl processor = new CommandProcessorImpl();
        processor.addCommand("flox", commands, function);
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream())) {
            return session.execute(line);
        } finally {
            processor.stop();
        }
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("flox")) && Files.isRegularFile(p.resolve("mvnw"))) return p;
        }
        throw new AssertionError("the repository root not found above " + Path.of("").toAbsolutePath());
    }
}
