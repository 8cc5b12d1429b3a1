package flox.testing;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/** The kit ships every file of the default run's configuration (bndrun/etc), and only those. */
public class DefaultEtcTest {
    @Test
    public void shouldListEveryFileOfTheDefaultRunsEtc() throws IOException {
        Path etc = Path.of(System.getProperty(FloxHost.REACTOR_PROPERTY), "bndrun", "etc");
        List<String> files;
        try (Stream<Path> s = Files.list(etc)) {
            files = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(files, FloxHost.DEFAULT_ETC.stream().sorted().collect(Collectors.toList()));
    }
}
