/** Host services of Flox. Private: nothing here is exported; plugins see only flox.api. */
package flox.core;
