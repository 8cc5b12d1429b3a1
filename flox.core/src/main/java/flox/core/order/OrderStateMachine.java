package flox.core.order;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.TrackerResult;

/**
 * The order state machine: one method per host-side update and per venue report type. Each
 * works on slots the caller has LOCKED, writes them only when it returns
 * {@link TrackerResult#APPLIED}, and neither counts nor publishes (the tracker does). Stateless;
 * no allocation.
 *
 * <p>{@code NEW -> PENDING_NEW -> ACCEPTED -> PARTIALLY_FILLED -> FILLED}, with
 * {@code PENDING_CANCEL -> CANCELED}, {@code PENDING_REPLACE -> REPLACED}, {@code REJECTED},
 * {@code EXPIRED}. A pending cancel/replace remembers the status to resume
 * ({@code resumeStatus}) if the venue refuses it. Cumulative quantity is the source of truth for
 * fills, so replayed reports are idempotent.
 */
final class OrderStateMachine {
    private OrderStateMachine() {
    }

    static boolean isLiveAtVenue(OrderStatus st) {
        return st == OrderStatus.PENDING_NEW || st == OrderStatus.ACCEPTED || st == OrderStatus.PARTIALLY_FILLED
                || st == OrderStatus.PENDING_CANCEL || st == OrderStatus.PENDING_REPLACE;
    }

    // ------------------------------------------------------------------ host-side updates

    /** NEW -> PENDING_NEW: handed to the venue. */
    static TrackerResult submitted(OrderSlot s) {
        switch (s.status) {
            case NEW:
                s.status = OrderStatus.PENDING_NEW;
                s.resumeStatus = OrderStatus.PENDING_NEW;
                return TrackerResult.APPLIED;
            case PENDING_NEW:
                return TrackerResult.DUPLICATE;
            case REJECTED:
                return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
            default: // the venue's answer overtook our own bookkeeping
                return TrackerResult.STALE;
        }
    }

    /** A local refusal before or at sending: NEW | PENDING_NEW -> REJECTED. */
    static TrackerResult rejectedLocally(OrderSlot s, RejectReason reason) {
        if (s.status == OrderStatus.NEW || s.status == OrderStatus.PENDING_NEW) {
            s.status = OrderStatus.REJECTED;
            s.lastReason = reason == null ? RejectReason.OTHER : reason;
            return TrackerResult.APPLIED;
        }
        return s.status == OrderStatus.REJECTED ? TrackerResult.DUPLICATE : TrackerResult.REFUSED_ILLEGAL_TRANSITION;
    }

    /** A cancel was sent: a live order -> PENDING_CANCEL. */
    static TrackerResult cancelRequested(OrderSlot s) {
        switch (s.status) {
            case PENDING_NEW:
            case ACCEPTED:
            case PARTIALLY_FILLED:
                s.resumeStatus = s.status;
                s.status = OrderStatus.PENDING_CANCEL;
                return TrackerResult.APPLIED;
            case PENDING_CANCEL:
                return TrackerResult.DUPLICATE;
            default:
                return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
        }
    }

    /** Whether {@code old} may be replaced by an order of {@code newQuantityScaled}: APPLIED if so; changes nothing. */
    static TrackerResult mayReplace(OrderSlot old, long newQuantityScaled) {
        if (old.status != OrderStatus.ACCEPTED && old.status != OrderStatus.PARTIALLY_FILLED) {
            return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
        }
        return newQuantityScaled < old.filledQuantityScaled ? TrackerResult.REFUSED_OVERFILL : TrackerResult.APPLIED;
    }

    /** Fills the claimed slot {@code n} as the PENDING_REPLACE successor of {@code old}. */
    static void startReplacement(OrderSlot n, OrderSlot old, long newId, long newPriceScaled, long newQuantityScaled, long nowNs) {
        n.clientOrderId = newId;
        n.origClientOrderId = old.clientOrderId;
        n.exchangeOrderId = old.exchangeOrderId;
        n.symbolId = old.symbolId;
        n.strategyId = old.strategyId;
        n.side = old.side;
        n.orderType = old.orderType;
        n.timeInForce = old.timeInForce;
        n.status = OrderStatus.PENDING_REPLACE;
        n.resumeStatus = OrderStatus.PENDING_REPLACE;
        n.lastReason = RejectReason.NONE;
        n.priceScaled = newPriceScaled;
        n.stopPriceScaled = old.stopPriceScaled;
        n.quantityScaled = newQuantityScaled;
        n.filledQuantityScaled = old.filledQuantityScaled;
        n.lastFillPriceScaled = old.lastFillPriceScaled;
        n.lastExecId = 0;
        n.createdNs = nowNs;
        n.updatedNs = nowNs;
        n.updateCount = -1; // unlockChanged makes it 0
    }

