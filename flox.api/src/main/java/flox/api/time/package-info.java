/**
 * Clocks, injectable so tests and replays run on their own time: {@link flox.api.time.NanoClock}
 * gives the host's monotonic time (event receive times) and wall-clock time.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package flox.api.time;
