package flox.binance.fake;

/**
 * How the fake plays its recording: {@link #asFastAsRead()}, {@link #original(double)} (the
 * recorded gaps divided by {@code speed}) or {@link #testControlled()} (frames go out only as the
 * test releases them: {@link FakeBinance#release}, {@link FakeBinance#releaseUntil}).
 */
public record Pacing(Mode mode, double speed) {
    public enum Mode { AS_FAST_AS_READ, ORIGINAL, TEST_CONTROLLED }

    public Pacing {
        if (mode == Mode.ORIGINAL && !(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, not " + speed);
        }
    }

    public static Pacing asFastAsRead() { return new Pacing(Mode.AS_FAST_AS_READ, 0); }
    public static Pacing original(double speed) { return new Pacing(Mode.ORIGINAL, speed); }
    public static Pacing testControlled() { return new Pacing(Mode.TEST_CONTROLLED, 0); }
}
