package flox.bus.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        for (int i = 0; i < 20; i++) last = p.afterTurn(StreamPause.BATCH - 1, true); // dense, short of the target
        assertEquals(StreamPause.MAX_SPINS, last);
    }

    @Test
    void shouldEndTheStreamWhenAPauseGathersTooFewEvents() {
        StreamPause p = new StreamPause(LIMIT);
        p.afterTurn(1, true);
        int paused = p.afterTurn(1, true); // a hiccup: two turns in a row found events
        assertEquals(2 * StreamPause.START_SPINS, paused);
        assertEquals(0, p.afterTurn(paused / StreamPause.SPINS_PER_EVENT - 1, true), "fewer than one event per 16 spins paused");
        assertEquals(0, p.afterTurn(1, true), "a new stream needs two turns in a row again");
        assertEquals(2 * StreamPause.START_SPINS, p.afterTurn(1, true));
    }

    @Test
    void shouldNotLetItsOwnPausesKeepAPacedFeedPaused() {
        // a 1 M ev/s feed: each pause of 3.2 us gathers about 3 events, so every turn finds some;
        // the pause must not sustain (and lengthen) itself on them
        StreamPause p = new StreamPause(LIMIT);
        int pauses = 0;
        for (int i = 0; i < 1_000; i++) {
            int spins = p.afterTurn(3, true);
            assertTrue(spins <= 2 * StreamPause.START_SPINS, "turn " + i + ": " + spins);
            if (spins > 0) pauses++;
        }
        assertTrue(pauses <= 500, pauses + " pauses in 1,000 turns");
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
