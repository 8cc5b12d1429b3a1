/**
 * Secrets (API keys, logon passwords) named by configuration, never held in it: see {@link flox.api.secret.Secrets}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package flox.api.secret;
