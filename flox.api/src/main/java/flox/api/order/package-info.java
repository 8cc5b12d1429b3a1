/**
 * Orders: the gateway strategies send orders through ({@link flox.api.order.OrderGateway}), the
 * request flyweight, the order state view, the tracker and its result codes, reject reasons, and
 * the net positions per strategy id ({@link flox.api.order.StrategyPositions}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package flox.api.order;
