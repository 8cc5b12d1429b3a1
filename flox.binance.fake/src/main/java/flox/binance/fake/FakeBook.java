package flox.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One symbol's book as the fake venue holds it: price to level, keeping the recorded decimal
 * strings so a snapshot is written back exactly as Binance wrote its levels. Loaded from a
 * recorded snapshot, then changed by each diff the fake plays, with the documented rule (a
 * quantity is absolute, 0 removes the price); {@code lastUpdateId} is the {@code u} of the last
 * diff applied.
 *
 * <p>Called by {@link FakeBinance} under its lock only. Allocates (a test tool, not a hot path).
 */
final class FakeBook {
    private final TreeMap<BigDecimal, String[]> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<BigDecimal, String[]> asks = new TreeMap<>();
    private long lastUpdateId = -1;

    /** Best first (highest bid); for {@link OrderApi}'s taker fills, under the fake's lock. */
    java.util.NavigableMap<BigDecimal, String[]> bids() {
        return bids;
    }

    /** Best first (lowest ask). */
    java.util.NavigableMap<BigDecimal, String[]> asks() {
        return asks;
    }

    boolean isLoaded() {
        return lastUpdateId >= 0;
    }

    long lastUpdateId() {
        return lastUpdateId;
    }

    void load(JsonNode snapshot) {
        bids.clear();
        asks.clear();
        put(bids, snapshot.get("bids"));
        put(asks, snapshot.get("asks"));
        lastUpdateId = snapshot.get("lastUpdateId").asLong();
    }

    void copyFrom(FakeBook other) {
        bids.clear();
        asks.clear();
        bids.putAll(other.bids);
        asks.putAll(other.asks);
        lastUpdateId = other.lastUpdateId;
    }

    /**
     * Applies a depthUpdate's data by the venue's rule: ignored when {@code u <= lastUpdateId}
     * (already in the book). Returns false when ignored.
     */
    boolean apply(JsonNode data) {
        long u = data.get("u").asLong();
        if (u <= lastUpdateId) {
            return false;
        }
        put(bids, data.get("b"));
        put(asks, data.get("a"));
        lastUpdateId = u;
        return true;
    }

    private static void put(TreeMap<BigDecimal, String[]> side, JsonNode levels) {
        for (JsonNode level : levels) {
            String price = level.get(0).asText();
            String qty = level.get(1).asText();
            BigDecimal p = new BigDecimal(price);
            if (new BigDecimal(qty).signum() == 0) {
                side.remove(p);
            } else {
                side.put(p, new String[] {price, qty});
            }
        }
    }

    /** The REST depth reply: {@code {"lastUpdateId":L,"bids":[[p,q],...],"asks":[...]}}, top {@code limit} levels a side. */
    String toJson(int limit) {
        StringBuilder sb = new StringBuilder(64 + 48 * Math.min(limit, bids.size() + asks.size()));
        sb.append("{\"lastUpdateId\":").append(lastUpdateId).append(",\"bids\":");
        levels(sb, bids, limit);
        sb.append(",\"asks\":");
        levels(sb, asks, limit);
        return sb.append('}').toString();
    }

    private static void levels(StringBuilder sb, TreeMap<BigDecimal, String[]> side, int limit) {
        sb.append('[');
        Iterator<Map.Entry<BigDecimal, String[]>> it = side.entrySet().iterator();
        for (int i = 0; i < limit && it.hasNext(); i++) {
            String[] l = it.next().getValue();
            if (i > 0) {
                sb.append(',');
            }
            sb.append("[\"").append(l[0]).append("\",\"").append(l[1]).append("\"]");
        }
        sb.append(']');
    }
}