    /** The original of a replace sent (its successor is tracked): -> PENDING_REPLACE. */
    static void replaceRequested(OrderSlot old) {
        old.resumeStatus = old.status;
        old.status = OrderStatus.PENDING_REPLACE;
        old.lastReason = RejectReason.NONE;
    }

    // ------------------------------------------------------------------ venue reports on one order

    /** Reports that concern one order (not REPLACED / REPLACE_REJECTED), by type. */
    static TrackerResult report(OrderSlot s, ExecutionEvent e) {
        switch (e.execType()) {
            case ACCEPTED:
                return accepted(s, e);
            case PARTIALLY_FILLED:
            case FILLED:
                return fill(s, e);
            case REJECTED:
                return rejectedByVenue(s, e);
            case PENDING_CANCEL:
                return pendingCancel(s);
            case CANCELED:
                return ended(s, OrderStatus.CANCELED, e);
            case EXPIRED:
                return ended(s, OrderStatus.EXPIRED, e);
            case CANCEL_REJECTED:
                return cancelRejected(s, e);
            case PENDING_REPLACE:
                return pendingReplace(s);
            case RESTATED:
                return restated(s, e);
            default:
                return TrackerResult.REFUSED_INVALID;
        }
    }

    static TrackerResult accepted(OrderSlot s, ExecutionEvent e) {
        OrderStatus st = s.status;
        if (st == OrderStatus.PENDING_NEW) {
            s.status = OrderStatus.ACCEPTED;
            s.resumeStatus = OrderStatus.ACCEPTED;
            if (e.exchangeOrderId() != 0) s.exchangeOrderId = e.exchangeOrderId();
            return TrackerResult.APPLIED;
        }
        if (st == OrderStatus.ACCEPTED) return TrackerResult.DUPLICATE;
        if (st == OrderStatus.PENDING_CANCEL && s.resumeStatus == OrderStatus.PENDING_NEW) {
            // the cancel went out before the ack: still pending cancel, but a cancel reject must
            // resume an accepted order with its exchange id. (A pending replace always follows an
            // ack, so it never resumes PENDING_NEW.)
            s.resumeStatus = OrderStatus.ACCEPTED;
            if (e.exchangeOrderId() != 0) s.exchangeOrderId = e.exchangeOrderId();
            return TrackerResult.APPLIED;
        }
        if (st == OrderStatus.NEW || st == OrderStatus.REJECTED) return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
        return TrackerResult.STALE; // an ack overtaken by fills, cancels or expiry
    }

    /** PARTIALLY_FILLED / FILLED; cumulative quantity is the source of truth. */
    static TrackerResult fill(OrderSlot s, ExecutionEvent e) {
        long cum = e.cumulativeQuantityScaled();
        if (cum <= 0 || e.lastQuantityScaled() < 0) {
            return TrackerResult.REFUSED_INVALID;
        }
        if (e.execType() == ExecType.FILLED && cum != s.quantityScaled && cum <= s.quantityScaled) {
            return TrackerResult.REFUSED_INVALID; // "filled" must mean nothing leaves
        }
        OrderStatus st = s.status;
        if (!isLiveAtVenue(st)) {
            if (st.isTerminal() && cum <= s.filledQuantityScaled) {
                return cum == s.filledQuantityScaled ? TrackerResult.DUPLICATE : TrackerResult.STALE;
            }
            return TrackerResult.REFUSED_ILLEGAL_TRANSITION; // fill on NEW or after a terminal state
        }
        if (cum > s.quantityScaled) return TrackerResult.REFUSED_OVERFILL;
        if (cum < s.filledQuantityScaled) return TrackerResult.STALE;
        if (cum == s.filledQuantityScaled) return TrackerResult.DUPLICATE;
        s.filledQuantityScaled = cum;
        s.lastFillPriceScaled = e.lastPriceScaled();
        if (cum == s.quantityScaled) {
            s.status = OrderStatus.FILLED;
        } else if (st == OrderStatus.PENDING_CANCEL || st == OrderStatus.PENDING_REPLACE) {
            s.resumeStatus = OrderStatus.PARTIALLY_FILLED; // stays pending
        } else {
            s.status = OrderStatus.PARTIALLY_FILLED;
            s.resumeStatus = OrderStatus.PARTIALLY_FILLED;
        }
        return TrackerResult.APPLIED;
    }

