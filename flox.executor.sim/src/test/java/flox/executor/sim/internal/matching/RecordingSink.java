package flox.executor.sim.internal.matching;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps a copy of every report (allocates: for functional tests only). */
final class RecordingSink implements ExecutionSink {
    final List<ExecutionEvent> reports = new ArrayList<>();

    @Override
    public void onReport(ExecutionEvent report) {
        reports.add(new ExecutionEvent().copyFrom(report));
    }

    /** Reports received since the last call. */
    List<ExecutionEvent> drain() {
        List<ExecutionEvent> out = new ArrayList<>(reports);
        reports.clear();
        return out;
    }

    /** Every field of a report, for exact comparisons. */
    static String describe(ExecutionEvent e) {
        return e.execType() + " id=" + e.clientOrderId() + " orig=" + e.origClientOrderId() + " xid=" + e.exchangeOrderId()
                + " exec=" + e.execId() + " sym=" + e.symbolId() + ' ' + e.side() + " px=" + e.priceScaled() + " qty=" + e.quantityScaled()
                + " last=" + e.lastQuantityScaled() + '@' + e.lastPriceScaled() + " cum=" + e.cumulativeQuantityScaled()
                + " reason=" + e.reason() + " text=" + e.text() + " ts=" + e.exchangeTimestampNs() + '/' + e.receiveTimestampNs();
    }

    static long countOf(List<ExecutionEvent> reports, ExecType type) {
        return reports.stream().filter(e -> e.execType() == type).count();
    }
}
