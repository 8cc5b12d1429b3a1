/** In-framework tests of the Flox host. */
package flox.itest;