    /**
     * The venue rejects the order; also an unacknowledged order whose cancel is pending (the venue
     * rejects the order itself, and then most likely the cancel of an order it does not know).
     */
    static TrackerResult rejectedByVenue(OrderSlot s, ExecutionEvent e) {
        OrderStatus st = s.status;
        if (st == OrderStatus.PENDING_NEW || (st == OrderStatus.PENDING_CANCEL && s.resumeStatus == OrderStatus.PENDING_NEW)) {
            s.status = OrderStatus.REJECTED;
            s.lastReason = e.reason() == RejectReason.NONE ? RejectReason.VENUE_REJECT : e.reason();
            return TrackerResult.APPLIED;
        }
        return st == OrderStatus.REJECTED ? TrackerResult.DUPLICATE : TrackerResult.REFUSED_ILLEGAL_TRANSITION;
    }

    /**
     * RESTATED: the venue's view, applied forward only. Fills the tracker missed are taken; an
     * end it missed (filled, canceled, expired, rejected) is taken; a live view of an order the
     * tracker still has pending at the venue makes it accepted or partially filled. A view
     * behind the tracked state is STALE; one contradicting a tracked end (canceled here, filled
     * there) is refused as an illegal transition, for a person to look at. Validated before
     * anything changes.
     */
    static TrackerResult restated(OrderSlot s, ExecutionEvent e) {
        OrderStatus venue = e.venueStatus();
        long cum = e.cumulativeQuantityScaled();
        if (venue == null || venue == OrderStatus.NEW || cum < 0) return TrackerResult.REFUSED_INVALID;
        if (cum > s.quantityScaled) return TrackerResult.REFUSED_OVERFILL;
        if (venue == OrderStatus.FILLED && cum != s.quantityScaled) return TrackerResult.REFUSED_INVALID;
        if (cum < s.filledQuantityScaled) return TrackerResult.STALE;
        OrderStatus st = s.status;
        OrderStatus next = st;
        if (venue.isTerminal()) {
            if (st.isTerminal()) {
                if (st != venue) return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
            } else if (st == OrderStatus.NEW) {
                return TrackerResult.REFUSED_ILLEGAL_TRANSITION; // never sent: the venue cannot know it
            } else {
                next = venue;
            }
        } else {
            if (st.isTerminal()) return TrackerResult.STALE; // it ended here: the view is older
            if (st == OrderStatus.NEW) return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
            if (st == OrderStatus.PENDING_NEW || st == OrderStatus.ACCEPTED || st == OrderStatus.PARTIALLY_FILLED) {
                next = cum > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
            } // pending cancel or replace: stays pending; the fill, if any, is taken below
        }
        if (next == st && cum == s.filledQuantityScaled) return TrackerResult.DUPLICATE;
        if (cum > s.filledQuantityScaled) {
            s.filledQuantityScaled = cum;
            if (e.lastPriceScaled() > 0) s.lastFillPriceScaled = e.lastPriceScaled();
        }
        if (next != st) {
            s.status = next;
            if (!next.isTerminal() && next != OrderStatus.PENDING_CANCEL && next != OrderStatus.PENDING_REPLACE) s.resumeStatus = next;
        } else if (st == OrderStatus.PENDING_CANCEL || st == OrderStatus.PENDING_REPLACE) {
            if (cum > 0) s.resumeStatus = OrderStatus.PARTIALLY_FILLED;
        }
        if (e.exchangeOrderId() != 0) s.exchangeOrderId = e.exchangeOrderId();
        if (next.isTerminal() && e.reason() != RejectReason.NONE) s.lastReason = e.reason();
        return TrackerResult.APPLIED;
    }

    /** The venue's pending-cancel ack (or a cancel the host did not send). */
    static TrackerResult pendingCancel(OrderSlot s) {
        OrderStatus st = s.status;
        if (st == OrderStatus.PENDING_NEW || st == OrderStatus.ACCEPTED || st == OrderStatus.PARTIALLY_FILLED) {
            s.resumeStatus = st;
            s.status = OrderStatus.PENDING_CANCEL;
            return TrackerResult.APPLIED;
        }
        if (st == OrderStatus.PENDING_CANCEL) return TrackerResult.DUPLICATE;
        return st.isTerminal() ? TrackerResult.STALE : TrackerResult.REFUSED_ILLEGAL_TRANSITION; // a late or replayed ack
    }

    /** CANCELED or EXPIRED ({@code target}); fills the report also carries are kept. */
    static TrackerResult ended(OrderSlot s, OrderStatus target, ExecutionEvent e) {
        OrderStatus st = s.status;
        if (st == target) return TrackerResult.DUPLICATE;
        if (!isLiveAtVenue(st)) return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
        long cum = e.cumulativeQuantityScaled();
        if (cum > s.quantityScaled) return TrackerResult.REFUSED_OVERFILL;
        if (cum > s.filledQuantityScaled) s.filledQuantityScaled = cum;
        s.status = target;
        s.lastReason = e.reason();
        return TrackerResult.APPLIED;
    }

