/**
 * Clocks, injectable so tests and replays run on their own time: {@link flox.api.time.NanoClock}
 * gives the host's monotonic time (event receive times) and wall-clock time;
 * {@link flox.api.time.MarketClock} (1.1) is the host's clock when it follows a replayed market.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package flox.api.time;
