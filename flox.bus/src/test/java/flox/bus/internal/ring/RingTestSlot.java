package flox.bus.internal.ring;

/** A ring slot for the ring's own tests (the buses' slots live in the delivery package). */
final class RingTestSlot extends BusSlot {
    int symbolId;
    long value;

    @Override
    public int symbolId() {
        return symbolId;
    }

    @Override
    public void copyFrom(BusSlot other) {
        RingTestSlot o = (RingTestSlot) other;
        kind = o.kind;
        symbolId = o.symbolId;
        value = o.value;
    }
}