    /** The venue refuses a cancel: the pending cancel resumes what it interrupted. */
    static TrackerResult cancelRejected(OrderSlot s, ExecutionEvent e) {
        OrderStatus st = s.status;
        if (st == OrderStatus.PENDING_CANCEL) {
            s.status = s.filledQuantityScaled > 0 ? OrderStatus.PARTIALLY_FILLED : s.resumeStatus;
            s.lastReason = e.reason();
            return TrackerResult.APPLIED;
        }
        if (st == OrderStatus.ACCEPTED || st == OrderStatus.PARTIALLY_FILLED || st.isTerminal()) {
            return TrackerResult.STALE; // already resolved (e.g. the order filled)
        }
        return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
    }

    /** The venue's pending-replace ack for the original. */
    static TrackerResult pendingReplace(OrderSlot s) {
        OrderStatus st = s.status;
        if (st == OrderStatus.PENDING_REPLACE) return TrackerResult.DUPLICATE;
        if (st == OrderStatus.ACCEPTED || st == OrderStatus.PARTIALLY_FILLED) {
            s.resumeStatus = st;
            s.status = OrderStatus.PENDING_REPLACE;
            return TrackerResult.APPLIED;
        }
        return st.isTerminal() ? TrackerResult.STALE : TrackerResult.REFUSED_ILLEGAL_TRANSITION;
    }

    // ------------------------------------------------------------------ venue reports on a replace (two orders)

    /** REPLACED, first step, on the new order {@code n}: APPLIED if it awaits this report; changes nothing. */
    static TrackerResult replacementAwaited(OrderSlot n, ExecutionEvent e) {
        if (n.origClientOrderId != e.origClientOrderId() || e.origClientOrderId() == 0) return TrackerResult.REFUSED_INVALID;
        if (n.status != OrderStatus.PENDING_REPLACE) {
            return n.status == OrderStatus.REJECTED ? TrackerResult.REFUSED_ILLEGAL_TRANSITION : TrackerResult.DUPLICATE;
        }
        return TrackerResult.APPLIED;
    }

    /**
     * REPLACED, second step, with the original {@code o} locked too: retires the original and
     * puts the new order live, or changes neither. Returns what happened to the pair.
     */
    static TrackerResult replaced(OrderSlot n, OrderSlot o, ExecutionEvent e, long nowNs) {
        if (o.status != OrderStatus.PENDING_REPLACE && o.status != OrderStatus.ACCEPTED && o.status != OrderStatus.PARTIALLY_FILLED) {
            return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
        }
        long qty = e.quantityScaled() > 0 ? e.quantityScaled() : n.quantityScaled;
        long filled = Math.max(o.filledQuantityScaled, e.cumulativeQuantityScaled());
        if (filled > qty) return TrackerResult.REFUSED_OVERFILL;
        o.status = OrderStatus.REPLACED;
        o.updatedNs = nowNs;
        if (e.priceScaled() > 0) n.priceScaled = e.priceScaled();
        n.quantityScaled = qty;
        n.filledQuantityScaled = filled;
        if (e.exchangeOrderId() != 0) n.exchangeOrderId = e.exchangeOrderId();
        n.status = filled == qty ? OrderStatus.FILLED : filled > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
        n.resumeStatus = n.status;
        return TrackerResult.APPLIED;
    }

    /** REPLACE_REJECTED on the new order {@code n}: it is rejected (the caller then resumes the original). */
    static TrackerResult replaceRejected(OrderSlot n, ExecutionEvent e) {
        if (n.status == OrderStatus.REJECTED) return TrackerResult.DUPLICATE;
        if (n.status != OrderStatus.PENDING_REPLACE || n.origClientOrderId != e.origClientOrderId()) {
            return TrackerResult.REFUSED_ILLEGAL_TRANSITION;
        }
        n.status = OrderStatus.REJECTED;
        n.lastReason = e.reason() == RejectReason.NONE ? RejectReason.VENUE_REJECT : e.reason();
        return TrackerResult.APPLIED;
    }

    /** The original of a rejected replace resumes, if it still waits for it: true if it changed. */
    static boolean replaceUndone(OrderSlot o, long nowNs) {
        if (o.status != OrderStatus.PENDING_REPLACE) return false; // it moved on meanwhile (filled, canceled)
        o.status = o.filledQuantityScaled > 0 ? OrderStatus.PARTIALLY_FILLED : o.resumeStatus;
        o.updatedNs = nowNs;
        return true;
    }
}
