/**
 * Risk modules, in-line on the submission path: per-order limits (quantity, notional, price band
 * around mid), max position per strategy and symbol, order rate per strategy, and a kill switch
 * that cancels everything open and refuses new orders. Gogo: {@code flox:risk},
 * {@code flox:kill}, {@code flox:unkill}.
 *
 * <p>{@link flox.risk.internal.RiskEngine} holds the logic without OSGi; the DS components around
 * it ({@link flox.risk.internal.RiskComponent}, the two bus subscribers, the commands) only wire it.
 * Private package; the bundle imports only flox.api and OSGi.
 */
package flox.risk.internal;
