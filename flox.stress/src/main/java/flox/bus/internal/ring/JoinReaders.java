package flox.bus.internal.ring;

/**
 * The readers' side of the join tests ({@link RingJoinDuringClaimsStress},
 * {@link OneToManyJoinDuringPublishStress}), run on one actor: after the joiner joined, the
 * existing reader runs ahead as far as it can before the joiner reads one event, until both have
 * read every event. Test support; allocates.
 */
final class JoinReaders {
    /** A required reader of one ring, reading in place one sequence at a time: its position and next sequence. */
    abstract static class Reader {
        final BroadcastRing.RingReader reader;
        long next;

        Reader(BroadcastRing.RingReader reader, long first) {
            this.reader = reader;
            this.next = first;
        }

        abstract boolean ready();

        /** The slot of the next sequence already holds a later one (where the ring can tell before reading). */
        boolean overrun() {
            return false;
        }

        /** Waits for the next sequence, reads and checks it, moves past it: null, or what went wrong. */
        abstract String readOne();

        /** Moves the reader's position past the sequence it has read whole. */
        final void passed() {
            reader.position.setRelease(next);
            next++;
        }
    }

    private JoinReaders() {
    }

    /** Reads both to {@code events}: the outcome ("all N, joiner read M") or what went wrong. */
    static String readBoth(Reader existing, Reader joiner, long first, int events) {
        Spin spin = new Spin();
        String problem;
        while (existing.next < events || joiner.next < events) {
            boolean progress = false;
            while (existing.next < events && existing.ready()) {
                if ((problem = existing.readOne()) != null) return "existing: " + problem;
                progress = true;
            }
            if (joiner.next < events) {
                if (joiner.overrun()) return "joiner OVERRUN at " + joiner.next + " before read (joined at " + first + ")";
                if (joiner.ready()) {
                    if ((problem = joiner.readOne()) != null) return "joiner: " + problem + " (joined at " + first + ")";
                    progress = true;
                }
            }
            if (progress) {
                spin.reset();
            } else if (!spin.pause()) {
                return "STUCK: existing at " + existing.next + ", joiner at " + joiner.next;
            }
        }
        return "all " + events + ", joiner read " + (events - first);
    }
}
