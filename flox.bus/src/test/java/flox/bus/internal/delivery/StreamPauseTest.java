package flox.bus.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When a subscriber agent pauses between turns to let a batch gather, and for how long. */
class StreamPauseTest {
    private static final int LIMIT = 256;

    @Test
    void shouldNeverPauseAPacedFeed() {
        StreamPause p = new StreamPause(LIMIT);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(0, p.afterTurn(1, true), "a turn with the event"); // a paced feed: one event, then an empty poll
            assertEquals(0, p.afterTurn(0, true), "the empty poll after it");
        }
    }

    @Test
    void shouldPauseFromTheSecondTurnInARowThatFoundEvents() {
        StreamPause p = new StreamPause(LIMIT);
        assertEquals(0, p.afterTurn(5, true));
        assertEquals(2 * StreamPause.START_SPINS, p.afterTurn(5, true)); // a short batch: longer at once
    }

    @Test
    void shouldLengthenThePauseWhileBatchesStayShortUpToItsBound() {
        StreamPause p = new StreamPause(LIMIT);
        p.afterTurn(1, true);
        int last = 0;
        for (int i = 0; i < 20; i++) last = p.afterTurn(1, true);
        assertEquals(StreamPause.MAX_SPINS, last);
    }

    @Test
    void shouldKeepThePauseWhenBatchesReachTheTargetAndShortenItAtTheTurnLimit() {
        StreamPause p = new StreamPause(LIMIT);
        p.afterTurn(1, true);
        int grown = p.afterTurn(1, true);
        assertEquals(grown, p.afterTurn(StreamPause.BATCH, true));
        assertEquals(grown / 2, p.afterTurn(LIMIT, true));
        for (int i = 0; i < 20; i++) p.afterTurn(LIMIT, true);
        assertEquals(StreamPause.MIN_SPINS, p.afterTurn(LIMIT, true));
    }

    @Test
    void shouldStartTheNextStreamShortAfterAnEmptyTurn() {
        StreamPause p = new StreamPause(LIMIT);
        p.afterTurn(1, true);
        for (int i = 0; i < 20; i++) p.afterTurn(1, true);
        assertEquals(0, p.afterTurn(0, true));
        assertEquals(0, p.afterTurn(1, true));
        assertEquals(2 * StreamPause.START_SPINS, p.afterTurn(1, true));
    }

    @Test
    void shouldNotPauseWhenTheBusHasMoreThreadsThanCores() {
        StreamPause p = new StreamPause(LIMIT);
        for (int i = 0; i < 10; i++) assertEquals(0, p.afterTurn(1, false));
    }
}
