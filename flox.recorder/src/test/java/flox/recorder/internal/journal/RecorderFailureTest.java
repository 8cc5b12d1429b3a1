package flox.recorder.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.EventKind;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A journal that cannot be written is refused or reported, never thrown at a bus. */
@Timeout(30)
class RecorderFailureTest {
    @TempDir
    Path tmp;

    private Recorder recorder(Path dir) throws Exception {
        return new Recorder(dir, 64 << 10, 1 << 30, 1 << 16, new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of()),
                JournalTestSupport.registry(), new JournalTestSupport.TestClock());
    }

    @Test
    void shouldRefuseToStartWhereTheDirectoryCannotBeCreatedNamingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Recorder r = recorder(file.resolve("journal"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, r::start);
        assertTrue(e.getMessage().startsWith(file.resolve("journal") + ": cannot open the journal"), e.getMessage());
    }

    @Test
    void shouldRefuseASecondWriterOnTheSameDirectory() throws Exception {
        Path dir = tmp.resolve("journal");
        Recorder first = recorder(dir);
        first.start();
        Recorder second = recorder(dir);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, second::start);
        assertTrue(e.getMessage().contains("another recorder writes this journal directory"), e.getMessage());
        first.stop(5_000);
        second.start(); // free again once the first has closed
        second.stop(5_000);
        assertEquals(List.of(0L, 1L), JournalWriter.segmentFiles(dir).stream().map(JournalFormat::segmentNumber).toList());
    }

    @Test
    void shouldReportAFailedRollAndCountWhatItCannotRecordAfterIt() throws Exception {
        Path dir = tmp.resolve("journal");
        Recorder r = recorder(dir);
        r.start();
        r.onTrade(JournalTestSupport.trade(0, 1));
        JournalTestSupport.await(() -> r.writer().events() == 1, "the first trade");
        // the mapping stays valid; the roll's truncate fails. The segment thread may rename its
        // prepared segment meanwhile (a listed name gone, a new one there): delete until empty
        for (int attempt = 0; ; attempt++) {
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            try {
                Files.delete(dir);
                break;
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                if (attempt == 100) throw e;
            }
        }
        Files.writeString(dir, "a file where the journal was");
        for (int i = 2; i < 2_000 && r.failure() == null; i++) {
            r.onTrade(JournalTestSupport.trade(0, i));
            while (r.ringBacklog() > 0 && r.failure() == null) Thread.onSpinWait();
        }
        JournalTestSupport.await(() -> r.failure() != null, "the writer's failure");
        assertTrue(r.failure().contains(dir.toString()), r.failure());
        JournalTestSupport.await(() -> !r.isRunning(), "the writer thread ended");
        long before = r.droppedFailed();
        r.onTrade(JournalTestSupport.trade(0, 9_999));
        assertEquals(before + 1, r.droppedFailed(), "counted, not thrown at the bus thread");
    }
}
