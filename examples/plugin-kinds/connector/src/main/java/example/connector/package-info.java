/**
 * An example Flox exchange connector plugin: a random-walk venue that publishes books, trades and
 * its state for the symbols of its exchange. Private to the bundle (nothing is exported);
 * everything it uses comes from {@code flox.api}.
 */
package example.connector;
