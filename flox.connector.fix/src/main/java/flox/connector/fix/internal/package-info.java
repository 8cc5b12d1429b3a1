/**
 * FIX 4.4 connector (QuickFIX/J 2.3.2, issue 15): order entry and execution reports.
 *
 * <p>Private package; the bundle imports flox.api and the JDK only: QuickFIX/J, MINA and SLF4J
 * are embedded on its own class path (bnd.bnd). See docs/ARCHITECTURE.md, "FIX connector".
 */
package flox.connector.fix.internal;
