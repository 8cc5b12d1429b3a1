/** The bus engines: publishing, sync/inline and agent delivery, subscriptions, stop, monitor, status. Private to the bundle. */
package flox.bus.internal.delivery;
