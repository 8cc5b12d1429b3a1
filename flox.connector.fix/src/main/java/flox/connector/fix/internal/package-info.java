/**
 * FIX 4.4 connector (QuickFIX/J): order entry and market data.
 *
 * <p>Not implemented yet: this bundle is built empty until its issue lands (none filed yet). Private
 * package; plugins import only flox.api.
 */
package flox.connector.fix.internal;
