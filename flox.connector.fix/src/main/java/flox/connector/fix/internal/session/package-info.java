/**
 * The QuickFIX/J initiator session of a FIX venue: settings, the application callbacks into the
 * order entry, the sending thread, session state and masked logs. Private package; see
 * docs/ARCHITECTURE.md, "FIX connector".
 */
package flox.connector.fix.internal.session;
