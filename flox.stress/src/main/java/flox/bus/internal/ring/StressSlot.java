package flox.bus.internal.ring;

/**
 * A ring slot for the stress tests: an event is written as {@code a} then {@code b}, both set to
 * the same value, so a copy with {@code a != b} is torn.
 */
final class StressSlot extends BusSlot {
    long a;
    long b;

    @Override
    public int symbolId() {
        return 0;
    }

    @Override
    public void copyFrom(BusSlot other) {
        StressSlot o = (StressSlot) other;
        a = o.a;
        b = o.b;
    }

    static StressSlot[] ring(int size) {
        StressSlot[] slots = new StressSlot[size];
        for (int i = 0; i < size; i++) slots[i] = new StressSlot();
        return slots;
    }
}
