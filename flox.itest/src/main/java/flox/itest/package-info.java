/** Holder of the in-framework tests; the tests themselves are in src/test/java (the flox.itest-tests bundle). */
package flox.itest;
